package dev.provision.cli;

import dev.provision.spec.Diagnostic;
import dev.provision.spec.InvalidInputException;
import dev.provision.spec.SpecLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The spec loader against inputs nobody wrote: mutations of the samples and of every valid and invalid test spec
 * (bytes flipped, lines deleted, duplicated and shifted, YAML syntax inserted: anchors, aliases, merge keys, tags,
 * flow brackets, quotes, tabs, odd Unicode, huge numbers, deep nesting). Every input must give a spec, or
 * diagnostics that each carry {@code file:line:column}; never another exception, a hang or a runaway allocation
 * (see {@link Fuzz}). Most inputs go to the loader directly; every {@value #CLI_EVERY}th also goes through
 * {@code provision validate}, for the contract the user sees: exit 0 or 2, located lines, no stack trace.
 *
 * <p>{@code mvn verify} runs 500 seeded tries in seconds; {@code mvn -B -ntp -Pfuzz test} raises them (see
 * {@link Fuzz#run} and BENCHMARKS.md). A finding is fixed and kept as its smallest input: a fixture in specs/invalid, or
 * {@link FuzzRegressionTest}.
 */
class SpecFuzzTest {
    static final int CLI_EVERY = 25;
    private static final Fuzz.Tally TALLY = new Fuzz.Tally("spec-fuzz");

    /** YAML syntax and awkward values, inserted anywhere or replacing the rest of a line. */
    static final List<String> TOKENS = List.of("&a ", "*a", "<<: *a\n", "\n<<: {}\n", "!!str ", "!!binary ",
            "!!java.net.URL ", "!x ", "!<tag:x> ", "{", "}", "[", "]", "\"", "'", "\t", ": ", "- ", "? ", ",", "|",
            "|-\n  x\n", ">", "#", "\n---\n", "\n...\n", "%YAML 1.1\n", "%TAG ! tag:x:\n", "é", "😀", "\u202e",
            "\ufeff", "\u0000", "\u0085", "\u2028", "\"\\0\"", "\"\\x00\"", "\"\\ud800\"", "\"\\U0010ffff\"",
            " 99999999999999999999999999999", " 1e400", " -1", " 0x7fffffffffffffff", " .inf", " .nan", " ~",
            " null", " yes", " on", " 0", " \"\"", " []", " {}", "${env:A}", "${env:}", "${file:}",
            "${file:/dev/zero}", "${file:..}", " ${file:nul\\0}", "\nextends: /dev/zero\n", "\nextends: [a, a]\n",
            "\nextends: ..\n", "\nextends: \"\"\n", "\ntargets:\n", "\ntargets: []\n", "\n  - name: x\n",
            "\n    kind: vsphere\n", "\n    kind: azure\n", "\n  stateFile: /\n", "\n      stateFile: \"\\0\"\n",
            " *", " &", "&a [*a]", "&a {k: *a}");

    private static List<Path> seeds;

    /** The samples and the test specs, copied with their profiles and secrets so relative paths still resolve. */
    static synchronized List<Path> seeds() {
        if (seeds == null) {
            try {
                Path work = Path.of("target/fuzz/specs");
                List<Path> found = new ArrayList<>();
                found.addAll(copy(Path.of("samples"), work.resolve("samples")));
                found.addAll(copy(Path.of("src/test/resources/specs/valid"), work.resolve("valid")));
                found.addAll(copy(Path.of("src/test/resources/specs/invalid"), work.resolve("invalid")));
                found.addAll(copy(Path.of("src/test/resources/cli"), work.resolve("cli")));
                seeds = List.copyOf(found);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return seeds;
    }

    /** Copies a folder tree; returns the copied top-level YAML files (the seeds). */
    private static List<Path> copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        try (Stream<Path> top = Files.list(to)) {
            return top.filter(p -> p.toString().endsWith(".yaml") && !p.getFileName().toString().startsWith("fuzz-"))
                    .sorted().toList();
        }
    }

    @Test
    void everyInputGivesASpecOrLocatedDiagnostics() throws Exception {
        Fuzz.run("spec-fuzz", this::oneInput);
    }

    private void oneInput(int number, Random random) throws IOException {
        Fuzz.Input input = Fuzz.input(random, seeds(), TOKENS);
        String shown = input.shown();
        // Text handed over as a string goes through the same checks as a file's bytes once decoded.
        Path file = Files.write(input.seed().resolveSibling("fuzz-mutant.yaml"), input.bytes());
        Fuzz.Outcome<?> outcome = Fuzz.bounded(shown, () -> new SpecLoader().load(file));
        List<String> templates = check(outcome, shown);
        TALLY.count(outcome, templates);
        if ((number + 1) % CLI_EVERY == 0) {
            TALLY.countCli();
            throughTheCommandLine(file, outcome.invalid() == null, shown);
        }
    }

    /** The templates of the diagnostics (or "valid"), after checking each carries a location and no Java text. */
    static List<String> check(Fuzz.Outcome<?> outcome, String shown) {
        if (outcome.invalid() == null) {
            return List.of("valid");
        }
        InvalidInputException invalid = outcome.invalid();
        assertFalse(invalid.diagnostics().isEmpty(), "an input problem without a diagnostic: " + shown);
        List<String> templates = new ArrayList<>();
        for (Diagnostic d : invalid.diagnostics()) {
            assertTrue(d.location().line() >= 1 && d.location().column() >= 1,
                    "no line and column in '" + d.render() + "' for " + shown);
            assertFalse(d.location().file().isBlank(), d.render());
            assertNoJavaText(d.message(), shown);
            templates.add(Fuzz.template(d));
        }
        return templates;
    }

    /** No exception name, stack frame or library package in what the user reads, unless the input itself said it. */
    static void assertNoJavaText(String text, String shown) {
        for (String leak : List.of("Exception", "\tat ", "java.", "org.yaml", "com.fasterxml", "internal error")) {
            assertFalse(text.contains(leak) && !shown.contains(leak),
                    "'" + leak + "' reaches the user: " + text + "\nfor " + shown);
        }
    }

    private static void throughTheCommandLine(Path file, boolean valid, String shown) {
        CliRun r = CliRun.run(CliRun.withProviders(dir -> {
            throw new AssertionError("validate never opens a provider");
        }), "validate", file.toString());
        assertEquals(valid ? ExitCode.OK : ExitCode.INVALID_INPUT, r.exit, r + "\nfor " + shown);
        assertNoJavaText(r.err, shown);
        if (!valid) {
            assertTrue(r.err.lines().filter(l -> l.contains(": error: "))
                    .allMatch(l -> l.matches("(?s).+:\\d+:\\d+: error: .+")), r + "\nfor " + shown);
        }
    }

    @AfterAll
    static void writeFigures() throws IOException {
        TALLY.write();
    }
}
