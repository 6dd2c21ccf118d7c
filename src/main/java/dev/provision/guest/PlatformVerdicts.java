package dev.provision.guest;

import dev.provision.spec.GuestCheck;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Docker's VM/VDI support matrix, applied to what the guest shows: VMware ESXi and Azure are supported; Citrix
 * Hypervisor/XenServer has no nested virtualization (use Docker Offload there); Nutanix works wherever WSL 2 works;
 * persistent VDI is supported, non-persistent VDI and several Docker Desktop instances on one machine are not.
 */
final class PlatformVerdicts {
    static final String CITRIX_CAUSE = "nested virtualization is not available on this hypervisor (Citrix "
            + "Hypervisor/XenServer) — use Docker Offload";
    static final String OFFLOAD_REMEDY = "use Docker Offload (Docker's cloud engine, which needs no nested "
            + "virtualization), or move the desktop to a hypervisor with nested virtualization (VMware ESXi, Azure)";
    private static final String SUPPORTED = "VMware ESXi, Azure";

    private PlatformVerdicts() {}

    static CheckResult platform(GuestFacts f) {
        if (f.platform() == null) {
            return notProbed(GuestCheck.PLATFORM, f, "platform", "platform");
        }
        Platform p = Platform.identify(f.platform());
        String seen = p.describe();
        return switch (p.kind()) {
            case VMWARE, AZURE, HYPERV, PHYSICAL -> CheckResult.pass(GuestCheck.PLATFORM, seen);
            case CITRIX_HYPERVISOR -> CheckResult.fail(GuestCheck.PLATFORM, CITRIX_CAUSE, OFFLOAD_REMEDY, seen);
            case NUTANIX_AHV -> nutanix(f, seen);
            case XEN -> warn(p.name() + " is not among the hypervisors Docker supports Docker Desktop on (" + SUPPORTED
                    + "), and Citrix Hypervisor/XenServer, the usual Xen under VDI, has no nested virtualization",
                    "if WSL 2 does not boot (wsl2-boot), use Docker Offload", seen);
            case KVM, OTHER_VM -> warn(p.name() + " is not among the hypervisors Docker supports Docker Desktop on ("
                    + SUPPORTED + ")", "Docker Desktop works there only if the VM gets nested virtualization and WSL "
                    + "2 boots (wsl2-boot); otherwise use Docker Offload", seen);
            case UNKNOWN -> warn("the platform could not be identified from inside the guest", "ask the desktop "
                    + "team which hypervisor runs this desktop: Docker supports " + SUPPORTED + "; on Citrix "
                    + "Hypervisor/XenServer use Docker Offload", seen);
        };
    }

    /** Docker: Nutanix VDI works wherever WSL 2 works. So the boot decides. */
    private static CheckResult nutanix(GuestFacts f, String seen) {
        GuestFacts.DistroBoot boot = f.distro();
        if (boot == null) {
            return warn("Nutanix AHV runs Docker Desktop only where WSL 2 works, and no WSL 2 boot was attempted",
                    "attempt a WSL 2 boot (the probe's user part) so that the wsl2-boot check can tell", seen);
        }
        if (boot.bootedWsl2()) {
            return CheckResult.pass(GuestCheck.PLATFORM, seen + "; WSL 2 boots, which is what Docker asks on Nutanix");
        }
        return CheckResult.fail(GuestCheck.PLATFORM, "Nutanix AHV runs Docker Desktop only where WSL 2 works, and "
                + "WSL 2 does not boot here", "see wsl2-boot for the guest's side; ask the AHV administrator to "
                + "enable nested virtualization (CPU passthrough) for this VM, or use Docker Offload", seen);
    }

    /** True on a hypervisor that has no nested virtualization at all: Citrix Hypervisor/XenServer. */
    static boolean withoutNesting(GuestFacts f) {
        return f.platform() != null
                && Platform.identify(f.platform()).kind() == Platform.Kind.CITRIX_HYPERVISOR;
    }

    /**
     * A WSL 2 boot that found no virtualization, as the platform explains it; null when it explains nothing. Citrix
     * Hypervisor explains it whatever the guest's own settings; Xen and Nutanix AHV once those are ruled out.
     */
    static CheckResult noVirtualization(GuestFacts f, String error, boolean guestSettingsRuledOut) {
        if (f.platform() == null) {
            return null;
        }
        if (withoutNesting(f)) {
            return CheckResult.fail(GuestCheck.WSL2_BOOT, CITRIX_CAUSE, OFFLOAD_REMEDY, error);
        }
        Platform p = Platform.identify(f.platform());
        if (!guestSettingsRuledOut) {
            return null;
        }
        if (p.kind() == Platform.Kind.XEN) {
            return CheckResult.fail(GuestCheck.WSL2_BOOT, "nested virtualization is not available on this Xen-based "
                    + "hypervisor — use Docker Offload", OFFLOAD_REMEDY, error);
        }
        if (p.kind() == Platform.Kind.NUTANIX_AHV) {
            return CheckResult.fail(GuestCheck.WSL2_BOOT, "Nutanix AHV does not expose nested virtualization to "
                    + "this VM", "ask the AHV administrator to enable nested virtualization (CPU passthrough) for "
                    + "this VM, or use Docker Offload", error);
        }
        return null;
    }

    static CheckResult vdi(GuestFacts f) {
        if (f.vdi() == null) {
            return notProbed(GuestCheck.VDI, f, "vdi", "VDI");
        }
        VdiSignals s = VdiSignals.of(f.vdi(), f.windowsEdition());
        List<String> causes = new ArrayList<>();
        List<String> remedies = new ArrayList<>();
        List<VdiSignals.Signal> nonPersistent = s.sure(VdiSignals.Kind.NON_PERSISTENT);
        if (!nonPersistent.isEmpty()) {
            causes.add("the desktop is non-persistent (" + whats(nonPersistent) + "): the setup will not survive a "
                    + "reset, and Docker does not support Docker Desktop on non-persistent VDI");
            remedies.add("use a persistent (dedicated) desktop");
        }
        List<VdiSignals.Signal> severalUsers = s.sure(VdiSignals.Kind.SEVERAL_USERS);
        if (!severalUsers.isEmpty()) {
            causes.add("several users may run Docker Desktop on this machine (" + whats(severalUsers) + "), and "
                    + "Docker does not support several Docker Desktop instances on one machine");
            remedies.add("give each Docker Desktop user a desktop of their own");
        }
        boolean vdiDesktop = !s.sure(VdiSignals.Kind.VDI_AGENT).isEmpty()
                || !s.sure(VdiSignals.Kind.PERSISTENCE_UNKNOWN).isEmpty();
        if (vdiDesktop && nonPersistent.isEmpty() && s.sure(VdiSignals.Kind.PERSISTENT).isEmpty()) {
            causes.add("a VDI desktop whose persistence the guest cannot tell, and Docker supports only persistent "
                    + "VDI");
            remedies.add("check with the desktop team that this desktop is persistent (dedicated, not pooled or "
                    + "reset at logoff)");
        }
        String evidence = s.signals().isEmpty() ? "no VDI agent and no non-persistent desktop seen; "
                + dockerUsers(f.vdi()) : s.signals().stream().map(VdiSignals.Signal::describe)
                .collect(Collectors.joining("; "));
        return causes.isEmpty() ? CheckResult.pass(GuestCheck.VDI, evidence)
                : warn(GuestCheck.VDI, String.join("; ", causes), String.join("; ", remedies), evidence);
    }

    private static String dockerUsers(VdiFacts v) {
        return v.dockerUsers() == null ? "Docker Desktop users not counted"
                : v.dockerUsers() + (v.dockerUsers() == 1 ? " user profile holds" : " user profiles hold")
                + " Docker Desktop data";
    }

    /**
     * A section the probe could not read fails, like every check without evidence; a probe output with no such
     * section at all (an older probe, a simulated guest) is skipped, saying so.
     */
    private static CheckResult notProbed(GuestCheck check, GuestFacts f, String section, String shown) {
        String errors = f.probeErrorsAbout(section);
        if (errors != null) {
            return CheckResult.fail(check, "the probe could not read the " + shown + " signals",
                    "rerun the probe; check that it runs elevated", errors);
        }
        return CheckResult.skipped(check, "the probe output has no " + shown + " signals: it comes from an older "
                + "probe or a simulated guest");
    }

    private static String whats(List<VdiSignals.Signal> signals) {
        return signals.stream().map(VdiSignals.Signal::what).collect(Collectors.joining(", "));
    }

    private static CheckResult warn(String cause, String remedy, String evidence) {
        return warn(GuestCheck.PLATFORM, cause, remedy, evidence);
    }

    private static CheckResult warn(GuestCheck check, String cause, String remedy, String evidence) {
        return new CheckResult(check, Verdict.WARN, cause, remedy, evidence);
    }
}
