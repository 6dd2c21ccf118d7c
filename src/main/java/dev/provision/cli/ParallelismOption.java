package dev.provision.cli;

import dev.provision.spec.InvalidInputException;
import picocli.CommandLine.Option;

/**
 * {@code --parallelism N}, shared by apply and verify: one default and one check, so the two verbs cannot drift
 * apart on how many changes or probes they run at once.
 */
final class ParallelismOption {
    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "4",
            description = "Changes carried out, and guests probed, at once (default: ${DEFAULT-VALUE}); providers "
                    + "bound changes further per vCenter, host and subscription.")
    int parallelism;

    /** The value, checked: at least 1. */
    int value() throws InvalidInputException {
        Options.requirePositive("--parallelism", parallelism);
        return parallelism;
    }
}
