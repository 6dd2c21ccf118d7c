package dev.provision.cli;

import dev.provision.plan.PlanJson;
import dev.provision.spec.Diagnostic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The saved-plan reader against inputs nobody wrote: mutations of real plans that {@code provision plan --out}
 * saved for a lab spec (bytes flipped, lines deleted and duplicated, JSON tokens and awkward values inserted:
 * nulls, huge numbers, wrong types, deep nesting, control characters, odd spec paths). Every input must be a plan,
 * or diagnostics located at the plan file; never another exception, a hang or a runaway allocation. Every
 * {@value #CLI_EVERY}th input also goes through {@code provision apply PLANFILE} on the lab, in a folder of its own:
 * exit 2 with located lines, or a real outcome (applied, stale, failed), and no stack trace.
 */
class PlanFuzzTest {
    static final int CLI_EVERY = 10;
    private static final Fuzz.Tally TALLY = new Fuzz.Tally("plan-fuzz");
    private static final Set<Integer> APPLY_OUTCOMES = Set.of(ExitCode.OK, ExitCode.INVALID_INPUT,
            ExitCode.APPLY_PARTLY_FAILED, ExitCode.STALE_PLAN, ExitCode.VERIFICATION_FAILED);
    private static final Path WORK = Path.of("target/fuzz/plans").toAbsolutePath();

    static final List<String> TOKENS = List.of("null", "\"x\"", "1e999999", "-1", "[]", "{}", "true", ",", ":",
            "\"", "{", "}", "[", "]", "\\u0000", "\"\\u0000\"", "\"\\ud800\"", "99999999999999999999999999",
            "-9223372036854775809", "1.5", "\t", "é", "😀", "\ufeff", "/*x*/", "//x\n", "NaN", "'x'",
            "\"formatVersion\": 2,", "\"formatVersion\": \"1\",", "\"action\": \"replace\",", "\"action\": \"x\",",
            "\"powerCycle\": \"x\",", "\"createdAt\": \"x\",", "\"disruption\": [\"x\"],", "\"blocked\": {},",
            "\"path\": \"\\u0000\",", "\"path\": \"\",", "\"path\": \"/\",", "\"path\": \"/dev/zero\",",
            "\"path\": \"nul\\u0000.yaml\",", "\"shutdownTimeoutSeconds\": -99999999999,",
            "\"shutdownTimeoutSeconds\": 9223372036854775807,", "\"before\": [],", "\"after\": null,",
            "\"changes\": {},", "\"reasons\": [[{}]],", "\"vm\": \"../..\",", "\"target\": \"nope\",");

    private static List<Path> seeds;

    /** Plans the planner saved for lab specs: a fleet with an update and a create, and one with a failing VM. */
    static synchronized List<Path> seeds() {
        if (seeds == null) {
            try {
                Files.createDirectories(WORK);
                List<Path> found = new ArrayList<>();
                for (String name : List.of("fleet.yaml", "failing.yaml")) {
                    Path spec = WORK.resolve(name);
                    try (InputStream in = PlanFuzzTest.class.getResourceAsStream("/cli/" + name)) {
                        Files.copy(in, spec, StandardCopyOption.REPLACE_EXISTING);
                    }
                    Path plan = WORK.resolve(name.replace(".yaml", ".plan.json"));
                    CliRun r = CliRun.run(CliRun.pipeline(), "plan", spec.toString(), "--out", plan.toString());
                    assertTrue(r.exit == ExitCode.OK || r.exit == ExitCode.CHANGES_PRESENT, r.toString());
                    found.add(plan);
                }
                seeds = List.copyOf(found);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return seeds;
    }

    @Test
    void everyInputGivesAPlanOrDiagnosticsAtThePlanFile() throws Exception {
        Fuzz.run("plan-fuzz", this::oneInput);
    }

    private void oneInput(int number, Random random) throws IOException {
        Fuzz.Input input = Fuzz.input(random, seeds(), TOKENS);
        String shown = input.shown();
        Fuzz.Outcome<?> outcome = Fuzz.bounded(shown, () -> PlanJson.read(input.text(), "fuzz.plan.json"));
        List<String> templates = new ArrayList<>();
        if (outcome.invalid() == null) {
            templates.add("valid");
        } else {
            for (Diagnostic d : outcome.invalid().diagnostics()) {
                assertEquals("fuzz.plan.json", d.location().file(), d.render() + "\nfor " + shown);
                SpecFuzzTest.assertNoJavaText(d.message(), shown);
                templates.add(Fuzz.template(d).replaceAll("'[^']*'|\\S+Exception", "'_'"));
            }
        }
        TALLY.count(outcome, templates);
        if ((number + 1) % CLI_EVERY == 0) {
            TALLY.countCli();
            throughTheCommandLine(number, input.seed(), input.bytes(), shown);
        }
    }

    /** apply PLANFILE in a folder of its own, with its spec beside it, so each try starts from the same lab. */
    private static void throughTheCommandLine(int number, Path seed, byte[] mutant, String shown)
            throws IOException {
        Path dir = Files.createDirectories(WORK.resolve("try-" + number));
        String specName = seed.getFileName().toString().replace(".plan.json", ".yaml");
        Files.copy(seed.resolveSibling(specName), dir.resolve(specName), StandardCopyOption.REPLACE_EXISTING);
        // The plan names its spec by the path it was planned from; point it at this folder's copy.
        String text = new String(mutant, StandardCharsets.UTF_8).replace(seed.resolveSibling(specName).toString(),
                dir.resolve(specName).toString());
        Path plan = dir.resolve("fuzz.plan.json");
        Files.writeString(plan, text);
        Fuzz.Outcome<CliRun> run = Fuzz.bounded(shown, () -> CliRun.run(CliRun.pipeline(), "apply",
                "--no-verify", plan.toString()));
        CliRun r = run.value();
        assertTrue(APPLY_OUTCOMES.contains(r.exit), r + "\nfor " + shown);
        SpecFuzzTest.assertNoJavaText(r.err, shown);
        if (r.exit == ExitCode.INVALID_INPUT) {
            assertTrue(r.err.lines().filter(l -> l.contains(": error: "))
                    .allMatch(l -> l.startsWith(plan.toString() + ": error: ") || l.matches(".+:\\d+:\\d+: error: .+")),
                    r + "\nfor " + shown);
        }
    }

    @AfterAll
    static void writeFigures() throws IOException {
        TALLY.write();
    }
}
