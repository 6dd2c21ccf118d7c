package dev.provision.cli;

import dev.provision.provider.ProviderException;
import dev.provision.spec.Diagnostic;
import dev.provision.spec.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;
import java.util.List;

/**
 * No user ever sees a stack trace for a mistake of theirs: input problems become {@code file:line:column} lines
 * and exit 2; cloud failures one line and exit 1; the stack trace only with -vv.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {
    private final java.util.Map<String, String> env;

    ErrorHandler(java.util.Map<String, String> env) {
        this.env = env;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        if (ex instanceof InvalidInputException invalid) {
            // --json: the diagnostics are the result, on stdout as one document; else CI annotations there.
            if (OutputFormatOption.requested(cmd)) {
                cmd.getOut().print(JsonOutput.invalid(invalid.diagnostics()));
                cmd.getOut().flush();
            } else {
                CiAnnotations.printDiagnostics(env, invalid.diagnostics(), cmd.getOut());
            }
            printDiagnostics(invalid, err, cmd.getCommand() instanceof BaseCommand verb && verb.mayHaveContacted());
            return ExitCode.INVALID_INPUT;
        }
        if (ex instanceof InterruptedException) {
            err.println("interrupted");
            return ExitCode.INTERRUPTED;
        }
        if (ex instanceof ProviderException) {
            err.println("error: " + ex.getMessage());
        } else {
            err.println("internal error: " + ex);
        }
        if (verbosity(parsed) >= 2) {
            ex.printStackTrace(err);
        } else {
            err.println("(run with -vv for details)");
        }
        err.flush();
        return ExitCode.FAILURE;
    }

    /**
     * @param contacted whether the command got as far as a cloud (an input problem found after the inventory was
     *                  read, such as a pattern that matches no VM): then only "nothing was changed" is true
     */
    static void printDiagnostics(InvalidInputException invalid, PrintWriter err, boolean contacted) {
        long errors = 0;
        for (Diagnostic d : invalid.diagnostics()) {
            err.println(d.render());
            errors += d.severity() == Diagnostic.Severity.ERROR ? 1 : 0;
        }
        err.println(errors + (errors == 1 ? " error" : " errors") + (contacted ? "; nothing was changed"
                : "; nothing was contacted or changed"));
        err.flush();
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        cmd.getErr().println("error: " + (ex instanceof CommandLine.UnmatchedArgumentException unmatched
                ? unmatched(unmatched, cmd) : ex.getMessage()));
        cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
        cmd.getErr().flush();
        return ExitCode.INVALID_INPUT;
    }

    /**
     * A mistyped command or option, with picocli's nearest match: {@code pln} is most likely {@code plan}, and
     * Terraform's spelling habits ({@code --detailed-exit-code}) find ours.
     */
    private static String unmatched(CommandLine.UnmatchedArgumentException ex, CommandLine cmd) {
        String arg = ex.getUnmatched().isEmpty() ? "" : ex.getUnmatched().get(0);
        boolean command = !ex.isUnknownOption() && !cmd.getSubcommands().isEmpty();
        String what = command ? "unknown command '" + arg + "'" : ex.getMessage();
        List<String> suggestions = ex.getSuggestions();
        if (suggestions.isEmpty()) {
            return what;
        }
        // picocli ranks its (up to three) suggestions; only the best is worth a reader's time (pln: not 'apply').
        return what + "; did you mean '" + suggestions.get(0) + "'?";
    }

    private static int verbosity(ParseResult parsed) {
        ParseResult leaf = parsed;
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        return leaf.hasMatchedOption("-v") ? ((boolean[]) leaf.matchedOption("-v").getValue()).length : 0;
    }
}
