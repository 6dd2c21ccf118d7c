package dev.provision.guest;

import dev.provision.spec.GuestCheck;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns what the probe saw into a verdict per check. The rule throughout: a check passes only on positive
 * evidence, and a failure names its most likely cause with what to do.
 */
public final class VerdictRules {
    /** Docker Desktop's floor: Windows 10 22H2. */
    static final int MIN_BUILD = 19045;
    /** Docker Desktop's floor for WSL (its Windows install page). */
    static final String MIN_WSL = "2.1.5";
    private static final String LAUNCH_TYPE_REMEDY = "run 'bcdedit /set hypervisorlaunchtype auto' and reboot";

    private VerdictRules() {}

    public static List<CheckResult> judge(GuestFacts facts, List<GuestCheck> checks, VmContext vm) {
        List<CheckResult> out = new ArrayList<>();
        for (GuestCheck check : checks) {
            out.add(switch (check) {
                case WINDOWS_EDITION -> edition(facts);
                case HYPERV -> hyperV(facts, vm);
                case VIRTUAL_MACHINE_PLATFORM -> feature(check, facts, GuestFacts.VIRTUAL_MACHINE_PLATFORM);
                case WSL -> wsl(facts);
                case WSL2_BOOT -> wsl2Boot(facts, vm);
                case PLATFORM -> PlatformVerdicts.platform(facts);
                case VDI -> PlatformVerdicts.vdi(facts);
            });
        }
        return out;
    }

    private static CheckResult edition(GuestFacts f) {
        String seen = f.windowsCaption() + " build " + f.windowsBuild();
        if (f.windowsServer() == null || f.windowsBuild() == null) {
            return CheckResult.fail(GuestCheck.WINDOWS_EDITION, "the probe did not report the Windows edition",
                    "rerun the probe; check that it runs elevated", f.probeErrorsAbout("os"));
        }
        if (VdiSignals.MULTI_SESSION_EDITION.equalsIgnoreCase(f.windowsEdition())) {
            // Enterprise multi-session reports ProductType 3 like Server, but it is a client Windows made for several
            // users at once: the vdi rule (one Docker Desktop per machine) is what it breaks, not the edition rule.
            return new CheckResult(GuestCheck.WINDOWS_EDITION, Verdict.WARN, "Windows Enterprise multi-session: "
                    + "several users share this machine, and Docker does not support several Docker Desktop instances "
                    + "on one machine", "give each Docker Desktop user a single-session desktop (Windows 10/11 Pro, "
                    + "Enterprise or Education)", seen + ", EditionID " + f.windowsEdition());
        }
        if (f.windowsServer()) {
            return CheckResult.fail(GuestCheck.WINDOWS_EDITION, "Windows Server is not supported by Docker Desktop",
                    "use Windows 10 22H2 / Windows 11 23H2 or later, Pro, Enterprise or Education", seen);
        }
        if (f.windowsBuild() < MIN_BUILD) {
            return CheckResult.fail(GuestCheck.WINDOWS_EDITION, "Windows build " + f.windowsBuild()
                    + " is older than Docker Desktop supports (19045)", "update Windows", seen);
        }
        return CheckResult.pass(GuestCheck.WINDOWS_EDITION, seen);
    }

    private static CheckResult hyperV(GuestFacts f, VmContext vm) {
        CheckResult featureResult = feature(GuestCheck.HYPERV, f, GuestFacts.HYPERV);
        if (featureResult.verdict() != Verdict.PASS) {
            return featureResult;
        }
        String seen = "hypervisorlaunchtype " + f.hypervisorLaunchType() + ", vmcompute " + f.vmcompute();
        if (f.hypervisorLaunchType() == null) {
            return CheckResult.fail(GuestCheck.HYPERV, "the probe did not report the hypervisor launch type",
                    "rerun the probe; check that it runs elevated", f.probeErrorsAbout("hypervisor"));
        }
        if (!"Auto".equalsIgnoreCase(f.hypervisorLaunchType())) {
            return CheckResult.fail(GuestCheck.HYPERV, launchTypeCause(f.hypervisorLaunchType()),
                    LAUNCH_TYPE_REMEDY, seen);
        }
        if (f.vmcompute() == null) {
            return CheckResult.fail(GuestCheck.HYPERV, "the probe did not report the vmcompute service",
                    "rerun the probe; check that it runs elevated", f.probeErrorsAbout("vmcompute"));
        }
        if (PlatformVerdicts.withoutNesting(f)) {
            return CheckResult.fail(GuestCheck.HYPERV, PlatformVerdicts.CITRIX_CAUSE, PlatformVerdicts.OFFLOAD_REMEDY,
                    seen);
        }
        if (vm.hypervisorAsked() && !vm.nestedVirtualization()) {
            return CheckResult.fail(GuestCheck.HYPERV, "nested virtualization is not exposed by the hypervisor, so "
                    + "Hyper-V cannot start", "enable nested virtualization on the VM (provision apply)", seen);
        }
        CheckResult services = hostServices(f, seen);
        if (services != null) {
            return services;
        }
        return CheckResult.pass(GuestCheck.HYPERV, "Stopped".equalsIgnoreCase(f.vmcompute())
                ? seen + " (it starts on demand; wsl2-boot proves that it runs)" : seen);
    }

    /**
     * WSL checks only that vmcompute and HNS exist, and vfpext from build 22621 (microsoft/WSL wslutil.cpp):
     * vmcompute starts on demand, so Stopped is its normal state. Absent or disabled, nothing can start them.
     * Null when all are there.
     */
    private static CheckResult hostServices(GuestFacts f, String seen) {
        List<String> broken = new ArrayList<>();
        if ("Absent".equalsIgnoreCase(f.vmcompute()) || "Disabled".equalsIgnoreCase(f.vmcompute())) {
            broken.add("vmcompute " + f.vmcompute());
        }
        if (f.hostServices() != null) {
            broken.addAll(f.hostServices());
        }
        if (broken.isEmpty()) {
            return null;
        }
        String what = String.join(", ", broken);
        boolean onlyDisabled = broken.stream().allMatch(b -> b.endsWith(" Disabled"));
        String remedy = onlyDisabled ? "set their start type back to Manual (Set-Service <name> -StartupType Manual)"
                : "repair the features: disable " + GuestFacts.VIRTUAL_MACHINE_PLATFORM + " and " + GuestFacts.HYPERV
                + ", reboot, enable them again and reboot";
        return CheckResult.fail(GuestCheck.HYPERV, "services that WSL 2 and Hyper-V need cannot start (" + what + ")",
                remedy, seen + (f.hostServices() == null || f.hostServices().isEmpty() ? "" : ", " + what));
    }

    private static CheckResult feature(GuestCheck check, GuestFacts f, String name) {
        FeatureState state = f.feature(name);
        String seen = name + " " + state.name().toLowerCase();
        return switch (state) {
            case ENABLED -> Boolean.TRUE.equals(f.rebootPending())
                    ? CheckResult.fail(check, "a reboot is pending", "restart the VM", seen + ", reboot pending")
                    : CheckResult.pass(check, seen);
            case ENABLE_PENDING -> CheckResult.fail(check, name + " is enabled but waits for a reboot",
                    "restart the VM", seen);
            case UNKNOWN -> CheckResult.fail(check, "the probe did not report " + name,
                    "rerun the probe; check that it runs elevated", f.probeErrorsAbout("features"));
            default -> CheckResult.fail(check, name + " is off", "enable it (guest.enableFeatures: true, or "
                    + "Enable-WindowsOptionalFeature -Online -FeatureName " + name + ") and reboot", seen);
        };
    }

    private static CheckResult wsl2Boot(GuestFacts f, VmContext vm) {
        GuestFacts.DistroBoot boot = f.distro();
        if (boot == null) {
            return CheckResult.skipped(GuestCheck.WSL2_BOOT, vm.hypervisorAsked() ? "no distro boot was attempted: "
                    + "set guest.user and guest.password, since WSL cannot run as LocalSystem" : "no distro boot was "
                    + "attempted: run the probe's user part (" + ProbePart.USER.script() + ") as the distro's user");
        }
        String booted = boot.name() + " booted kernel " + boot.kernel() + boot.context();
        if (boot.bootedWsl2()) {
            return CheckResult.pass(GuestCheck.WSL2_BOOT, booted);
        }
        if (boot.kernel() != null && WslText.isWsl1Kernel(boot.kernel())) {
            return CheckResult.fail(GuestCheck.WSL2_BOOT, "the distro runs as WSL 1, not WSL 2",
                    "run 'wsl --set-version " + boot.name() + " 2' as the guest user", booted);
        }
        if (boot.kernel() != null) {
            // Only WSL 2 boots a real kernel, but not one of Microsoft's: a custom kernel set in .wslconfig.
            return new CheckResult(GuestCheck.WSL2_BOOT, Verdict.WARN, "the distro booted a kernel that is not "
                    + "Microsoft's WSL 2 kernel", "check the kernel setting in the user's .wslconfig", booted);
        }
        String error = boot.error() == null ? "no kernel and no error reported" : boot.error();
        String seen = error + boot.context();
        boolean noVirtualization = WslErrors.virtualizationMissing(error);
        CheckResult byPlatform = noVirtualization ? PlatformVerdicts.noVirtualization(f, error, false) : null;
        if (byPlatform != null) {
            return byPlatform;
        }
        if (noVirtualization && vm.nestedVirtualization() && !vm.nestingBlocked()) {
            // The hypervisor exposes virtualization, so the guest's own settings are next; the probe saw them.
            FeatureState platform = f.feature(GuestFacts.VIRTUAL_MACHINE_PLATFORM);
            if (platform == FeatureState.ENABLE_PENDING) {
                return CheckResult.fail(GuestCheck.WSL2_BOOT, GuestFacts.VIRTUAL_MACHINE_PLATFORM
                        + " is enabled but waits for a reboot", "restart the VM", seen);
            }
            if (platform != FeatureState.ENABLED && platform != FeatureState.UNKNOWN) {
                return CheckResult.fail(GuestCheck.WSL2_BOOT, GuestFacts.VIRTUAL_MACHINE_PLATFORM + " is off",
                        "enable " + GuestFacts.VIRTUAL_MACHINE_PLATFORM + " and reboot", seen);
            }
            String launch = f.hypervisorLaunchType();
            if (launch != null && !"Auto".equalsIgnoreCase(launch)) {
                return CheckResult.fail(GuestCheck.WSL2_BOOT, launchTypeCause(launch), LAUNCH_TYPE_REMEDY, seen);
            }
            byPlatform = PlatformVerdicts.noVirtualization(f, error, true);
            if (byPlatform != null) {
                return byPlatform;
            }
        }
        return CheckResult.fail(GuestCheck.WSL2_BOOT, WslErrors.cause(error, vm), WslErrors.remedy(error, vm), seen);
    }

    /**
     * The WSL optional component where {@link RequiredFeatures} says it is needed (below Windows 11, or for WSL 1),
     * then wsl.exe's version: Docker Desktop needs WSL 2.1.5 or later. The WSL built into older
     * Windows does not know {@code --version}; that is a warning, since the system part cannot tell more.
     */
    private static CheckResult wsl(GuestFacts f) {
        CheckResult featureResult = RequiredFeatures.wslComponentNeeded(f) ? feature(GuestCheck.WSL, f, GuestFacts.WSL)
                : CheckResult.pass(GuestCheck.WSL, GuestFacts.WSL + " not needed on Windows 11 (build "
                + f.windowsBuild() + ") for WSL 2");
        if (featureResult.verdict() != Verdict.PASS) {
            return featureResult;
        }
        String version = f.wslVersion();
        if (version == null) {
            String errors = f.probeErrorsAbout("wsl");
            return new CheckResult(GuestCheck.WSL, Verdict.WARN, "wsl.exe did not report its version, so it may "
                    + "be older than Docker Desktop needs (" + MIN_WSL + ")", "run 'wsl --update' in the guest",
                    featureResult.evidence() + (errors == null ? "" : "; " + errors));
        }
        String seen = featureResult.evidence() + ", WSL " + version
                + (f.wslExe() == null ? "" : " (" + f.wslExe() + ")");
        if (WslText.compareVersions(version, MIN_WSL) < 0) {
            return CheckResult.fail(GuestCheck.WSL, "WSL " + version + " is older than Docker Desktop needs ("
                    + MIN_WSL + ")", "run 'wsl --update' in the guest", seen);
        }
        return CheckResult.pass(GuestCheck.WSL, seen);
    }

    /** bcdedit prints Off, or nothing (the probe says NotSet) when the boot entry never launches the hypervisor. */
    private static String launchTypeCause(String launchType) {
        return "NotSet".equalsIgnoreCase(launchType)
                ? "the boot entry does not launch the hypervisor (no hypervisorlaunchtype)"
                : "the hypervisor launch type is " + launchType;
    }
}
