package dev.provision.spec;

import java.nio.file.Path;
import java.util.List;

/**
 * The local lab: a simulated hypervisor whose VMs live in a state file, so a spec can be planned, applied and
 * verified end to end with no cloud. The seed describes the VMs as they are before the first apply.
 */
public record LabSettings(Path stateFile, List<LabVmSeed> seed) implements Connection {
    public LabSettings {
        seed = seed == null ? List.of() : List.copyOf(seed);
    }
}
