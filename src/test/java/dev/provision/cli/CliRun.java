package dev.provision.cli;

import dev.provision.boot.Providers;
import dev.provision.engine.ProviderRegistry;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Runs the real command line in-process, as a pipeline would (no terminal), and keeps what it printed. */
final class CliRun {
    final int exit;
    final String out;
    final String err;

    private CliRun(int exit, String out, String err) {
        this.exit = exit;
        this.out = out;
        this.err = err;
    }

    static CliRun run(Context context, String... args) {
        CommandLine cli = ProvisionCommand.commandLine(context);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    /** A context with no terminal: nobody to approve, CI set, the standard providers. */
    static Context pipeline() {
        return new Context(Map.of("CI", "true"), null, Providers::standard);
    }

    /** A context where a person answers the approval prompt, and the questions are recorded. */
    static Context person(String answer, List<String> asked) {
        return new Context(Map.of(), question -> {
            asked.add(question);
            return answer.equals("yes");
        }, Providers::standard);
    }

    static Context withProviders(Function<Path, ProviderRegistry> providers) {
        return new Context(Map.of("CI", "true"), null, providers);
    }

    static List<String> asked() {
        return new ArrayList<>();
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }

    /** Where {@code text} first appears in the file, as 1-based line:column: how diagnostics name a place. */
    static String position(Path file, String text) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            int column = lines.get(i).indexOf(text);
            if (column >= 0) {
                return (i + 1) + ":" + (column + 1);
            }
        }
        throw new AssertionError(text + " is not in " + file);
    }
}
