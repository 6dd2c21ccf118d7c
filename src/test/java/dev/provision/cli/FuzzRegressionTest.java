package dev.provision.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fuzzers' findings, each as its smallest input, through the command line. (A spec finding that a fixture can
 * hold lives in src/test/resources/specs/invalid instead: empty-extends.yaml.)
 */
class FuzzRegressionTest {
    @TempDir
    Path dir;

    private Path savedPlan() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/cli/fleet.yaml")) {
            Files.copy(in, dir.resolve("fleet.yaml"));
        }
        Path plan = dir.resolve("plan.json");
        CliRun.run(CliRun.pipeline(), "plan", dir.resolve("fleet.yaml").toString(), "--out", plan.toString());
        return plan;
    }

    /** A saved plan whose spec path holds a NUL (a JSON \u0000 escape) is not a path on any system. */
    @Test
    void aSpecPathThatCannotBeAPathIsReportedAtThePlanFile() throws Exception {
        Path plan = savedPlan();
        String json = Files.readString(plan);
        Files.writeString(plan, json.replaceFirst("\"path\" : \"[^\"]*\"", "\"path\" : \"nul\\\\u0000.yaml\""));
        CliRun r = Fuzz.bounded("plan with a NUL in its spec path", () -> CliRun.run(CliRun.pipeline(), "apply",
                "--no-verify", plan.toString())).value();
        assertEquals(ExitCode.INVALID_INPUT, r.exit, r.toString());
        assertTrue(r.err.startsWith(plan + ": error: "), r.toString());
        assertFalse(r.err.contains("internal error") || r.err.contains("Exception"), r.toString());
    }

    /**
     * A saved plan whose update lost the vCPUs it wants (plan-fuzz, seed 6658140314080598611 try 489: a deleted
     * line). The stale check compares what was observed, not what is wanted, so the provider meets it: that VM fails
     * in words with its state said (unchanged), the others go on.
     */
    @Test
    void aChangeWhoseWantedVcpusAreGoneFailsInWordsAndLeavesTheVmUnchanged() throws Exception {
        Path plan = savedPlan();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode root = json.readTree(plan.toFile());
        boolean cut = false;
        for (com.fasterxml.jackson.databind.JsonNode change : root.path("changes")) {
            if (change.path("action").asText().equals("update") && change.path("after").has("vcpus") && !cut) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) change.path("after")).remove("vcpus");
                cut = true;
            }
        }
        assertTrue(cut, "the saved plan has an update that wants vCPUs");
        json.writerWithDefaultPrettyPrinter().writeValue(plan.toFile(), root);
        CliRun r = Fuzz.bounded("plan without the wanted vCPUs", () -> CliRun.run(CliRun.pipeline(), "apply",
                "--no-verify", plan.toString())).value();
        assertEquals(ExitCode.APPLY_PARTLY_FAILED, r.exit, r.toString());
        assertTrue(r.out.contains("has no whole number for 'vcpus'") || r.err.contains("has no whole number for 'vcpus'"),
                r.toString());
        assertFalse(r.out.contains("internal error") || r.err.contains("internal error"), r.toString());
    }
}
