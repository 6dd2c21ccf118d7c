package dev.provision.rehearsal.lab;

import dev.provision.model.Blocked;
import dev.provision.model.Change;
import dev.provision.provider.ChangeRules;
import dev.provision.model.DesiredVm;
import dev.provision.plan.PowerCycleRules;
import dev.provision.model.TargetPlan;
import dev.provision.provider.Inventory;
import dev.provision.provider.ObservedVm;
import dev.provision.provider.PowerState;
import dev.provision.spec.Keyed;
import dev.provision.spec.ResolvedDesiredState;
import dev.provision.spec.TargetSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The lab behaves like a small hypervisor: missing VMs are created, and nested virtualization and vCPU/memory
 * changes need the VM off, like on vSphere. A VM made by the lab starts with the smallest hardware that meets the
 * spec (at least 2 vCPUs and 4 GiB).
 */
final class LabRules implements ChangeRules {
    static final int MIN_VCPUS = 2;
    static final int MIN_MEMORY_GIB = 4;

    @Override
    public TargetPlan plan(TargetSpec target, Inventory observed, List<DesiredVm> desired) {
        List<Change> changes = new ArrayList<>();
        for (DesiredVm vm : desired) {
            Optional<ObservedVm> current = observed.vm(vm.name());
            changes.add(current.isPresent() ? update(target, vm, current.get()) : create(target, vm));
        }
        return new TargetPlan(changes, List.of());
    }

    private static Change create(TargetSpec target, DesiredVm vm) {
        ResolvedDesiredState d = vm.desired();
        Map<String, Object> after = hardware(d.nestedVirtualization(),
                Math.max(MIN_VCPUS, d.size().minVcpusOrZero()), Math.max(MIN_MEMORY_GIB, d.size().minMemoryGiBOrZero()),
                PowerState.ON);
        return Change.create(target.name(), vm, List.of("VM does not exist"), after);
    }

    private static Change update(TargetSpec target, DesiredVm vm, ObservedVm current) {
        ResolvedDesiredState d = vm.desired();
        int vcpus = Integer.parseInt(current.property("vcpus"));
        int memory = Integer.parseInt(current.property("memoryGiB"));
        List<String> reasons = new ArrayList<>();
        if (d.nestedVirtualization() != current.nestedVirtualization()) {
            reasons.add("nested virtualization is " + (current.nestedVirtualization() ? "on" : "off")
                    + ", wanted " + (d.nestedVirtualization() ? "on" : "off"));
        }
        int wantVcpus = Math.max(vcpus, d.size().minVcpusOrZero());
        int wantMemory = Math.max(memory, d.size().minMemoryGiBOrZero());
        if (wantVcpus > vcpus) {
            reasons.add(vcpus + " vCPUs, at least " + wantVcpus + " wanted");
        }
        if (wantMemory > memory) {
            reasons.add(memory + " GiB memory, at least " + wantMemory + " GiB wanted");
        }
        String owed = current.property(LabVm.RESTORE_POWER_STATE);
        if (owed != null) {
            return finishInterrupted(target, vm, current, reasons, Keyed.lookup(PowerState.class, owed).orElse(PowerState.UNKNOWN), wantVcpus, wantMemory);
        }
        if (reasons.isEmpty()) {
            return Change.noOp(target.name(), vm, current.describe());
        }
        reasons.add(PowerCycleRules.describe(current.power(), d));
        Blocked blocked = PowerCycleRules.blockFor(current.power(), d.powerCycle());
        return Change.update(target.name(), vm, PowerCycleRules.disruptionFor(current.power()), reasons,
                current.describe(), hardware(d.nestedVirtualization(), wantVcpus, wantMemory, current.power()),
                blocked);
    }

    /**
     * A VM an earlier apply powered off and did not power on again (its marker says so): finish the change and give
     * it back its power state, whatever the policy, since that only restores what the user had.
     */
    private static Change finishInterrupted(TargetSpec target, DesiredVm vm, ObservedVm current, List<String> reasons,
                                            PowerState owed, int wantVcpus, int wantMemory) {
        ResolvedDesiredState d = vm.desired();
        List<String> all = new ArrayList<>();
        all.add("an earlier apply was interrupted with this VM powered off mid-change: it is finished and the VM "
                + "powered " + owed.key() + " again");
        all.addAll(reasons);
        return Change.update(target.name(), vm, List.of(), all, current.describe(),
                hardware(d.nestedVirtualization(), wantVcpus, wantMemory, owed), null);
    }

    private static Map<String, Object> hardware(boolean nested, int vcpus, int memoryGiB, PowerState power) {
        Map<String, Object> out = new TreeMap<>();
        out.put("nestedVirtualization", nested);
        out.put("vcpus", String.valueOf(vcpus));
        out.put("memoryGiB", String.valueOf(memoryGiB));
        out.put("power", power.key());
        return out;
    }
}
