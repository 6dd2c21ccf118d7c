package dev.provision.rehearsal.lab;

import dev.provision.provider.ObservedVm;
import dev.provision.provider.PowerState;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A simulated VM in the lab's state file. Immutable: every change writes a new one.
 *
 * @param restorePower the power state a change owes the VM (its restore marker, as on vSphere): set in the same
 *                     write that powers it off, cleared in the one that powers it on again; null when none
 */
record LabVm(String name, PowerState power, boolean nestedVirtualization, int vcpus, int memoryGiB,
             String windowsEdition, List<String> features, boolean rebootPending, boolean failApply,
             PowerState restorePower) {
    /** The property a marked VM shows in plans, as vSphere's {@code restorePowerState}. */
    static final String RESTORE_POWER_STATE = "restorePowerState";

    LabVm {
        features = List.copyOf(features);
    }

    LabVm(String name, PowerState power, boolean nestedVirtualization, int vcpus, int memoryGiB,
          String windowsEdition, List<String> features, boolean rebootPending, boolean failApply) {
        this(name, power, nestedVirtualization, vcpus, memoryGiB, windowsEdition, features, rebootPending, failApply,
                null);
    }

    ObservedVm observe() {
        Map<String, String> properties = new TreeMap<>(Map.of("vcpus", String.valueOf(vcpus),
                "memoryGiB", String.valueOf(memoryGiB)));
        if (restorePower != null) {
            properties.put(RESTORE_POWER_STATE, restorePower.key());
        }
        return new ObservedVm(name, "lab:" + name, power, nestedVirtualization, properties);
    }

    LabVm withPower(PowerState p) {
        return new LabVm(name, p, nestedVirtualization, vcpus, memoryGiB, windowsEdition, features, rebootPending,
                failApply, restorePower);
    }

    /** Powered off, owing {@code owed} to the VM until a later write powers it back. */
    LabVm poweredOffOwing(PowerState owed) {
        return new LabVm(name, PowerState.OFF, nestedVirtualization, vcpus, memoryGiB, windowsEdition, features,
                rebootPending, failApply, owed);
    }

    /** Back in the power state it was owed; the marker goes in the same write. */
    LabVm restored(PowerState p) {
        return new LabVm(name, p, nestedVirtualization, vcpus, memoryGiB, windowsEdition, features, rebootPending,
                failApply, null);
    }

    LabVm withFeatures(List<String> enabled, boolean restartPending) {
        return new LabVm(name, power, nestedVirtualization, vcpus, memoryGiB, windowsEdition, enabled, restartPending,
                failApply, restorePower);
    }

    LabVm withHardware(boolean nested, int cpus, int memory) {
        return new LabVm(name, power, nested, cpus, memory, windowsEdition, features, rebootPending, failApply,
                restorePower);
    }
}
