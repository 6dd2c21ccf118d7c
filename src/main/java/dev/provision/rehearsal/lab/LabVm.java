package dev.provision.rehearsal.lab;

import dev.provision.provider.ObservedVm;
import dev.provision.provider.PowerState;

import java.util.List;
import java.util.Map;

/** A simulated VM in the lab's state file. Immutable: every change writes a new one. */
record LabVm(String name, PowerState power, boolean nestedVirtualization, int vcpus, int memoryGiB,
             String windowsEdition, List<String> features, boolean rebootPending, boolean failApply) {
    LabVm {
        features = List.copyOf(features);
    }

    ObservedVm observe() {
        return new ObservedVm(name, "lab:" + name, power, nestedVirtualization,
                Map.of("vcpus", String.valueOf(vcpus), "memoryGiB", String.valueOf(memoryGiB)));
    }

    LabVm withPower(PowerState p) {
        return new LabVm(name, p, nestedVirtualization, vcpus, memoryGiB, windowsEdition, features, rebootPending,
                failApply);
    }

    LabVm withFeatures(List<String> enabled, boolean restartPending) {
        return new LabVm(name, power, nestedVirtualization, vcpus, memoryGiB, windowsEdition, enabled, restartPending,
                failApply);
    }

    LabVm withHardware(boolean nested, int cpus, int memory) {
        return new LabVm(name, power, nested, cpus, memory, windowsEdition, features, rebootPending, failApply);
    }
}
