package dev.provision.spec;

import java.nio.file.Path;
import java.util.List;

/**
 * The local lab: a simulated hypervisor whose VMs live in a state file, so a spec can be planned, applied and
 * verified end to end with no cloud. The seed describes the VMs as they are before the first apply.
 *
 * @param newVmFeatures the Windows features enabled in a VM the lab creates; null for the lab's default (Hyper-V,
 *                      Virtual Machine Platform and WSL on), empty for a fresh Windows image with all three off
 */
public record LabConnection(Path stateFile, List<LabVmSeed> seed, List<String> newVmFeatures) implements Connection {
    public LabConnection {
        seed = seed == null ? List.of() : List.copyOf(seed);
        newVmFeatures = newVmFeatures == null ? null : List.copyOf(newVmFeatures);
    }

    public LabConnection(Path stateFile, List<LabVmSeed> seed) {
        this(stateFile, seed, null);
    }
}
