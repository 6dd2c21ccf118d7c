package dev.provision.guest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the probe found inside one Windows guest. A null field means "not observed", which is never read as good
 * news: a check whose evidence is missing does not pass.
 *
 * @param features             Windows optional features by name (Microsoft-Hyper-V-All, VirtualMachinePlatform,
 *                             Microsoft-Windows-Subsystem-Linux)
 * @param hypervisorLaunchType bcdedit's hypervisorlaunchtype: Auto, Off
 * @param vmcompute            the Hyper-V Host Compute Service: Running, Stopped (its normal state: it starts on
 *                             demand), Disabled, Absent
 * @param wslVersion           from {@code wsl --version}; null when wsl.exe is missing or too old to say
 * @param distro               the WSL 2 boot attempt, or null when none was made
 * @param probeErrors          what the probe could not read, one "section: message" each (e.g. "features: Access
 *                             is denied"), so a check that lacks evidence can say why
 * @param platform             what the guest shows of the machine beneath it; null when not probed
 * @param vdi                  what the guest shows of the kind of desktop it is; null when not probed
 * @param wslExe               the wsl.exe the system part ran (Store WSL's or System32's); null when none or not said
 * @param hostServices         the other services WSL needs (HNS, and vfpext from build 22621) that are absent or
 *                             disabled, e.g. "HNS Absent"; empty when all are there, null when not observed
 */
public record GuestFacts(String windowsCaption, String windowsEdition, Integer windowsBuild, Boolean windowsServer,
                         Map<String, FeatureState> features, String hypervisorLaunchType, String vmcompute,
                         Boolean rebootPending, String wslVersion, DistroBoot distro, String dockerDesktopVersion,
                         List<String> probeErrors, PlatformFacts platform, VdiFacts vdi, String wslExe,
                         List<String> hostServices) {
    public static final String HYPERV = "Microsoft-Hyper-V-All";
    public static final String VIRTUAL_MACHINE_PLATFORM = "VirtualMachinePlatform";
    public static final String WSL = "Microsoft-Windows-Subsystem-Linux";

    public GuestFacts {
        features = features == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(features));
        probeErrors = probeErrors == null ? List.of() : List.copyOf(probeErrors);
        hostServices = hostServices == null ? null : List.copyOf(hostServices);
    }

    /** Facts without saying which wsl.exe ran nor the other host services: a simulated guest that has only one. */
    public GuestFacts(String windowsCaption, String windowsEdition, Integer windowsBuild, Boolean windowsServer,
                      Map<String, FeatureState> features, String hypervisorLaunchType, String vmcompute,
                      Boolean rebootPending, String wslVersion, DistroBoot distro, String dockerDesktopVersion,
                      List<String> probeErrors, PlatformFacts platform, VdiFacts vdi) {
        this(windowsCaption, windowsEdition, windowsBuild, windowsServer, features, hypervisorLaunchType, vmcompute,
                rebootPending, wslVersion, distro, dockerDesktopVersion, probeErrors, platform, vdi, null, null);
    }

    /** Facts without the platform and VDI signals: a probe or a simulated guest that does not report them. */
    public GuestFacts(String windowsCaption, String windowsEdition, Integer windowsBuild, Boolean windowsServer,
                      Map<String, FeatureState> features, String hypervisorLaunchType, String vmcompute,
                      Boolean rebootPending, String wslVersion, DistroBoot distro, String dockerDesktopVersion,
                      List<String> probeErrors) {
        this(windowsCaption, windowsEdition, windowsBuild, windowsServer, features, hypervisorLaunchType, vmcompute,
                rebootPending, wslVersion, distro, dockerDesktopVersion, probeErrors, null, null);
    }

    /** Facts from a probe that reported no errors, nor platform and VDI signals. */
    public GuestFacts(String windowsCaption, String windowsEdition, Integer windowsBuild, Boolean windowsServer,
                      Map<String, FeatureState> features, String hypervisorLaunchType, String vmcompute,
                      Boolean rebootPending, String wslVersion, DistroBoot distro, String dockerDesktopVersion) {
        this(windowsCaption, windowsEdition, windowsBuild, windowsServer, features, hypervisorLaunchType, vmcompute,
                rebootPending, wslVersion, distro, dockerDesktopVersion, List.of());
    }

    /** The probe errors of the given sections (the part before the colon), joined; null when there are none. */
    public String probeErrorsAbout(String... sections) {
        List<String> found = new ArrayList<>();
        for (String error : probeErrors) {
            for (String section : sections) {
                if (error.startsWith(section + ":")) {
                    found.add(error);
                }
            }
        }
        return found.isEmpty() ? null : String.join("; ", found);
    }

    public FeatureState feature(String name) {
        return features.getOrDefault(name, FeatureState.UNKNOWN);
    }

    /**
     * The attempt to boot a WSL 2 distro as a user.
     *
     * @param kernel what {@code uname -r} printed, e.g. 5.15.167.4-microsoft-standard-WSL2; null when it failed
     * @param error    what wsl.exe printed when it failed, decoded; null when it booted
     * @param wslExe   the wsl.exe that ran the boot; null when not reported
     * @param warnings what wsl.exe printed on stderr (its 'wsl: ...' warnings), kept as evidence; null when nothing
     */
    public record DistroBoot(String name, String kernel, String error, String wslExe, String warnings) {
        /** A boot reported without the wsl.exe that ran it and without warnings. */
        public DistroBoot(String name, String kernel, String error) {
            this(name, kernel, error, null, null);
        }

        /** What the evidence of the boot adds to its outcome: which wsl.exe ran it, and its warnings. */
        public String context() {
            String ran = wslExe == null ? "" : " (" + wslExe + ")";
            return warnings == null ? ran : ran + "; wsl.exe warned: " + warnings;
        }

        /**
         * True when the kernel is a Microsoft WSL 2 kernel. Since 5.10 they end in -microsoft-standard-WSL2; the
         * 4.19 and 5.4 kernels of earlier WSL 2 releases end in -microsoft-standard. (WSL 1 has no kernel and
         * answers a fixed 4.4.0-BUILD-Microsoft.)
         */
        public boolean bootedWsl2() {
            return kernel != null && kernel.toLowerCase(Locale.ROOT).contains("-microsoft-standard");
        }
    }
}
