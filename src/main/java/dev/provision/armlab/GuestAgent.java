package dev.provision.armlab;

/**
 * What answers Run Command inside the simulated guest. The emulator does the ARM plumbing (202, polling,
 * result shapes, 4 KiB truncation, refusing a VM that is not running); an agent only decides what a script
 * prints. It runs under the emulator's lock, so it should answer quickly. Throwing {@link ArmException}
 * makes the Run Command operation fail with that error.
 */
@FunctionalInterface
public interface GuestAgent {
    GuestScriptResult run(GuestScript script);
}
