package dev.provision.armlab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The emulator's default guest: a Windows that answers provision's own guest scripts from the simulated VM's state,
 * in exactly the JSON the real scripts print, and reports the VM's facts as {@code Key=Value} lines for any other
 * script (as {@link StateReportingGuestAgent}).
 * <ul>
 * <li>the probe's system part: edition and build, the three features, hypervisor launch type, vmcompute, pending
 * reboot, what Store WSL's wsl.exe prints for {@code --version} (the one wsl.exe command that works as SYSTEM: the
 * WSL service refuses LocalSystem);</li>
 * <li>the probe's user part: as SYSTEM it fails as WSL does; as a user it boots the distro only when the size series
 * nests, the security type is Standard, VirtualMachinePlatform (and below Windows 11 WSL) is on and no reboot is
 * pending, and otherwise prints wsl.exe's real error (0x80370102, HCS_E_HYPERV_NOT_INSTALLED, 0x8007019e, no such distro);</li>
 * <li>the feature remediation: enables the listed features (EnablePending, reboot pending) and changes nothing
 * more when run again; a restart of the VM finishes them.</li>
 * </ul>
 * A script is recognised by its header line, not by its whole text, so a reworded comment does not break it.
 * Managed Run Command as a user first checks the user's password against the guest's accounts.
 */
public final class WindowsGuestAgent implements GuestAgent {
    static final String SYSTEM_MARKER = "provision guest probe, system part";
    static final String USER_MARKER = "provision guest probe, user part";
    static final String REMEDIATION_MARKER = "provision guest remediation: enable Windows features";
    /** What Azure reports when Windows refuses runAsUser/runAsPassword (Azure/azure-cli#21602). */
    public static final String LOGON_REFUSED = "Script cannot be executed with specified runAsUser/runAsPassword "
            + "parameters";
    static final String WSL2_KERNEL = "5.15.167.4-microsoft-standard-WSL2";
    /** Store WSL's wsl.exe, which the probe prefers: System32's cannot run in session 0 (microsoft/WSL#9231). */
    static final String WSL_EXE = "C:\\Program Files\\WSL\\wsl.exe";
    static final String WSL_VERSION_TEXT = "WSL version: 2.3.26.0 Kernel version: 5.15.167.4-1 WSLg version: 1.0.65 "
            + "MSRDC version: 1.2.5620 Direct3D version: 1.611.1-81528511 DXCore version: "
            + "10.0.26100.1-240331-1435.ge-release Windows version: 10.0.";
    static final String WSL_OFF = "The Windows Subsystem for Linux optional component is not enabled. Please enable "
            + "it and try again. See https://aka.ms/wslinstall for details. Error code: "
            + "Wsl/Service/CreateInstance/0x8007019e";
    static final String NO_NESTING = "Please enable the Virtual Machine Platform Windows feature and ensure "
            + "virtualization is enabled in the BIOS. For information please visit https://aka.ms/enablevirtualization "
            + "Error code: Wsl/Service/CreateInstance/CreateVm/HCS/0x80370102";
    static final String VIRTUALIZATION_OFF = "WSL2 is unable to start since virtualization is not enabled on this "
            + "machine. Please enable the \"Virtual Machine Platform\" optional component and ensure virtualization is "
            + "enabled in the BIOS. Enable \"Virtual Machine Platform\" by running: wsl.exe --install "
            + "--no-distribution For information please visit https://aka.ms/enablevirtualization";
    static final String HCS_NOT_INSTALLED = VIRTUALIZATION_OFF
            + " Error code: Wsl/Service/CreateInstance/CreateVm/HCS/HCS_E_HYPERV_NOT_INSTALLED";
    static final String NO_DISTRO = "There is no distribution with the supplied name. Error code: "
            + "Wsl/Service/WSL_E_DISTRO_NOT_FOUND";

    /** The $Limit tables of probe-system.ps1 and probe-user.ps1. */
    private static final Map<String, Integer> SYSTEM_LIMITS = Map.of("caption", 80, "edition", 40,
            "versionText", 300, "errors", 160, "other", 48);
    private static final Map<String, Integer> USER_LIMITS = Map.of("user", 80, "distro", 64, "output", 300,
            "stderr", 300, "errors", 160, "other", 48);
    /** The transport binds the parameter after the script block: {@code } -Distro 'Ubuntu'}. */
    private static final Pattern DISTRO = Pattern.compile("}\\s*-Distro\\s+'((?:[^']|'')*)'\\s*$");
    private static final Pattern FEATURES = Pattern.compile("}\\s*-Features\\s+@\\(([^)]*)\\)\\s*$");
    private static final Pattern QUOTED = Pattern.compile("'((?:[^']|'')*)'");

    private final GuestAgent others = new StateReportingGuestAgent();
    private final boolean platformSignals;

    /** The Windows of an Azure VM: it reports Azure's platform signals (Hyper-V firmware, VM agent). */
    public WindowsGuestAgent() {
        this(true);
    }

    private WindowsGuestAgent(boolean platformSignals) {
        this.platformSignals = platformSignals;
    }

    /**
     * The same Windows on no particular platform (provision's lab): it reports no platform or VDI signals, and not
     * which wsl.exe ran, as a simulated guest that is no cloud's and has no install of its own to describe.
     */
    public static WindowsGuestAgent withoutPlatformSignals() {
        return new WindowsGuestAgent(false);
    }

    @Override
    public GuestScriptResult run(GuestScript script) {
        String text = String.join("\n", script.script());
        if (script.managed() && script.runAsUser() != null
                && !script.guest().logsOn(script.runAsUser(), script.runAsPassword())) {
            return GuestScriptResult.notRun(LOGON_REFUSED);
        }
        if (text.contains(SYSTEM_MARKER)) {
            return GuestScriptResult.ok(system(script, platformSignals) + "\n");
        }
        if (text.contains(USER_MARKER)) {
            Matcher distro = DISTRO.matcher(text.strip());
            if (!distro.find()) {
                return new GuestScriptResult("", "Cannot process command because of one or more missing mandatory "
                        + "parameters: Distro.", 1);
            }
            return GuestScriptResult.ok(user(script, distro.group(1).replace("''", "'"), platformSignals) + "\n");
        }
        if (text.contains(REMEDIATION_MARKER)) {
            Matcher features = FEATURES.matcher(text.strip());
            if (!features.find()) {
                return new GuestScriptResult("", "Cannot process command because of one or more missing mandatory "
                        + "parameters: Features.", 1);
            }
            return GuestScriptResult.ok(enable(script, quoted(features.group(1))) + "\n");
        }
        return others.run(script);
    }

    /** Whether a hypervisor can start in this guest: nesting exposed, and not under Trusted Launch. */
    private static boolean hypervisorCanStart(GuestScript script) {
        return script.nestedVirtualization() && script.vm().securityType() == SecurityType.STANDARD;
    }

    private static String system(GuestScript script, boolean platformSignals) {
        WindowsGuest guest = script.guest();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("probe", "provision");
        doc.put("probeVersion", 1);
        doc.put("part", "system");
        doc.put("caption", guest.edition().caption);
        doc.put("edition", guest.edition().editionId);
        doc.put("build", guest.edition().build);
        doc.put("productType", guest.edition().productType);
        Map<String, Object> features = new LinkedHashMap<>();
        WindowsGuest.FEATURES.forEach(f -> features.put(f, guest.feature(f)));
        doc.put("features", features);
        // Hyper-V and Virtual Machine Platform both set the boot entry to launch the hypervisor and bring vmcompute.
        boolean platform = guest.featureOn(WindowsGuest.HYPERV) || guest.featureOn(WindowsGuest.VIRTUAL_MACHINE_PLATFORM);
        doc.put("hypervisorLaunchType", platform ? "Auto" : "NotSet");
        doc.put("vmcompute", !platform ? "Absent" : hypervisorCanStart(script) ? "Running" : "Stopped");
        doc.put("hostServices", platform ? List.of() : List.of("HNS Absent"));
        doc.put("rebootReasons", guest.rebootPending() ? List.of("ComponentBasedServicing") : List.of());
        // --version prints the versions compiled into wsl.exe, whatever the features: it never asks the service.
        Map<String, Object> wsl = new LinkedHashMap<>();
        wsl.put("present", true);
        if (platformSignals) {
            wsl.put("exe", WSL_EXE);
        }
        wsl.put("versionExit", 0);
        wsl.put("versionText", WSL_VERSION_TEXT + guest.edition().build + ".4460");
        doc.put("wsl", wsl);
        Map<String, Object> docker = new LinkedHashMap<>();
        docker.put("installed", false);
        docker.put("version", null);
        doc.put("dockerDesktop", docker);
        doc.put("computer", computerName(script));
        if (platformSignals) {
            doc.put("platform", azurePlatform());
            Map<String, Object> vdi = new LinkedHashMap<>();
            vdi.put("markers", List.of());
            vdi.put("pvsWriteCacheType", null);
            vdi.put("dockerUsers", 0);
            doc.put("vdi", vdi);
        }
        doc.put("errors", List.of());
        return ProbeJson.write(doc, "other", SYSTEM_LIMITS);
    }

    /**
     * Whether WSL's service accepts a user: below Windows 11 (build 22000) only with its optional component on
     * (microsoft/WSL src/windows/service/exe/LxssUserSessionFactory.cpp); on Windows 11 the Store WSL that Docker
     * Desktop installs runs without it, and the emulator takes it as installed there.
     */
    private static boolean wslRuns(WindowsGuest guest) {
        return guest.featureOn(WindowsGuest.WSL) || guest.edition().build >= 22000;
    }

    private static String user(GuestScript script, String distro, boolean platformSignals) {
        WindowsGuest guest = script.guest();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("probe", "provision");
        doc.put("probeVersion", 1);
        doc.put("part", "user");
        boolean system = script.runAsUser() == null;
        doc.put("user", system ? "NT AUTHORITY\\SYSTEM" : computerName(script) + "\\" + localName(script.runAsUser()));
        doc.put("localSystem", system);
        doc.put("distro", distro);
        doc.put("wslExe", system || !platformSignals ? null : WSL_EXE);
        List<String> errors = new ArrayList<>();
        Integer exit = null;
        String output = null;
        if (system) {
            errors.add("wsl: runs as LocalSystem or as an unknown user, and WSL cannot run as LocalSystem");
        } else {
            exit = -1;
            if (!wslRuns(guest)) {
                output = WSL_OFF;
            } else if (!guest.hasDistro(distro)) {
                output = NO_DISTRO;
            } else if (!guest.featureOn(WindowsGuest.VIRTUAL_MACHINE_PLATFORM) || guest.rebootPending()) {
                output = HCS_NOT_INSTALLED;
            } else if (!hypervisorCanStart(script)) {
                output = NO_NESTING;
            } else {
                exit = 0;
                output = WSL2_KERNEL;
            }
        }
        doc.put("exitCode", exit);
        doc.put("output", output);
        // WSL_DISABLE_WARNINGS=1: nothing on stderr.
        doc.put("stderr", system ? null : "");
        doc.put("errors", errors);
        return ProbeJson.write(doc, "other", USER_LIMITS);
    }

    /** Enable-WindowsOptionalFeature -NoRestart for each feature not on yet; what enable-features.ps1 prints. */
    private static String enable(GuestScript script, List<String> names) {
        WindowsGuest guest = script.guest();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("remediation", "provision");
        doc.put("remediationVersion", 1);
        Map<String, Object> states = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        for (String name : names) {
            if (!WindowsGuest.FEATURES.contains(name)) {
                errors.add(name + ": Feature name " + name + " is unknown.");
                continue;
            }
            guest.enable(name);
            states.put(name, guest.feature(name));
        }
        doc.put("features", states);
        doc.put("restartNeeded", guest.rebootPending());
        doc.put("errors", errors);
        return ProbeJson.write(doc, "other", Map.of("other", 160));
    }

    private static List<String> quoted(String list) {
        List<String> out = new ArrayList<>();
        Matcher m = QUOTED.matcher(list);
        while (m.find()) {
            out.add(m.group(1).replace("''", "'"));
        }
        return out;
    }

    /** What a Windows guest on Azure reports about its platform: Hyper-V firmware, integration services, VM agent. */
    private static Map<String, Object> azurePlatform() {
        Map<String, Object> platform = new LinkedHashMap<>();
        platform.put("manufacturer", "Microsoft Corporation");
        platform.put("model", "Virtual Machine");
        platform.put("biosVendor", "Microsoft Corporation");
        platform.put("biosVersion", "Hyper-V UEFI Release v4.1");
        platform.put("hypervisorPresent", true);
        platform.put("markers", List.of("vmic", "azagent", "aztag"));
        return platform;
    }

    /** Azure sets the computer name from the VM name, at most 15 characters; Windows shows it upper case. */
    private static String computerName(GuestScript script) {
        String name = script.vm().name().toUpperCase(Locale.ROOT);
        return name.length() > 15 ? name.substring(0, 15) : name;
    }

    private static String localName(String user) {
        int slash = user.lastIndexOf('\\');
        return slash >= 0 ? user.substring(slash + 1) : user;
    }
}
