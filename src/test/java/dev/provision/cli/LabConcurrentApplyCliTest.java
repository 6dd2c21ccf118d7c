package dev.provision.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provision.boot.Providers;
import dev.provision.engine.ProviderRegistry;
import dev.provision.provider.LeaseTerm;
import dev.provision.rehearsal.lab.LabProvider;
import dev.provision.spec.TargetKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two applies of one lab spec at once (issue 15, "two applies at once"): the lab keeps its leases in its state file
 * as the clouds keep theirs on the VM. The race is made deterministic: the first apply's changes are held at their
 * first step (inside their leases) until the test has run a plan and a second apply, so the second meets live
 * leases every time. No wall-clock assertion: the bound on the hold only turns a hang into a failure.
 */
class LabConcurrentApplyCliTest {
    private static final List<String> VMS = List.of("desk-a", "desk-b");
    /** Each step of the child's lab change in the two-process test: far longer than this process's whole apply. */
    private static final Duration CHILD_STEP = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void theSecondApplyRefusesTheLeasedVmsAndTheFirstChangesEachOnce() throws Exception {
        Path spec = spec();
        HeldChanges hold = new HeldChanges(VMS.size());
        Context held = CliRun.withProviders(specDir -> new ProviderRegistry().register(TargetKind.LAB,
                target -> hold.around(LabProvider.open(target, specDir))));

        CompletableFuture<CliRun> first = CompletableFuture.supplyAsync(
                () -> CliRun.run(held, "apply", "--auto-approve", "--no-verify", spec.toString()));
        CliRun plan;
        CliRun second;
        try {
            hold.awaitAllHeld();
            plan = CliRun.run(CliRun.pipeline(), "plan", spec.toString());
            second = CliRun.run(CliRun.pipeline(), "apply", "--auto-approve", "--no-verify", spec.toString());
        } finally {
            hold.release();
        }
        CliRun firstRun = first.get(HeldChanges.DEADLINE.toSeconds(), TimeUnit.SECONDS);

        SecondApplyRefused.assertOn("lab", VMS, firstRun, plan, second);
        JsonNode state = new ObjectMapper().readTree(dir.resolve("state/lab.json").toFile());
        for (JsonNode vm : state.path("vms")) {
            assertTrue(vm.path("nestedVirtualization").asBoolean(), vm.toString());
            assertFalse(vm.has("lease"), "the first apply released its lease: " + vm);
        }
        CliRun third = CliRun.run(CliRun.pipeline(), "apply", "--auto-approve", "--no-verify", spec.toString());
        assertEquals(ExitCode.OK, third.exit, third.toString());
        assertTrue(third.out.contains("No changes"), "the VMs were changed once, by the first apply:\n" + third);
    }

    @Test
    void anExpiredLeaseInTheStateFileIsShownByPlanAndTakenOverByApply() throws Exception {
        Path spec = spec();
        // What a crashed apply leaves: the state file with its lease, long expired (format: README, Leases).
        Files.createDirectories(dir.resolve("state"));
        Files.writeString(dir.resolve("state/lab.json"), """
                {"vms": [{"name": "desk-a", "power": "on", "nestedVirtualization": false, "vcpus": 2, "memoryGiB": 8,
                          "features": [], "lease": "run=0badc0de,host=gone,pid=1;expires=2020-01-01T00:00:00Z"}]}
                """);

        CliRun plan = CliRun.run(CliRun.pipeline(), "plan", spec.toString());
        CliRun apply = CliRun.run(CliRun.pipeline(), "apply", "--auto-approve", "--no-verify", spec.toString());

        assertTrue(plan.out.contains("lab/desk-a: carries an expired lease (run=0badc0de,host=gone,pid=1 until "
                + "2020-01-01T00:00:00Z)"), plan.toString());
        assertEquals(ExitCode.OK, apply.exit, apply.toString());
        assertTrue(apply.err.contains("lab/desk-a: taking over an expired lease (run=0badc0de"), apply.toString());
        String after = Files.readString(dir.resolve("state/lab.json"));
        assertFalse(after.contains("\"lease\""), "taken over, then released:\n" + after);
    }

    /**
     * Two processes, as two pipelines would run them, on one state file: a child provision changes desk-a, whose
     * steps take {@link #CHILD_STEP} (the lab's stepDelay, in the child's own spec); this process, started once the
     * child is in desk-a's first step, meets the child's lease there and changes desk-b meanwhile. The child is then
     * stopped (SIGTERM): it releases its lease with one more write of the file, after this process's writes. Without
     * the read-modify-write under the file lock, that write would put desk-b back as the child first read it. The
     * step only has to outlast this process's apply: a bound, not a measure.
     */
    @Test
    void twoProcessesEachChangeTheVmTheyLeasedAndNeitherLosesTheOthersWrite() throws Exception {
        Path childSpec = spec("child.yaml", CHILD_STEP, "desk-a");
        Path spec = spec();
        Path childErr = dir.resolve("child.err");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "apply", childSpec.toString(), "--auto-approve", "--no-verify")
                .directory(dir.toFile()).redirectOutput(dir.resolve("child.out").toFile())
                .redirectError(childErr.toFile()).start();
        try {
            awaitLine(child, childErr, "lab/desk-a: shutting down guest");
            CliRun here = CliRun.run(CliRun.pipeline(), "apply", "--auto-approve", "--no-verify", spec.toString());
            assertTrue(child.isAlive(), "the child was still in desk-a's first step: " + Files.readString(childErr));
            child.destroy(); // SIGTERM, as a CI cancel sends
            assertTrue(child.waitFor(HeldChanges.DEADLINE.toSeconds(), TimeUnit.SECONDS), "the child ended");

            assertEquals(ExitCode.APPLY_PARTLY_FAILED, here.exit, here.toString());
            // The child runs on this machine and is alive: its lease refuses, it is not taken over as an ended one's.
            assertTrue(here.out.contains("REFUSED lab/desk-a: VM 'desk-a' is leased by another apply (run=")
                    && here.out.contains(",pid=" + child.pid() + ",machine="), here.toString());
            assertTrue(here.out.contains("Apply: 1 applied, 0 failed, 1 refused"), here.toString());
            assertEquals(ExitCode.INTERRUPTED, child.exitValue(), Files.readString(childErr));
        } finally {
            child.destroyForcibly();
        }
        JsonNode state = new ObjectMapper().readTree(dir.resolve("state/lab.json").toFile());
        assertEquals(List.of("desk-a off, nested false, marked, not leased", "desk-b on, nested true, not leased"),
                describe(state), "desk-b as this process left it, desk-a as the stopped child did");
        CliRun next = CliRun.run(CliRun.pipeline(), "apply", "--auto-approve", "--no-verify", spec.toString());
        assertEquals(ExitCode.OK, next.exit, "the next apply finishes desk-a: " + next);
        assertEquals(List.of("desk-a on, nested true, not leased", "desk-b on, nested true, not leased"),
                describe(new ObjectMapper().readTree(dir.resolve("state/lab.json").toFile())));
    }

    private static List<String> describe(JsonNode state) {
        List<String> out = new java.util.ArrayList<>();
        for (JsonNode vm : state.path("vms")) {
            out.add(vm.path("name").asText() + " " + vm.path("power").asText() + ", nested "
                    + vm.path("nestedVirtualization").asBoolean() + (vm.has("restorePowerState") ? ", marked" : "")
                    + (vm.has("lease") ? ", leased" : ", not leased"));
        }
        return out;
    }

    /** Waits (bounded, not timed) until the child has written {@code fragment} to its stderr. */
    private static void awaitLine(Process child, Path err, String fragment) throws Exception {
        long giveUp = System.nanoTime() + HeldChanges.DEADLINE.toNanos();
        while (!Files.readString(err).contains(fragment)) {
            if (!child.isAlive() || System.nanoTime() > giveUp) {
                throw new AssertionError("no '" + fragment + "' from the child:\n" + Files.readString(err));
            }
            Thread.sleep(50);
        }
    }

    @Test
    void aLeaseTermThatIsNotANumberOfSecondsIsBadInputAtTheTarget() throws Exception {
        Path spec = spec();
        Map<String, String> env = Map.of("CI", "true", LeaseTerm.VARIABLE, "half an hour");
        CliRun r = CliRun.run(new Context(env, null, folder -> Providers.standard(folder, env)), "apply",
                "--auto-approve", spec.toString());
        assertEquals(ExitCode.INVALID_INPUT, r.exit, r.toString());
        assertTrue(r.err.lines().anyMatch(l -> l.startsWith(spec + ":5:5: error: ") && l.endsWith("PROVISION_LEASE_SECONDS must "
                + "be a whole number of seconds from 3 to 86400, not 'half an hour'")), r.toString());
        assertFalse(r.err.contains("Exception"), r.toString());
        assertFalse(Files.exists(dir.resolve("state/lab.json")), "nothing changed");
    }

    private Path spec() throws java.io.IOException {
        return spec("lab.yaml", Duration.ZERO, "desk-*");
    }

    /** A lab spec (its state in state/lab.json) that wants nesting on the VMs {@code pattern} names. */
    private Path spec(String name, Duration stepDelay, String pattern) throws java.io.IOException {
        return Files.writeString(dir.resolve(name), """
                desired:
                  nestedVirtualization: true
                  powerCycle: graceful
                targets:
                  - name: lab
                    kind: lab
                    lab:
                      stateFile: state/lab.json%s
                      vms:
                        - {name: desk-a, power: "on", nestedVirtualization: false, vcpus: 2, memoryGiB: 8, features: []}
                        - {name: desk-b, power: "on", nestedVirtualization: false, vcpus: 2, memoryGiB: 8, features: []}
                    vms:
                      - pattern: "%s"
                """.formatted(stepDelay.isZero() ? "" : "\n      stepDelay: " + stepDelay.toSeconds() + "s", pattern));
    }
}
