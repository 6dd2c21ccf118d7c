package dev.provision.vsphere;

import dev.provision.model.Action;
import dev.provision.model.Blocked;
import dev.provision.model.Change;
import dev.provision.provider.ChangeRules;
import dev.provision.model.DesiredVm;
import dev.provision.plan.Durations;
import dev.provision.model.PlanWarning;
import dev.provision.plan.PowerCycleRules;
import dev.provision.model.TargetPlan;
import dev.provision.provider.Inventory;
import dev.provision.provider.ObservedVm;
import dev.provision.provider.PlanInputException;
import dev.provision.provider.PowerState;
import dev.provision.spec.Diagnostic;
import dev.provision.spec.PowerCyclePolicy;
import dev.provision.spec.ResolvedDesiredState;
import dev.provision.spec.TargetSpec;
import dev.provision.spec.VsphereSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What exposing hardware virtualization means for each vSphere VM, with the reasons in the plan. Pure: it reads
 * only the inventory and the spec. The facts it rests on (shared/domain/nested-virtualization.md, section 3):
 * the setting needs the VM off, virtual hardware vmx-09 or later, a host with nestedHVSupported, and no Fault
 * Tolerance or PCI passthrough/vGPU device.
 */
final class VsphereRules implements ChangeRules {
    static final String INTERRUPTED_OFF = "an earlier apply was interrupted after it powered this VM off "
            + "(the VM carries restorePowerState = poweredOn): this apply finishes the change and powers it back on";
    static final String INTERRUPTED_ON = "an earlier apply was interrupted after it powered this VM back on: "
            + "its leftover restorePowerState note is removed";

    @Override
    public TargetPlan plan(TargetSpec target, Inventory observed, List<DesiredVm> desired) {
        VsphereFacts facts = observed.targetFacts() instanceof VsphereFacts f ? f : VsphereFacts.NONE;
        List<Change> changes = new ArrayList<>();
        List<PlanWarning> warnings = new ArrayList<>();
        if (target.connection() instanceof VsphereSettings c && c.insecure()) {
            warnings.add(PlanWarning.forTarget(target.name(), "INSECURE: TLS certificate checks are OFF for "
                    + c.url() + " (insecure: true). Anyone on the network path can pose as this vCenter and "
                    + "receive the password. Pin its certificate with thumbprint: or trust its CA with caFile:."));
        }
        List<Diagnostic> problems = new ArrayList<>(facts.scope() == null ? List.of() : facts.scope().problems());
        ClonePlan clones = new ClonePlan(target, facts, problems);
        boolean azureSizeNamed = false;
        for (DesiredVm vm : desired) {
            azureSizeNamed |= vm.desired().size().exact() != null;
            Optional<ObservedVm> current = observed.vm(vm.name());
            List<String> paths = facts.sameName().get(vm.name());
            Change create = current.isEmpty() ? clones.create(vm) : null;
            if (create != null) {
                changes.add(create);
            } else if (current.isEmpty()) {
                changes.add(refusedOutright(target, vm, "VM '" + vm.name() + "' was not found in the inventory of "
                        + "target '" + target.name() + "' (add a template: block to the vsphere block to clone "
                        + "missing VMs; check the name)"));
            } else if (paths == null && current.get().property(ObservedVms.CREATE_MARKER) != null) {
                changes.add(clones.finish(vm, current.get()));
            } else if (paths != null) {
                changes.add(refusedOutright(target, vm, paths.size() + " VMs are named '" + vm.name() + "' ("
                        + String.join(", ", paths) + "); provision finds vSphere VMs by name: rename all but one"));
            } else {
                changes.add(new VmPlan(target.name(), vm.desired(), current.get(), facts).change(warnings));
            }
        }
        if (!problems.isEmpty()) {
            throw new PlanInputException(problems);
        }
        if (azureSizeNamed) {
            warnings.add(PlanWarning.forTarget(target.name(), "size.exact names an Azure size and is ignored on "
                    + "vSphere: only size.minVcpus and size.minMemoryGiB apply"));
        }
        return new TargetPlan(changes, warnings);
    }

    /** A create that cannot be planned; the plan-time error says why, at the spec's line. */
    static Change refusedCreate(TargetSpec target, DesiredVm vm, String reason) {
        ResolvedDesiredState d = vm.desired();
        return new Change(target.name(), vm.name(), Action.CREATE, List.of(), List.of(reason), Map.of(),
                Map.of("nestedVirtualization", d.nestedVirtualization()), Blocked.refused(reason), d.powerCycle(),
                d.shutdownTimeout());
    }

    private static Change refusedOutright(TargetSpec target, DesiredVm vm, String reason) {
        ResolvedDesiredState d = vm.desired();
        return new Change(target.name(), vm.name(), Action.UPDATE, List.of(), List.of(reason), Map.of(),
                Map.of("nestedVirtualization", d.nestedVirtualization()), Blocked.refused(reason), d.powerCycle(),
                d.shutdownTimeout());
    }

    /** The plan for one VM that exists. */
    private record VmPlan(String target, ResolvedDesiredState want, ObservedVm vm, VsphereFacts facts) {
        Change change(List<PlanWarning> warnings) {
            boolean marker = vm.property(ObservedVms.RESTORE_POWER_STATE) != null;
            boolean settingDiffers = vm.nestedVirtualization() != want.nestedVirtualization();
            boolean sizeAsked = !want.size().equals(dev.provision.spec.SizeRequirement.NONE);
            // A spec that asks for no size changes none, not even vSphere's rounding of an odd memory size.
            SizeChange size = sizeAsked ? SizeChange.wanted(ObservedVms.sizing(vm), want.size()) : null;
            boolean sizeDiffers = size != null && size.changes();
            if (size == null && sizeAsked) {
                warnings.add(new PlanWarning(target, vm.name(), "vSphere did not report the VM's vCPUs or memory: "
                        + "its size is not checked"));
            }
            if (!settingDiffers && !sizeDiffers && !marker) {
                return change(Action.NO_OP, List.of(), List.of(), vm.describe(), null);
            }
            if (vm.property(ObservedVms.DETAILS) != null) {
                // ChangeCandidates reads in full every VM these rules could change; landing here is a bug there.
                return change(Action.UPDATE, List.of(), List.of("a change is wanted"), vm.describe(),
                        Blocked.refused("provision did not read this VM's details, so it cannot judge the change "
                                + "(a bug in provision: please report it with the spec)"));
            }
            List<String> refusals = new ArrayList<>();
            if (settingDiffers || sizeDiffers) {
                refusals.addAll(powerRefusals());
            }
            if (settingDiffers) {
                refusals.addAll(nestingRefusals());
            }
            if (sizeDiffers) {
                refusals.addAll(size.refusals(vm.property(ObservedVms.HOST)));
            }
            boolean reconfigure = settingDiffers && refusals.isEmpty();
            boolean resize = sizeDiffers && refusals.isEmpty();
            boolean upgrade = reconfigure && want.nestedVirtualization()
                    && ObservedVms.HARDWARE_TOO_OLD.equals(vm.property(ObservedVms.HARDWARE_FOR_NESTING));
            List<String> reasons = new ArrayList<>();
            if (settingDiffers) {
                reasons.add(settingReason());
            }
            if (sizeDiffers) {
                reasons.addAll(size.reasons());
            }
            if (upgrade) {
                reasons.add("hardware version " + vm.property(ObservedVms.HARDWARE_VERSION) + " is older than "
                        + Reconfigure.MIN_NESTING_HARDWARE_KEY + ", the first that can expose hardware virtualization: "
                        + "it is upgraded to " + Reconfigure.MIN_NESTING_HARDWARE_KEY + " first (upgradeHardware: "
                        + "true), which needs the VM off and cannot be undone");
                warnings.add(new PlanWarning(target, vm.name(), "the hardware upgrade from "
                        + vm.property(ObservedVms.HARDWARE_VERSION) + " to " + Reconfigure.MIN_NESTING_HARDWARE_KEY
                        + " cannot be undone; take a snapshot or backup first"));
            }
            Map<String, Object> after = after(reconfigure, upgrade, resize ? size : null);
            // Only sizes, hot-add on, growing: the running VM takes them as it runs (see SizeChange).
            String whyOff = sizeDiffers ? size.whyNotLive() : null;
            boolean live = vm.power().isRunning() && !settingDiffers && whyOff == null;
            List<dev.provision.model.Disruption> disruption = live ? List.of()
                    : PowerCycleRules.disruptionFor(vm.power());
            if (marker) {
                return finishInterrupted(reasons, refusals, after, reconfigure || resize, live);
            }
            if (!refusals.isEmpty()) { // the refusal is said once, as the blocked reason
                return change(Action.UPDATE, disruption, reasons, after, Blocked.refused(String.join("; ", refusals)));
            }
            if (live) {
                reasons.add("VM is on, and CPU and memory hot-add allow this growth: changed while it runs, no "
                        + "power cycle");
                return change(Action.UPDATE, List.of(), reasons, after, null);
            }
            if (vm.power().isRunning() && !settingDiffers) {
                reasons.add("a running VM cannot take this size change as it runs: " + whyOff);
            }
            reasons.add(PowerCycleRules.describe(vm.power(), want));
            if (reconfigure && want.nestedVirtualization()) {
                warnings.addAll(unprovenOutcome());
            }
            Blocked pending = PowerCycleRules.blockFor(vm.power(), want.powerCycle());
            if (pending == null && vm.power().isRunning()) {
                warnings.addAll(powerCycleRisks());
            }
            return change(Action.UPDATE, disruption, reasons, after, pending);
        }

        /** A VM an earlier apply left with its power-on promise: finish it whatever the policy, it only restores. */
        private Change finishInterrupted(List<String> reasons, List<String> refusals, Map<String, Object> after,
                                         boolean reconfigure, boolean live) {
            List<String> all = new ArrayList<>();
            if (vm.power().isRunning()) {
                all.add(INTERRUPTED_ON);
                all.addAll(reasons);
                Blocked blocked = !refusals.isEmpty() ? Blocked.refused(String.join("; ", refusals))
                        : reconfigure && !live ? PowerCycleRules.blockFor(vm.power(), want.powerCycle()) : null;
                return change(Action.UPDATE, reconfigure && !live ? PowerCycleRules.disruptionFor(vm.power())
                        : List.of(), all, after, blocked);
            }
            all.add(INTERRUPTED_OFF);
            all.addAll(reasons);
            refusals.forEach(r -> all.add("left as it is: " + r));
            Map<String, Object> poweredOn = new TreeMap<>(after);
            poweredOn.put("power", PowerState.ON.key());
            return change(Action.UPDATE, List.of(), all, poweredOn, null);
        }

        private String settingReason() {
            String reason = "nested virtualization is " + (vm.nestedVirtualization() ? "on" : "off") + ", wanted "
                    + (want.nestedVirtualization() ? "on" : "off");
            String vhv = vm.property(ObservedVms.VHV_ENABLE);
            if (want.nestedVirtualization() && "FALSE".equalsIgnoreCase(vhv)) {
                reason += " (vhv.enable is FALSE in the VM's advanced settings)";
            }
            return reason;
        }

        /** Why no change can be made to the VM in its power state; empty when one can. */
        private List<String> powerRefusals() {
            if (vm.power() == PowerState.SUSPENDED) {
                return List.of("the VM is suspended: powering it off would throw away its memory; resume it or power "
                        + "it off yourself, then plan again");
            } else if (vm.power() == PowerState.UNKNOWN) {
                return List.of("vSphere does not report the VM's power state; plan again when it does");
            }
            return List.of();
        }

        /** Why exposing hardware virtualization cannot work on this VM as it is; empty when it can. */
        private List<String> nestingRefusals() {
            List<String> out = new ArrayList<>();
            if (!want.nestedVirtualization()) {
                return out; // hiding the feature again has none of the requirements below
            }
            String ft = vm.property(ObservedVms.FAULT_TOLERANCE);
            if (!"notConfigured".equals(ft)) {
                out.add("Fault Tolerance is configured (" + ft + "), and vSphere cannot expose hardware "
                        + "virtualization to a fault-tolerant VM: turn Fault Tolerance off first");
            }
            if (Boolean.parseBoolean(vm.property(ObservedVms.PASSTHROUGH))) {
                out.add("Virtualization is not supported on a virtual machine with a PCI passthrough device "
                        + "(the VM has a DirectPath I/O, vGPU or SR-IOV device; Broadcom KB 437651): remove the "
                        + "device, or use another VM");
            }
            String host = vm.property(ObservedVms.HOST);
            if ("false".equals(vm.property(ObservedVms.HOST_NESTED_HV_SUPPORTED))) {
                out.add("host " + host + " does not support nested hardware virtualization (its "
                        + "capability.nestedHVSupported is false: no Intel VT-x with EPT or AMD-V with RVI, or "
                        + "they are off in its firmware): move the VM to a host that supports it");
            }
            String hardware = vm.property(ObservedVms.HARDWARE_FOR_NESTING);
            if (ObservedVms.HARDWARE_TOO_OLD.equals(hardware) && !want.upgradeHardware()) {
                out.add("hardware version " + vm.property(ObservedVms.HARDWARE_VERSION) + " is older than "
                        + Reconfigure.MIN_NESTING_HARDWARE_KEY + " and cannot expose hardware virtualization (the "
                        + "setting would silently do nothing): set upgradeHardware: true to upgrade it (cannot be "
                        + "undone), or upgrade it yourself");
            } else if (ObservedVms.UNKNOWN.equals(hardware)) {
                out.add("the VM's hardware version '" + vm.property(ObservedVms.HARDWARE_VERSION) + "' is not one "
                        + "provision understands, so it cannot tell whether nesting can work");
            }
            List<String> checks = want.guest().checksOrEmpty().stream().map(c -> c.key()).toList();
            String guestId = vm.property(ObservedVms.GUEST_ID);
            if (!checks.isEmpty() && !guestId.startsWith("win")) {
                out.add("the guest OS is '" + guestId + "', not Windows, but guest checks are wanted ("
                        + String.join(", ", checks) + ") and they only work in a Windows guest: remove the checks "
                        + "for this VM, or fix its guest OS setting");
            }
            return out;
        }

        /**
         * What the plan cannot know from vSphere and must not pass over in silence. A host that leaves
         * capability.nestedHVSupported unset (older hosts, the simulator) is not refused: the flag may well work
         * there, and refusing would block a fleet on a missing report; the guest checks are what can prove it.
         * A guest that is not Windows is changed as asked, but the goal this tool serves is a Windows guest.
         */
        private List<PlanWarning> unprovenOutcome() {
            List<PlanWarning> out = new ArrayList<>();
            boolean checked = !want.guest().checksOrEmpty().isEmpty();
            if (ObservedVms.UNKNOWN.equals(vm.property(ObservedVms.HOST_NESTED_HV_SUPPORTED))) {
                out.add(new PlanWarning(target, vm.name(), "host " + vm.property(ObservedVms.HOST) + " does not "
                        + "report whether it supports nested hardware virtualization (capability.nestedHVSupported "
                        + "is unset), so the setting may have no effect there; " + (checked
                        ? "the guest checks will decide"
                        : "no guest checks are configured for this VM, so nothing will tell: add guest checks")));
            }
            String guestId = vm.property(ObservedVms.GUEST_ID);
            if (!checked && !guestId.startsWith("win")) {
                out.add(new PlanWarning(target, vm.name(), "the guest OS is '" + guestId + "', not Windows: "
                        + "nested virtualization is exposed as asked, but Docker Desktop, WSL 2 and Hyper-V, "
                        + "what provision prepares VMs for, need a Windows guest; leave this VM out of the spec if "
                        + "it matched a pattern by accident"));
            }
            return out;
        }

        private List<PlanWarning> powerCycleRisks() {
            List<PlanWarning> out = new ArrayList<>();
            String timeout = Durations.format(want.shutdownTimeout());
            if (facts.toolsNotRunning().contains(vm.name())) {
                out.add(new PlanWarning(target, vm.name(), "VMware Tools is not running in the guest, so it cannot "
                        + "be asked to shut down cleanly: " + (want.powerCycle() == PowerCyclePolicy.FORCE
                        ? "unless Tools start within " + timeout + ", the VM is powered off hard"
                        : "unless Tools start within " + timeout + ", this VM fails and is left running")));
            }
            if (want.powerCycle() == PowerCyclePolicy.FORCE) {
                out.add(new PlanWarning(target, vm.name(), "powerCycle 'force': a guest still running after "
                        + timeout + " is powered off hard, which can lose unsaved work"));
            }
            return out;
        }

        private Map<String, Object> after(boolean reconfigure, boolean upgrade, SizeChange size) {
            Map<String, Object> after = new TreeMap<>();
            // vhv.enable is set along with the flag but not promised here: ESXi may leave the .vmx key out of
            // extraConfig once the flag carries it, and the executor fails a change whose promise does not read back.
            after.put("nestedVirtualization", reconfigure ? want.nestedVirtualization() : vm.nestedVirtualization());
            after.put("power", vm.power().key());
            if (upgrade) {
                after.put(ObservedVms.HARDWARE_FOR_NESTING, ObservedVms.HARDWARE_OK);
            }
            if (size != null) {
                after.put(ObservedVms.VCPUS, size.vcpus());
                after.put(ObservedVms.CORES_PER_SOCKET, size.coresPerSocket());
                after.put(ObservedVms.MEMORY_MB, size.memoryMB());
            }
            return after;
        }

        private Change change(Action action, List<dev.provision.model.Disruption> disruption, List<String> reasons,
                              Map<String, Object> after, Blocked blocked) {
            return new Change(target, vm.name(), action, disruption, reasons, vm.describe(), after, blocked,
                    want.powerCycle(), want.shutdownTimeout());
        }
    }
}
