package dev.provision.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Help, exit code documentation, schema, completion and option errors. */
class CliBasicsTest {
    /** A version as Maven Central spells a release: 1.61.0, 6.0.05. */
    private static final String RELEASE = "\\d+\\.\\d+\\.\\d+";

    @Test
    void everyCommandsHelpListsTheExitCodes() {
        for (String command : new String[] {"plan", "apply", "verify", "validate"}) {
            CliRun r = CliRun.run(CliRun.pipeline(), command, "--help");
            assertEquals(0, r.exit);
            assertTrue(r.out.contains("Exit codes:"), command);
            for (String code : new String[] {"0", "1", "2", "3", "4", "5", "6"}) {
                assertTrue(r.out.lines().anyMatch(l -> l.trim().startsWith(code + " ")), command + " " + code);
            }
        }
    }

    @Test
    void helpListsTheMachineReadableOptionsAndTheVersionCommand() {
        for (String command : new String[] {"validate", "verify", "sizes", "version"}) {
            CliRun r = CliRun.run(CliRun.pipeline(), command, "--help");
            assertTrue(r.out.contains("-o, --output=FORMAT") && r.out.contains("--json"), command + ": " + r.out);
        }
        assertTrue(CliRun.run(CliRun.pipeline(), "--help").out.lines().anyMatch(l -> l.trim().startsWith("version ")));
    }

    @Test
    void aBadOptionIsOneLineAndExit2() {
        CliRun r = CliRun.run(CliRun.pipeline(), "plan", "--no-such-option", "x.yaml");
        assertEquals(ExitCode.INVALID_INPUT, r.exit);
        assertTrue(r.err.startsWith("error: Unknown option: '--no-such-option'"), r.err);
    }

    @Test
    void aMistypedCommandIsOneLineWithTheNearestCommand() {
        CliRun r = CliRun.run(CliRun.pipeline(), "pln", "x.yaml");
        assertEquals(ExitCode.INVALID_INPUT, r.exit, r.toString());
        assertEquals(List.of("error: unknown command 'pln'; did you mean 'plan'?", "Try 'provision --help'."),
                r.err.lines().toList(), r.err);
        assertEquals("", r.out);
    }

    @Test
    void aMistypedOptionIsOneLineWithTheNearestOption() {
        CliRun r = CliRun.run(CliRun.pipeline(), "plan", "--detailed-exit-code", "x.yaml");
        assertEquals(ExitCode.INVALID_INPUT, r.exit, r.toString());
        assertEquals("error: Unknown option: '--detailed-exit-code'; did you mean '--detailed-exitcode'?",
                r.err.lines().findFirst().orElse(""), r.err);
        assertEquals(2, r.err.lines().count(), r.err);
    }

    @Test
    void versionNamesTheCommitAndTheSdkVersions() throws Exception {
        CliRun r = CliRun.run(CliRun.pipeline(), "version");
        assertEquals(0, r.exit, r.toString());
        List<String> lines = r.out.lines().toList();
        assertTrue(lines.get(0).startsWith("provision "), r.out);
        assertEquals("commit " + expectedCommit(), lines.get(1));
        for (String sdk : List.of("azure-resourcemanager-compute", "azure-core", "yavijava")) {
            assertTrue(lines.stream().anyMatch(l -> l.matches(sdk + " " + RELEASE)), sdk + " in " + r.out);
        }
        JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(CliRun.run(CliRun.pipeline(), "version", "--json").out);
        assertEquals(expectedCommit(), json.get("commit").asText());
        assertEquals(lines.get(0), "provision " + json.get("version").asText());
        for (String sdk : List.of("azure-resourcemanager-compute", "azure-core", "yavijava")) {
            assertTrue(json.get("dependencies").get(sdk).asText().matches(RELEASE), json.toString());
        }
    }

    @Test
    void dashDashVersionStillPrintsOneLine() {
        CliRun r = CliRun.run(CliRun.pipeline(), "--version");
        assertEquals(0, r.exit);
        assertEquals(List.of("provision " + Version.number()), r.out.lines().toList());
    }

    /** What the build recorded: this checkout's HEAD (the build ran git rev-parse), or unknown outside git. */
    private static String expectedCommit() throws Exception {
        if (!java.nio.file.Files.exists(java.nio.file.Path.of(".git"))) {
            return "unknown";
        }
        Process git = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
        String head = new String(git.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        assertEquals(0, git.waitFor(), head);
        return head;
    }

    @Test
    void aMissingSpecFileIsInvalidInput() {
        CliRun r = CliRun.run(CliRun.pipeline(), "plan", "does-not-exist.yaml");
        assertEquals(ExitCode.INVALID_INPUT, r.exit);
        assertTrue(r.err.contains("does-not-exist.yaml"), r.err);
    }

    @Test
    void parallelismMustBePositive() {
        assertEquals(ExitCode.INVALID_INPUT, CliRun.run(CliRun.pipeline(), "apply", "--parallelism", "0",
                "x.yaml").exit);
    }

    @Test
    void applyAndVerifyCheckParallelismAlike() {
        for (String verb : new String[] {"apply", "verify"}) {
            CliRun r = CliRun.run(CliRun.pipeline(), verb, "--parallelism", "0", "x.yaml");
            assertEquals(ExitCode.INVALID_INPUT, r.exit, r.toString());
            assertTrue(r.err.contains("--parallelism must be at least 1, not 0"), r.toString());
        }
    }

    @Test
    void noCommandIsInvalidInput() {
        assertEquals(ExitCode.INVALID_INPUT, CliRun.run(CliRun.pipeline()).exit);
    }

    @Test
    void schemaIsJson() throws Exception {
        CliRun r = CliRun.run(CliRun.pipeline(), "schema");
        assertEquals(0, r.exit);
        assertTrue(new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out).has("properties"));
    }

    @Test
    void completionIsABashScript() {
        CliRun r = CliRun.run(CliRun.pipeline(), "completion");
        assertEquals(0, r.exit);
        assertTrue(r.out.contains("complete -F"), r.out.substring(0, Math.min(200, r.out.length())));
    }
}
