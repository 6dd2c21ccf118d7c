package dev.provision.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Help, exit code documentation, schema, completion and option errors. */
class CliBasicsTest {
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
    void aBadOptionIsOneLineAndExit2() {
        CliRun r = CliRun.run(CliRun.pipeline(), "plan", "--no-such-option", "x.yaml");
        assertEquals(ExitCode.INVALID_INPUT, r.exit);
        assertTrue(r.err.startsWith("error: Unknown option: '--no-such-option'"), r.err);
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
