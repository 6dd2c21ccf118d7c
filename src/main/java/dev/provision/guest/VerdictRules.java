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

    private VerdictRules() {}

    public static List<CheckResult> judge(GuestFacts facts, List<GuestCheck> checks, VmContext vm) {
        List<CheckResult> out = new ArrayList<>();
        for (GuestCheck check : checks) {
            out.add(switch (check) {
                case WINDOWS_EDITION -> edition(facts);
                case HYPERV -> hyperV(facts, vm);
                case VIRTUAL_MACHINE_PLATFORM -> feature(check, facts, GuestFacts.VIRTUAL_MACHINE_PLATFORM);
                case WSL -> feature(check, facts, GuestFacts.WSL);
                case WSL2_BOOT -> wsl2Boot(facts, vm);
            });
        }
        return out;
    }

    private static CheckResult edition(GuestFacts f) {
        String seen = f.windowsCaption() + " build " + f.windowsBuild();
        if (f.windowsServer() == null || f.windowsBuild() == null) {
            return CheckResult.fail(GuestCheck.WINDOWS_EDITION, "the probe did not report the Windows edition",
                    "rerun the probe; check that it runs elevated", null);
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
        if (!"Auto".equalsIgnoreCase(String.valueOf(f.hypervisorLaunchType()))) {
            return CheckResult.fail(GuestCheck.HYPERV, "the hypervisor launch type is "
                    + f.hypervisorLaunchType(), "run 'bcdedit /set hypervisorlaunchtype auto' and reboot", seen);
        }
        if (!"Running".equalsIgnoreCase(String.valueOf(f.vmcompute()))) {
            String cause = vm.nestedVirtualization()
                    ? "the Hyper-V compute service (vmcompute) is not running (0x80370114)"
                    : "nested virtualization is not exposed by the hypervisor, so Hyper-V cannot start";
            return CheckResult.fail(GuestCheck.HYPERV, cause, vm.nestedVirtualization()
                    ? "start the vmcompute service and check the System event log"
                    : "enable nested virtualization on the VM (provision apply)", seen);
        }
        return CheckResult.pass(GuestCheck.HYPERV, seen);
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
                    "rerun the probe; check that it runs elevated", null);
            default -> CheckResult.fail(check, name + " is off", "enable it (guest.enableFeatures: true, or "
                    + "Enable-WindowsOptionalFeature -Online -FeatureName " + name + ") and reboot", seen);
        };
    }

    private static CheckResult wsl2Boot(GuestFacts f, VmContext vm) {
        GuestFacts.DistroBoot boot = f.distro();
        if (boot == null) {
            return CheckResult.skipped(GuestCheck.WSL2_BOOT, "no distro boot was attempted: set guest.user and "
                    + "guest.password, since WSL cannot run as LocalSystem");
        }
        if (boot.bootedWsl2()) {
            return CheckResult.pass(GuestCheck.WSL2_BOOT, boot.name() + " booted kernel " + boot.kernel());
        }
        String error = boot.error() == null ? "kernel " + boot.kernel() : boot.error();
        return CheckResult.fail(GuestCheck.WSL2_BOOT, WslErrors.cause(error, vm), WslErrors.remedy(error, vm), error);
    }
}
