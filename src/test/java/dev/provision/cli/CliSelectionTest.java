package dev.provision.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --target} and {@code --vm} on plan, apply and verify, and the selection a saved plan records. */
class CliSelectionTest {
    @TempDir
    Path dir;

    private String fleet;

    @BeforeEach
    void copySpec() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/cli/fleet.yaml")) {
            Files.copy(in, dir.resolve("fleet.yaml"));
        }
        fleet = dir.resolve("fleet.yaml").toString();
    }

    private String state() throws IOException {
        return Files.readString(dir.resolve("state/lab.json"));
    }

    @Test
    void planCoversOnlyTheSelectedVmsAndSaysSo() {
        CliRun r = CliRun.run(CliRun.pipeline(), "plan", fleet, "--target", "lab", "--vm", "vdi-0[1]");
        assertEquals(0, r.exit, r.toString());
        assertTrue(r.out.contains("lab/vdi-01  update"), r.out);
        assertFalse(r.out.contains("vdi-new"), r.out);
        assertTrue(r.out.contains("Selected: --target lab --vm 'vdi-0[1]'"), r.out);
        assertTrue(r.out.contains("Plan: 0 to create, 1 to update, 0 to replace, 0 unchanged"), r.out);
    }

    @Test
    void anUnknownTargetIsOneLineAndExit2() {
        CliRun r = CliRun.run(CliRun.pipeline(), "plan", fleet, "--target", "lba");
        assertEquals(ExitCode.INVALID_INPUT, r.exit, r.toString());
        assertEquals("command line: error: --target 'lba' is not a target of " + fleet + "; its targets are lab",
                r.err.lines().findFirst().orElseThrow());
        assertEquals(2, r.err.lines().count(), r.err); // the line and the count
    }

    @Test
    void aGlobThatMatchesNothingIsRefusedOnPlanApplyAndVerify() throws IOException {
        for (String verb : new String[]{"plan", "apply", "verify"}) {
            CliRun r = CliRun.run(CliRun.pipeline(), verb, fleet, "--vm", "web-*");
            assertEquals(ExitCode.INVALID_INPUT, r.exit, verb + ": " + r);
            // Found once the inventory is read (a spec pattern may be what the glob was meant to meet): one line.
            assertEquals(1, r.err.lines().filter(l -> l.contains("error:")).count(), r.err);
            assertTrue(r.err.contains("command line: error: --vm 'web-*' matches no VM of the spec"), r.err);
        }
        assertFalse(Files.exists(dir.resolve("state/lab.json")), "nothing was changed");
    }

    @Test
    void aMalformedGlobIsRefusedBeforeAnythingIsRead() {
        CliRun r = CliRun.run(CliRun.pipeline(), "verify", fleet, "--vm", "vdi-[");
        assertEquals(ExitCode.INVALID_INPUT, r.exit, r.toString());
        assertTrue(r.err.contains("--vm 'vdi-[' is not a valid pattern"), r.err);
        assertTrue(r.err.contains("nothing was contacted or changed"), r.err);
    }

    @Test
    void applyWithASelectionChangesAndVerifiesOnlyThoseVms() throws IOException {
        CliRun r = CliRun.run(CliRun.pipeline(), "apply", "--auto-approve", fleet, "--vm", "vdi-new");
        assertEquals(0, r.exit, r.toString());
        assertTrue(r.out.contains("Apply: 1 applied"), r.out);
        assertTrue(r.out.contains("Verification: 1 VM"), r.out);
        assertTrue(state().contains("vdi-new"), state());
        CliRun plan = CliRun.run(CliRun.pipeline(), "plan", fleet);
        assertTrue(plan.out.contains("lab/vdi-01  update"), "vdi-01 was left alone: " + plan.out);
    }

    @Test
    void verifyProbesOnlyTheSelectedVms() {
        CliRun.run(CliRun.pipeline(), "apply", "--auto-approve", "--no-verify", fleet);
        CliRun r = CliRun.run(CliRun.pipeline(), "verify", fleet, "--vm", "vdi-02", "--vm", "vdi-n*");
        assertEquals(0, r.exit, r.toString());
        assertTrue(r.out.contains("Verification: 2 VMs"), r.out);
        assertFalse(r.out.contains("vdi-01"), r.out);
    }

    @Test
    void aSavedPlanRecordsItsSelectionAndAppliesExactlyThat() throws IOException {
        Path planFile = dir.resolve("canary.json");
        CliRun plan = CliRun.run(CliRun.pipeline(), "plan", fleet, "--vm", "vdi-01", "--out", planFile.toString());
        assertEquals(0, plan.exit, plan.toString());
        JsonNode saved = new ObjectMapper().readTree(planFile.toFile());
        assertEquals("vdi-01", saved.at("/selection/vms/0").asText());
        assertTrue(saved.at("/selection/targets").isEmpty());
        // A VM outside the selection changes meanwhile: the canary's plan is not stale for that.
        assertEquals(0, CliRun.run(CliRun.pipeline(), "apply", "--auto-approve", "--no-verify", fleet,
                "--vm", "vdi-new").exit);
        CliRun apply = CliRun.run(CliRun.pipeline(), "apply", planFile.toString());
        assertEquals(0, apply.exit, apply.toString());
        assertTrue(apply.out.contains("Apply: 1 applied"), apply.out);
        assertTrue(apply.out.contains("Verification: 1 VM"), apply.out);
        CliRun show = CliRun.run(CliRun.pipeline(), "show", planFile.toString());
        assertTrue(show.out.contains("Selected: --vm 'vdi-01'"), show.out);
    }

    @Test
    void aSavedPlanTakesNoFurtherSelection() throws IOException {
        Path planFile = dir.resolve("plan.json");
        CliRun.run(CliRun.pipeline(), "plan", fleet, "--out", planFile.toString());
        CliRun r = CliRun.run(CliRun.pipeline(), "apply", planFile.toString(), "--vm", "vdi-01");
        assertEquals(ExitCode.INVALID_INPUT, r.exit, r.toString());
        assertTrue(r.err.contains("a saved plan applies the selection it was made with"), r.err);
        assertFalse(Files.exists(dir.resolve("state/lab.json")));
    }

    @Test
    void helpDescribesTheSelectionOptions() {
        for (String verb : new String[]{"plan", "apply", "verify"}) {
            CliRun help = CliRun.run(CliRun.pipeline(), verb, "--help");
            assertTrue(help.out.contains("--target=NAME") && help.out.contains("--vm=GLOB"), help.out);
        }
    }
}
