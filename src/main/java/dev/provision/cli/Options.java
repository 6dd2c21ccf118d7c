package dev.provision.cli;

import dev.provision.spec.InvalidInputException;
import dev.provision.spec.SourceLocation;

/** Checks on option values that picocli's types cannot express. */
final class Options {
    private Options() {}

    static void requirePositive(String option, int value) throws InvalidInputException {
        if (value < 1) {
            throw new InvalidInputException(new SourceLocation("command line", 0, 0),
                    option + " must be at least 1, not " + value);
        }
    }
}
