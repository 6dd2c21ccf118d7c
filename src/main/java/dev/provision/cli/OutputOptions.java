package dev.provision.cli;

import picocli.CommandLine.Option;

/** Options every command shares: help, how much to say, and whether to colour it. */
public final class OutputOptions {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help, with the exit codes.")
    boolean help;

    @Option(names = {"-v", "--verbose"}, description = "More detail on stderr; -vv adds stack traces to errors.")
    boolean[] verbose = new boolean[0];

    @Option(names = "--no-color", description = "No ANSI colour (also when NO_COLOR is set or not on a terminal).")
    boolean noColor;

    int verbosity() {
        return verbose.length;
    }
}
