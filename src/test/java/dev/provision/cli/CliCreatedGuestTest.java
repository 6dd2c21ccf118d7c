package dev.provision.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provision.boot.Providers;
import dev.provision.engine.ProviderRegistry;
import dev.provision.event.EventSink;
import dev.provision.rehearsal.lab.LabProvider;
import dev.provision.model.Change;
import dev.provision.provider.Provider;
import dev.provision.provider.ProviderException;
import dev.provision.spec.TargetKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One apply to a verified desktop on the lab, through the command line: a VM created with
 * {@code guest.enableFeatures: true} is probed after its create, given the features its checks need, restarted and
 * verified in the same apply; the plan says so before; an apply stopped between the create and the features
 * finishes on the next run.
 */
class CliCreatedGuestTest {
    private static final String ADDED = "Microsoft-Hyper-V-All, VirtualMachinePlatform";

    @TempDir
    Path dir;

    private String spec;

    @BeforeEach
    void copySpec() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/cli/create-then-features.yaml")) {
            Files.copy(in, dir.resolve("create-then-features.yaml"));
        }
        spec = dir.resolve("create-then-features.yaml").toString();
    }

    @Test
    void thePlanPromisesTheFeaturesAfterTheCreateAndTheRestartTheyCost() throws Exception {
        CliRun text = CliRun.run(CliRun.pipeline(), "plan", spec);
        assertEquals(0, text.exit, text.toString());
        assertTrue(text.out.contains("+ lab/dev-new  create  [reboot]"), text.out);
        assertTrue(text.out.contains("    then probe the new guest and enable the missing Windows features, restart "
                + "[reboot] (guest.enableFeatures)"), text.out);
        assertFalse(text.out.contains("guest features not checked"), "a promise, not a warning: " + text.out);
        assertTrue(text.out.contains("1 change restarts, deallocates or replaces a machine."), text.out);

        CliRun json = CliRun.run(CliRun.pipeline(), "plan", "--json", spec);
        JsonNode create = change(json, "dev-new");
        assertEquals("create", create.get("action").asText());
        assertTrue(create.get("featuresAfterCreate").asBoolean(), create.toString());
        assertEquals("[\"reboot\"]", create.get("disruption").toString());
        assertNull(create.get("enableFeatures"), "which features is only known after the create: " + create);
        assertNull(change(json, "vdi-01").get("featuresAfterCreate"), "only a create carries the promise");
        assertFalse(Files.exists(dir.resolve("state/lab.json")), "plan changes nothing");
    }

    @Test
    void aVmCreatedInThisApplyIsProbedGivenItsFeaturesRestartedAndVerified() throws Exception {
        CliRun apply = CliRun.run(CliRun.pipeline(), "apply", "--auto-approve", spec);
        assertEquals(ExitCode.OK, apply.exit, apply.toString());
        assertTrue(apply.err.contains("lab/dev-new: probing the new guest for missing Windows features"), apply.err);
        assertTrue(apply.err.contains("lab/dev-new: enabling " + ADDED + " in the guest"), apply.err);
        assertTrue(apply.err.contains("lab/dev-new: restarting guest"), apply.err);
        assertTrue(apply.out.contains("lab/dev-new\n  pass    windows-edition"), apply.out);
        assertTrue(apply.out.contains("Verification: 2 VMs, 2 passed, 0 failed."), apply.out);

        CliRun again = CliRun.run(CliRun.pipeline(), "apply", "--auto-approve", spec);
        assertEquals(ExitCode.OK, again.exit, again.toString());
        assertTrue(again.out.contains("No changes."), again.out);
        assertFalse(again.err.contains("restarting guest"), again.err);
        assertEquals(ExitCode.OK, CliRun.run(CliRun.pipeline(), "plan", "--detailed-exitcode", spec).exit);
    }

    @Test
    void aSavedPlanKeepsThePromiseAndItsApplyIsNotTakenForDrift() throws Exception {
        Path saved = dir.resolve("plan.json");
        assertEquals(0, CliRun.run(CliRun.pipeline(), "plan", "--out", saved.toString(), spec).exit);
        assertTrue(Files.readString(saved).contains("\"featuresAfterCreate\" : true"), Files.readString(saved));

        CliRun apply = CliRun.run(CliRun.pipeline(), "apply", saved.toString());
        assertEquals(ExitCode.OK, apply.exit, apply.toString());
        assertTrue(apply.err.contains("lab/dev-new: enabling " + ADDED + " in the guest"), apply.err);
        assertTrue(apply.out.contains("Verification: 2 VMs, 2 passed, 0 failed."), apply.out);
        assertEquals(ExitCode.OK, CliRun.run(CliRun.pipeline(), "plan", "--detailed-exitcode", spec).exit);
    }

    @Test
    void anApplyStoppedAfterTheCreateFinishesOnTheNextRun() throws Exception {
        AtomicInteger failures = new AtomicInteger(1);
        Context failingOnce = CliRun.withProviders(specDir -> new ProviderRegistry().register(TargetKind.LAB,
                target -> new FeatureStepFails(LabProvider.open(target, specDir), failures)));

        CliRun stopped = CliRun.run(failingOnce, "apply", "--auto-approve", spec);
        assertEquals(ExitCode.APPLY_PARTLY_FAILED, stopped.exit, stopped.toString());
        assertTrue(stopped.out.contains("the VM was created, but its guest features were not enabled"),
                stopped.toString());
        assertTrue(stopped.out.contains("lab/dev-new\n  pass    windows-edition"), "the VM exists, so its guest "
                + "is verified and shows what is left: " + stopped.out);
        assertTrue(stopped.out.contains("fail    hyperv"), stopped.out);

        CliRun next = CliRun.run(failingOnce, "plan", "--json", spec);
        JsonNode update = change(next, "dev-new");
        assertEquals("update", update.get("action").asText(), next.out);
        assertEquals("[\"Microsoft-Hyper-V-All\",\"VirtualMachinePlatform\"]", update.get("enableFeatures").toString());

        CliRun finish = CliRun.run(failingOnce, "apply", "--auto-approve", spec);
        assertEquals(ExitCode.OK, finish.exit, finish.toString());
        assertTrue(finish.out.contains("Verification: 2 VMs, 2 passed, 0 failed."), finish.out);
        assertEquals(ExitCode.OK, CliRun.run(failingOnce, "plan", "--detailed-exitcode", spec).exit);
    }

    /** The main job, samples/lab.yaml, on the lab and the embedded ARM emulator: every VM verified, then a no-op. */
    @Test
    void theMainJobEndsWithEveryVmVerifiedAndASecondApplyIsANoOp() throws Exception {
        Files.copy(Path.of("samples/lab.yaml"), dir.resolve("lab.yaml"));
        Files.copy(Path.of("samples/lab-azure-admin-password.txt"), dir.resolve("lab-azure-admin-password.txt"));
        java.util.Map<String, String> env = java.util.Map.of("CI", "true",
                "PROVISION_CACHE_DIR", dir.resolve("cache").toString());
        Context context = new Context(env, null, specDir -> Providers.standard(specDir, env));
        String lab = dir.resolve("lab.yaml").toString();

        CliRun first = CliRun.run(context, "apply", lab, "--auto-approve");
        assertEquals(ExitCode.OK, first.exit, first.toString());
        assertTrue(first.err.contains("lab/dev-01: enabling " + ADDED + " in the guest"), first.err);
        assertTrue(first.err.contains("azure-rehearsal/az-dev-01: enabling " + ADDED + " in the guest"), first.err);
        assertTrue(first.out.contains("Verification: 6 VMs, 6 passed, 0 failed."), first.out);

        CliRun second = CliRun.run(context, "apply", lab, "--auto-approve");
        assertEquals(ExitCode.OK, second.exit, second.toString());
        assertTrue(second.out.contains("No changes. 6 VMs already as wanted."), second.out);
    }

    private static JsonNode change(CliRun plan, String vm) throws IOException {
        List<JsonNode> found = new ArrayList<>();
        new ObjectMapper().readTree(plan.out).get("changes").forEach(c -> {
            if (c.get("vm").asText().equals(vm)) {
                found.add(c);
            }
        });
        assertEquals(1, found.size(), plan.out);
        return found.get(0);
    }

    /** The lab, whose feature step fails a given number of times: an apply stopped after the create. */
    private static final class FeatureStepFails extends ForwardingProvider {
        private final AtomicInteger failures;

        FeatureStepFails(Provider lab, AtomicInteger failures) {
            super(lab);
            this.failures = failures;
        }

        @Override
        public void enableFeatures(Change change, EventSink events) throws ProviderException, InterruptedException {
            if (failures.getAndDecrement() > 0) {
                throw new ProviderException("the run stopped before the features were enabled", "running, "
                        + "features unchanged", null);
            }
            inside.enableFeatures(change, events);
        }
    }
}
