package dev.provision.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provision.engine.ProviderRegistry;
import dev.provision.event.EventSink;
import dev.provision.guest.GuestFacts;
import dev.provision.model.Change;
import dev.provision.provider.ChangeRules;
import dev.provision.provider.Inventory;
import dev.provision.provider.ObservedVm;
import dev.provision.provider.Provider;
import dev.provision.spec.GuestSpec;
import dev.provision.provider.ProviderException;
import dev.provision.spec.TargetKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** validate, plan, apply and verify end to end on the lab, through the real command line. */
class CliWorkflowTest {
    @TempDir
    Path dir;

    private Path fleet;

    @BeforeEach
    void copySpecs() throws IOException {
        for (String name : List.of("fleet.yaml", "failing.yaml", "unverifiable.yaml", "no-match.yaml",
                "remediate.yaml")) {
            try (InputStream in = getClass().getResourceAsStream("/cli/" + name)) {
                Files.copy(in, dir.resolve(name));
            }
        }
        fleet = dir.resolve("fleet.yaml");
    }

    private Path state() {
        return dir.resolve("state/lab.json");
    }

    private String spec(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void validateAcceptsAGoodSpecWithoutTouchingTheLab() {
        CliRun r = CliRun.run(CliRun.pipeline(), "validate", fleet.toString());
        assertEquals(0, r.exit, r.toString());
        assertTrue(r.out.contains("valid"), r.out);
        assertFalse(Files.exists(state()));
    }

    @Test
    void planShowsEveryChangeAndWhichOnesRestartAMachine() {
        CliRun r = CliRun.run(CliRun.pipeline(), "plan", fleet.toString());
        assertEquals(0, r.exit, r.toString());
        assertTrue(r.out.contains("lab/vdi-01  update  [power-cycle]"), r.out);
        assertTrue(r.out.contains("nestedVirtualization: false -> true"), r.out);
        assertTrue(r.out.contains("+ lab/vdi-new  create"), r.out);
        assertTrue(r.out.contains("Plan: 1 to create, 1 to update, 0 to replace, 1 unchanged"), r.out);
        assertTrue(r.out.contains("1 change restarts, deallocates or replaces a machine"), r.out);
        assertFalse(Files.exists(state()), "plan changes nothing");
    }

    @Test
    void detailedExitCodeSaysWhetherThereAreChanges() {
        assertEquals(ExitCode.CHANGES_PRESENT, CliRun.run(CliRun.pipeline(), "plan", "--detailed-exitcode",
                fleet.toString()).exit);
        assertEquals(0, CliRun.run(CliRun.pipeline(), "apply", "--auto-approve", fleet.toString()).exit);
        CliRun after = CliRun.run(CliRun.pipeline(), "plan", "--detailed-exitcode", fleet.toString());
        assertEquals(ExitCode.OK, after.exit, after.toString());
        assertTrue(after.out.contains("No changes."), after.out);
    }

    @Test
    void planJsonIsTheVersionedDocument() throws Exception {
        CliRun r = CliRun.run(CliRun.pipeline(), "plan", "--json", fleet.toString());
        assertEquals(0, r.exit, r.toString());
        JsonNode root = new ObjectMapper().readTree(r.out);
        assertEquals(1, root.get("formatVersion").asInt());
        assertEquals(3, root.get("changes").size());
        JsonNode vdi01 = root.get("changes").get(0);
        assertEquals("lab", vdi01.get("target").asText());
        assertEquals("vdi-01", vdi01.get("vm").asText());
        assertEquals("power-cycle", vdi01.get("disruption").get(0).asText());
        assertTrue(vdi01.get("reasons").size() > 0);
        assertEquals(false, vdi01.get("before").get("nestedVirtualization").asBoolean());
        assertEquals(true, vdi01.get("after").get("nestedVirtualization").asBoolean());
    }

    @Test
    void applyAsksAPersonAndDoesNothingWithoutAYes() {
        List<String> asked = CliRun.asked();
        CliRun r = CliRun.run(CliRun.person("no", asked), "apply", fleet.toString());
        assertEquals(ExitCode.FAILURE, r.exit, r.toString());
        assertEquals(1, asked.size());
        assertTrue(r.err.contains("Apply cancelled; nothing was changed."), r.err);
        assertFalse(Files.exists(state()));
    }

    @Test
    void applyWithNobodyToAskRefusesWithoutAutoApprove() {
        CliRun r = CliRun.run(CliRun.pipeline(), "apply", fleet.toString());
        assertEquals(ExitCode.INVALID_INPUT, r.exit, r.toString());
        assertTrue(r.err.contains("--auto-approve"), r.err);
        assertFalse(Files.exists(state()));
    }

    @Test
    void applyChangesVerifiesAndASecondApplyIsANoOp() {
        List<String> asked = CliRun.asked();
        CliRun first = CliRun.run(CliRun.person("yes", asked), "apply", fleet.toString());
        assertEquals(0, first.exit, first.toString());
        assertTrue(first.out.contains("Apply: 2 applied, 0 failed"), first.out);
        assertTrue(first.out.contains("Verification: 3 VMs, 3 passed, 0 failed."), first.out);
        CliRun second = CliRun.run(CliRun.person("yes", asked), "apply", fleet.toString());
        assertEquals(0, second.exit, second.toString());
        assertTrue(second.out.contains("No changes."), second.out);
        assertTrue(second.out.contains("Apply: 0 applied"), second.out);
        assertEquals(1, asked.size(), "nothing to approve the second time");
    }

    @Test
    void aSavedPlanIsAppliedAsReviewedWithoutAskingAgain() throws Exception {
        Path planFile = dir.resolve("plan.json");
        assertEquals(0, CliRun.run(CliRun.pipeline(), "plan", fleet.toString(), "--out", planFile.toString()).exit);
        String saved = Files.readString(planFile);
        assertFalse(saved.contains("labuser-password"), "no secret in a plan");
        CliRun r = CliRun.run(CliRun.pipeline(), "apply", planFile.toString());
        assertEquals(0, r.exit, r.toString());
        assertTrue(r.out.contains("Apply: 2 applied"), r.out);
    }

    @Test
    void aSavedPlanIsRefusedWhenAVmChangedSince() throws Exception {
        Path planFile = dir.resolve("plan.json");
        CliRun.run(CliRun.pipeline(), "plan", fleet.toString(), "--out", planFile.toString());
        assertEquals(0, CliRun.run(CliRun.pipeline(), "apply", "--auto-approve", "--no-verify",
                fleet.toString()).exit);
        String stateBefore = Files.readString(state());
        CliRun r = CliRun.run(CliRun.pipeline(), "apply", planFile.toString());
        assertEquals(ExitCode.STALE_PLAN, r.exit, r.toString());
        assertTrue(r.err.contains("lab/vdi-01"), r.err);
        assertTrue(r.err.contains("stale"), r.err);
        assertEquals(stateBefore, Files.readString(state()), "a stale plan changes nothing");
    }

    @Test
    void aSavedPlanIsRefusedWhenTheSpecChangedSince() throws Exception {
        Path planFile = dir.resolve("plan.json");
        CliRun.run(CliRun.pipeline(), "plan", fleet.toString(), "--out", planFile.toString());
        Files.writeString(fleet, Files.readString(fleet).replace("shutdownTimeout: 2m", "shutdownTimeout: 3m"));
        CliRun r = CliRun.run(CliRun.pipeline(), "apply", planFile.toString());
        assertEquals(ExitCode.STALE_PLAN, r.exit, r.toString());
        assertTrue(r.err.contains("spec"), r.err);
        assertFalse(Files.exists(state()));
    }

    @Test
    void oneFailingVmDoesNotStopTheOthersAndTheReportSaysWhichAndInWhatState() {
        CliRun r = CliRun.run(CliRun.pipeline(), "apply", "--auto-approve", spec("failing.yaml"));
        assertEquals(ExitCode.APPLY_PARTLY_FAILED, r.exit, r.toString());
        assertTrue(r.out.contains("Apply: 1 applied, 1 failed"), r.out);
        assertTrue(r.out.contains("FAILED lab/bad-01"), r.out);
        assertTrue(r.out.contains("VM left powered on, unchanged"), r.out);
    }

    @Test
    void verificationFailureHasItsOwnExitCodeAndNamesTheCause() {
        CliRun r = CliRun.run(CliRun.pipeline(), "apply", "--auto-approve", spec("unverifiable.yaml"));
        assertEquals(ExitCode.VERIFICATION_FAILED, r.exit, r.toString());
        assertTrue(r.out.contains("PENDING lab/vdi-01"), r.out);
        assertTrue(r.out.contains("nested virtualization is not exposed by the hypervisor"), r.out);
        CliRun verify = CliRun.run(CliRun.pipeline(), "verify", spec("unverifiable.yaml"));
        assertEquals(ExitCode.VERIFICATION_FAILED, verify.exit, verify.toString());
    }

    @Test
    void verifyPassesOnAHealthyFleet() {
        CliRun.run(CliRun.pipeline(), "apply", "--auto-approve", "--no-verify", fleet.toString());
        CliRun r = CliRun.run(CliRun.pipeline(), "verify", fleet.toString());
        assertEquals(0, r.exit, r.toString());
        assertTrue(r.out.contains("pass    wsl2-boot"), r.out);
    }

    @Test
    void verifyWritesEveryReportFormatAndNamesTheCauseInEach() throws Exception {
        Path junit = dir.resolve("reports/verify.xml");
        Path json = dir.resolve("reports/verify.json");
        Path markdown = dir.resolve("reports/verify.md");
        CliRun r = CliRun.run(CliRun.pipeline(), "verify", spec("unverifiable.yaml"), "--report", "junit=" + junit,
                "--report", "json=" + json, "--report", "markdown=" + markdown);
        assertEquals(ExitCode.VERIFICATION_FAILED, r.exit, r.toString());
        String cause = "nested virtualization is not exposed by the hypervisor";
        for (Path report : List.of(junit, json, markdown)) {
            assertTrue(Files.readString(report).contains(cause), report + " names the cause");
            assertTrue(r.err.contains("Wrote report " + report), r.err);
        }
        javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
        assertTrue(Files.readString(junit).contains("<failure"), "a failed check is a failed test case");
    }

    @Test
    void aReportNeedsTheVerificationThatNoVerifySkips() {
        CliRun r = CliRun.run(CliRun.pipeline(), "apply", "--auto-approve", "--no-verify", "--report",
                "junit=x.xml", fleet.toString());
        assertEquals(ExitCode.INVALID_INPUT, r.exit, r.toString());
        assertFalse(Files.exists(state()));
    }

    @Test
    void anUnknownReportFormatIsInvalidInput() {
        CliRun r = CliRun.run(CliRun.pipeline(), "verify", "--report", "pdf=x.pdf", fleet.toString());
        assertEquals(ExitCode.INVALID_INPUT, r.exit, r.toString());
        assertTrue(r.err.contains("unknown report format 'pdf'"), r.err);
    }

    @Test
    void optInRemediationEnablesTheMissingFeaturesWithARestartShownInThePlan() throws Exception {
        CliRun plan = CliRun.run(CliRun.pipeline(), "plan", "--json", spec("remediate.yaml"));
        assertEquals(0, plan.exit, plan.toString());
        JsonNode vdi01 = new ObjectMapper().readTree(plan.out).get("changes").get(0);
        assertEquals("update", vdi01.get("action").asText());
        assertEquals("reboot", vdi01.get("disruption").get(0).asText());
        // Windows 11 (the lab's edition) runs WSL 2 without the WSL optional component: it is not enabled.
        assertEquals("[\"VirtualMachinePlatform\"]", vdi01.get("enableFeatures").toString());
        assertTrue(plan.out.contains("the VM is off"), "a VM that is off cannot be probed: " + plan.out);

        CliRun apply = CliRun.run(CliRun.pipeline(), "apply", "--auto-approve", spec("remediate.yaml"));
        assertTrue(apply.out.contains("Apply: 1 applied"), apply.out);
        assertTrue(apply.err.contains("lab/vdi-01: restarting guest"), apply.err);
        assertTrue(apply.out.contains("lab/vdi-01\n  pass"), apply.out);
        assertEquals(ExitCode.VERIFICATION_FAILED, apply.exit, "vdi-02 is off and cannot be verified: " + apply);

        CliRun again = CliRun.run(CliRun.pipeline(), "plan", "--detailed-exitcode", spec("remediate.yaml"));
        assertEquals(ExitCode.OK, again.exit, again.toString());
    }

    @Test
    void withoutTheOptInAMissingFeatureIsAFailureThatNamesTheFix() {
        String noOptIn = spec("remediate.yaml");
        CliRun r = CliRun.run(CliRun.pipeline(), "verify", noOptIn);
        assertEquals(ExitCode.VERIFICATION_FAILED, r.exit);
        assertTrue(r.out.contains("guest.enableFeatures: true"), r.out);
    }

    @Test
    void aPatternMatchingNothingIsInvalidInputAtItsLine() {
        CliRun r = CliRun.run(CliRun.pipeline(), "plan", spec("no-match.yaml"));
        assertEquals(ExitCode.INVALID_INPUT, r.exit, r.toString());
        assertTrue(r.err.contains("no-match.yaml:8:"), r.err);
        assertTrue(r.err.contains("matches no VM"), r.err);
    }

    @Test
    void aCloudThatCannotBeReachedIsARuntimeFailureInOneLine() {
        Context unreachable = CliRun.withProviders(d -> new ProviderRegistry().register(TargetKind.LAB, t -> {
            throw new ProviderException("connection refused by lab.example:443");
        }));
        CliRun r = CliRun.run(unreachable, "plan", fleet.toString());
        assertEquals(ExitCode.FAILURE, r.exit, r.toString());
        assertTrue(r.err.lines().anyMatch(l -> l.equals("error: connection refused by lab.example:443")), r.err);
        assertFalse(r.err.contains("\tat "), "no stack trace without -vv");
    }

    @Test
    void anInterruptedRunExits130() {
        Context reading = CliRun.withProviders(d -> new ProviderRegistry().register(TargetKind.LAB,
                t -> new InterruptedReads()));
        CliRun r = CliRun.run(reading, "plan", fleet.toString());
        assertEquals(ExitCode.INTERRUPTED, r.exit, r.toString());
    }

    /** A provider whose read is interrupted, as by Ctrl-C while waiting on the cloud. */
    private static final class InterruptedReads implements Provider {
        @Override
        public Inventory read() throws InterruptedException {
            throw new InterruptedException();
        }

        @Override
        public ChangeRules rules() {
            throw new UnsupportedOperationException();
        }

        @Override
        public ObservedVm apply(Change c, EventSink e) {
            throw new UnsupportedOperationException();
        }

        @Override
        public GuestFacts probe(ObservedVm vm, GuestSpec g) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void progressGoesToStderrAsTimestampedLinesInAPipeline() {
        CliRun r = CliRun.run(CliRun.pipeline(), "apply", "--auto-approve", fleet.toString());
        assertTrue(r.err.lines().anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\S+Z lab/vdi-01: .*")), r.err);
        assertFalse(r.out.contains("reading inventory"), "progress never goes to stdout");
    }
}
