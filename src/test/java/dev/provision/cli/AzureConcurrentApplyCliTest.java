package dev.provision.cli;

import dev.provision.rehearsal.DocumentedNesting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.armlab.ArmEmulator;
import dev.provision.armlab.ArmPowerState;
import dev.provision.armlab.SeedVm;
import dev.provision.boot.Providers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two applies of one spec at once against the ARM emulator (issue 15, "two applies at once"). Each long-running
 * operation takes a few polls, and the second apply starts only once the first holds both leases (a tag the
 * emulator shows at once), so the second meets live leases every time; the emulator enforces If-Match on the VM's
 * etag with 412 PreconditionFailed, as ARM does, so the compare-and-set under the lease is real here.
 */
class AzureConcurrentApplyCliTest {
    private static final String RG = "lease-rg";
    private static final List<String> VMS = List.of("vdi-a", "vdi-b");

    @TempDir
    Path dir;

    private ArmEmulator arm;

    @AfterEach
    void stop() {
        if (arm != null) {
            arm.close();
        }
    }

    @Test
    void theSecondApplyRefusesTheLeasedVmsAndEveryVmIsDeallocatedAndStartedOnce() throws Exception {
        // One small hardware cluster sends both resizes through deallocate, resize, start (as in CliAzureTest).
        arm = ArmEmulator.builder().nestingFamilies(DocumentedNesting.families()).tlsCacheDir(Path.of("target", "armlab-tls")).pollsBeforeDone(2)
                .retryAfterSeconds(1).resourceGroup(RG, "eastus2").hardwareCluster("Standard_B2s")
                .seedVm(SeedVm.of(RG, VMS.get(0)).size("Standard_D2s_v5"))
                .seedVm(SeedVm.of(RG, VMS.get(1)).size("Standard_D2s_v5")).start();
        Path spec = dir.resolve("azure.yaml");
        Files.writeString(spec, "extends: docker-desktop\ndesired:\n  powerCycle: graceful\n  guest:\n    checks: []\n"
                + "targets:\n" + EmulatorTarget.yaml(arm, RG, dir, VMS));
        Map<String, String> env = Map.of("AZURE_ACCESS_TOKEN", "lease-token", "VM_ADMIN_PASSWORD", "Lease-Pw-1!",
                "CI", "true", "PROVISION_CACHE_DIR", dir.resolve("cache").toString());
        Context context = new Context(env, null, specDir -> Providers.standard(specDir, env));

        CompletableFuture<CliRun> first = CompletableFuture.supplyAsync(
                () -> CliRun.run(context, "apply", "--auto-approve", spec.toString()));
        awaitLeases(first);
        CliRun plan = CliRun.run(context, "plan", spec.toString());
        CliRun second = CliRun.run(context, "apply", "--auto-approve", spec.toString());
        CliRun firstRun = first.get();

        SecondApplyRefused.assertOn("azure", VMS, firstRun, plan, second);
        for (String vm : VMS) {
            assertEquals(1, powerOperations("VirtualMachines_Deallocate", vm), vm + " deallocated once");
            assertEquals(1, powerOperations("VirtualMachines_Start", vm), vm + " started once");
            assertEquals("Standard_D4s_v5", arm.vm(RG, vm).orElseThrow().size());
            assertEquals(ArmPowerState.RUNNING, arm.vm(RG, vm).orElseThrow().powerState());
            assertFalse(arm.vm(RG, vm).orElseThrow().tags().containsKey("provision-lease"), "released on " + vm);
        }
        CliRun third = CliRun.run(context, "apply", "--auto-approve", spec.toString());
        assertEquals(ExitCode.OK, third.exit, "after the first finished, another apply has nothing to do:\n" + third);
    }

    @Test
    void anExpiredLeaseIsShownByPlanAndTakenOverByApply() throws Exception {
        // What a crashed apply leaves: its lease, long expired (the format the README's Leases section describes).
        arm = ArmEmulator.builder().nestingFamilies(DocumentedNesting.families()).tlsCacheDir(Path.of("target", "armlab-tls")).pollsBeforeDone(0)
                .resourceGroup(RG, "eastus2").hardwareCluster("Standard_B2s")
                .seedVm(SeedVm.of(RG, VMS.get(0)).size("Standard_D2s_v5")
                        .tag("provision-lease", "run=0badc0de,host=gone,pid=1;expires=2020-01-01T00:00:00Z")
                        .tag("cost-centre", "vdi")).start();
        Path spec = dir.resolve("azure.yaml");
        Files.writeString(spec, "extends: docker-desktop\ndesired:\n  powerCycle: graceful\n  guest:\n    checks: []\n"
                + "targets:\n" + EmulatorTarget.yaml(arm, RG, dir, List.of(VMS.get(0))));
        Map<String, String> env = Map.of("AZURE_ACCESS_TOKEN", "lease-token", "VM_ADMIN_PASSWORD", "Lease-Pw-1!",
                "CI", "true", "PROVISION_CACHE_DIR", dir.resolve("cache").toString());
        Context context = new Context(env, null, specDir -> Providers.standard(specDir, env));

        CliRun plan = CliRun.run(context, "plan", spec.toString());
        assertTrue(plan.out.contains("azure/vdi-a: carries an expired lease (run=0badc0de,host=gone,pid=1 until "
                + "2020-01-01T00:00:00Z)"), plan.toString());
        CliRun apply = CliRun.run(context, "apply", "--auto-approve", spec.toString());
        assertEquals(ExitCode.OK, apply.exit, apply.toString());
        assertEquals("Standard_D4s_v5", arm.vm(RG, VMS.get(0)).orElseThrow().size());
        assertEquals(Map.of("cost-centre", "vdi"), arm.vm(RG, VMS.get(0)).orElseThrow().tags(),
                "the expired lease was taken over and released; the other tags were kept");
    }

    /** Accepted power operations on one VM, from the emulator's request log. */
    private long powerOperations(String operationId, String vm) {
        return arm.requestLog().byOperation(operationId).stream()
                .filter(e -> e.path().contains("/virtualMachines/" + vm + "/") && e.status() < 300)
                .count();
    }

    /** Waits (bounded by the first apply's end and surefire) until the first apply holds both leases. */
    private void awaitLeases(CompletableFuture<CliRun> first) throws InterruptedException {
        while (!VMS.stream().allMatch(vm -> arm.vm(RG, vm).orElseThrow().tags().containsKey("provision-lease"))) {
            if (first.isDone()) {
                throw new AssertionError("the first apply ended before it held both leases:\n" + first.join());
            }
            Thread.sleep(20);
        }
    }
}
