package dev.provision.spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The local lab: a simulated hypervisor whose VMs live in a state file, so a spec can be planned, applied and
 * verified end to end with no cloud. The seed describes the VMs as they are before the first apply.
 *
 * @param stepDelay how long each step of a change takes (shutdown, reconfigure, power-on): a rehearsal knob that
 *                  makes changes slow enough to interrupt; zero by default
 */
public record LabSettings(Path stateFile, List<LabVmSeed> seed, Duration stepDelay) implements Connection {
    public LabSettings {
        seed = seed == null ? List.of() : List.copyOf(seed);
        stepDelay = stepDelay == null ? Duration.ZERO : stepDelay;
    }

    public LabSettings(Path stateFile, List<LabVmSeed> seed) {
        this(stateFile, seed, Duration.ZERO);
    }
}
