package dev.provision.spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The local lab: a simulated hypervisor whose VMs live in a state file, so a spec can be planned, applied and
 * verified end to end with no cloud. The seed describes the VMs as they are before the first apply.
 *
 * @param stepDelay     how long each step of a change takes (shutdown, reconfigure, power-on): a rehearsal knob that
 *                      makes changes slow enough to interrupt; zero by default
 * @param newVmFeatures the Windows features enabled in a VM the lab creates; null for the lab's default (Hyper-V,
 *                      Virtual Machine Platform and WSL on), empty for a fresh Windows image with all three off
 */
public record LabSettings(Path stateFile, List<LabVmSeed> seed, Duration stepDelay, List<String> newVmFeatures)
        implements Connection {
    public LabSettings {
        seed = seed == null ? List.of() : List.copyOf(seed);
        stepDelay = stepDelay == null ? Duration.ZERO : stepDelay;
        newVmFeatures = newVmFeatures == null ? null : List.copyOf(newVmFeatures);
    }

    public LabSettings(Path stateFile, List<LabVmSeed> seed) {
        this(stateFile, seed, Duration.ZERO, null);
    }
}
