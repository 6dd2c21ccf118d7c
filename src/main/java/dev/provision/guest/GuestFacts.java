package dev.provision.guest;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the probe found inside one Windows guest. A null field means "not observed", which is never read as good
 * news: a check whose evidence is missing does not pass.
 *
 * @param features             Windows optional features by name (Microsoft-Hyper-V-All, VirtualMachinePlatform,
 *                             Microsoft-Windows-Subsystem-Linux)
 * @param hypervisorLaunchType bcdedit's hypervisorlaunchtype: Auto, Off
 * @param vmcompute            the Hyper-V Host Compute Service: Running, Stopped, Absent
 * @param wslVersion           from {@code wsl --version}; null when wsl.exe is missing or too old to say
 * @param distro               the WSL 2 boot attempt, or null when none was made
 */
public record GuestFacts(String windowsCaption, String windowsEdition, Integer windowsBuild, Boolean windowsServer,
                         Map<String, FeatureState> features, String hypervisorLaunchType, String vmcompute,
                         Boolean rebootPending, String wslVersion, DistroBoot distro, String dockerDesktopVersion) {
    public static final String HYPERV = "Microsoft-Hyper-V-All";
    public static final String VIRTUAL_MACHINE_PLATFORM = "VirtualMachinePlatform";
    public static final String WSL = "Microsoft-Windows-Subsystem-Linux";

    public GuestFacts {
        features = features == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(features));
    }

    public FeatureState feature(String name) {
        return features.getOrDefault(name, FeatureState.UNKNOWN);
    }

    /**
     * The attempt to boot a WSL 2 distro as a user.
     *
     * @param kernel what {@code uname -r} printed, e.g. 5.15.167.4-microsoft-standard-WSL2; null when it failed
     * @param error  what wsl.exe printed when it failed, decoded; null when it booted
     */
    public record DistroBoot(String name, String kernel, String error) {
        public boolean bootedWsl2() {
            return kernel != null && kernel.contains("-microsoft-standard-WSL2");
        }
    }
}
