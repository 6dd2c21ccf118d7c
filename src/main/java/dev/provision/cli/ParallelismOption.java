package dev.provision.cli;

import dev.provision.engine.Engine;
import dev.provision.spec.InvalidInputException;
import picocli.CommandLine.Option;

/**
 * {@code --parallelism N}, shared by plan, apply and verify: one default and one check, so the verbs cannot drift
 * apart on how many changes or probes they run at once.
 */
final class ParallelismOption {
    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "" + Engine.DEFAULT_PARALLELISM,
            description = "Changes carried out, and guests probed, at once (default: ${DEFAULT-VALUE}); providers "
                    + "bound it further: per vCenter, host and subscription, and Run Command runs one script at "
                    + "a time per VM.")
    int parallelism;

    /** The value, checked: at least 1. */
    int value() throws InvalidInputException {
        Options.requirePositive("--parallelism", parallelism);
        return parallelism;
    }
}
