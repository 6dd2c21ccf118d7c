package dev.provision.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.armlab.ArmEmulator;
import dev.provision.armlab.ArmPowerState;
import dev.provision.armlab.HeldRequest;
import dev.provision.armlab.RequestLog;
import dev.provision.armlab.RequestMatcher;
import dev.provision.armlab.VmSnapshot;
import dev.provision.rehearsal.DocumentedNesting;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a real provision process at each step boundary of an Azure create (issue 15, section 3), against
 * the ARM emulator: the emulator holds the request of the boundary unanswered, the child is killed with SIGKILL while
 * it waits, and the next plan must name what was interrupted and the next apply finish it: one VM, one NIC, the OS
 * disk and NIC of the deterministic names, no create marker left, the VM running, and a second apply with nothing
 * to do. Also the create whose long-running operation failed in Azure (no kill): its VM is finished, not taken for
 * a VM that is as wanted.
 */
class AzureCrashResumeCliTest {
    private static final String RG = "crash-rg";
    private static final String VM = "vdi-new";
    private static final RequestMatcher VM_PUT = RequestMatcher.operation("VirtualMachines_CreateOrUpdate");

    @TempDir
    Path dir;

    private AzureCrashRig rig;

    @AfterEach
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void killedAfterTheNicTheNextApplyCreatesTheVmOnThatNic() throws Exception {
        rig = rig();
        ProvisionProcess killed = rig.applyKilledAt(VM_PUT, HeldRequest::drop); // the VM PUT never reached ARM

        assertTrue(rig.arm.vm(RG, VM).isEmpty(), "no VM yet; " + killed);
        assertEquals(List.of(VM + "-nic"), List.copyOf(rig.arm.networkInterfaces(RG).keySet()));
        assertThePlanSays("create interrupted after the NIC: " + VM + "-nic exists");

        assertFinishedByTheNextApply();
    }

    @Test
    void killedDuringTheVmPutsOperationTheNextApplyFinishesTheCreate() throws Exception {
        rig = rig();
        // The VM PUT is accepted; the child is killed while it polls the create's operation.
        ProvisionProcess child = rig.applyKilledAt(VM_PUT, RequestMatcher.operation("AsyncOperation_Poll"),
                HeldRequest::drop);

        assertTrue(rig.arm.vm(RG, VM).isPresent(), "ARM has the VM the killed apply asked for; " + child);
        assertThePlanSays("create interrupted: VM " + VM + " exists, its first boot was not confirmed");

        assertFinishedByTheNextApply();
    }

    @Test
    void killedDuringTheFirstBootTheNextApplyWaitsForItAndFinishes() throws Exception {
        rig = rig();
        // After the create, the apply reads the VM's instance view until its agent reports Ready: killed there.
        ProvisionProcess child = rig.applyKilledAt(VM_PUT, RequestMatcher.path("GET", "/virtualMachines/" + VM + "$")
                .withQueryParam("$expand", "instanceView"), HeldRequest::drop);

        VmSnapshot created = rig.arm.vm(RG, VM).orElseThrow();
        assertEquals("Succeeded", created.provisioningState(), "the create itself went through; " + child);
        assertThePlanSays("create interrupted: VM " + VM + " exists, its first boot was not confirmed");

        assertFinishedByTheNextApply();
    }

    @Test
    void aCreateWhoseOperationFailedInAzureIsFinishedByTheNextApply() throws Exception {
        rig = rig();
        rig.arm.faults().failOperation(VM_PUT, 1, "AllocationFailed", "Allocation failed. We do not have "
                + "sufficient capacity for the requested VM size in this region.");
        CliRun failed = rig.apply();
        assertEquals(ExitCode.APPLY_PARTLY_FAILED, failed.exit, failed.toString());
        VmSnapshot leftover = rig.arm.vm(RG, VM).orElseThrow();
        assertEquals("Failed", leftover.provisioningState());
        assertEquals(ArmPowerState.DEALLOCATED, leftover.powerState());

        assertThePlanSays("create interrupted: VM " + VM + " exists in provisioningState Failed");

        assertFinishedByTheNextApply();
    }

    private AzureCrashRig rig() throws Exception {
        ArmEmulator arm = ArmEmulator.builder().nestingFamilies(DocumentedNesting.families())
                .tlsCacheDir(Path.of("target", "armlab-tls")).pollsBeforeDone(1).resourceGroup(RG, "eastus2")
                .start();
        return new AzureCrashRig(arm, dir, RG, List.of(VM), "desired:\n  guest:\n    checks: []\n");
    }

    /** The next plan is a create of the VM, and names what was interrupted. */
    private void assertThePlanSays(String interrupted) {
        CliRun plan = rig.plan();
        assertEquals(ExitCode.OK, plan.exit, plan.toString());
        assertTrue(plan.out.contains("+ azure/" + VM + "  create"), plan.toString());
        assertTrue(plan.out.contains("because " + interrupted), plan.toString());
    }

    /** The next apply finishes the create; what it leaves is one VM, running, on its own NIC; then nothing to do. */
    private void assertFinishedByTheNextApply() {
        CliRun apply = rig.apply();
        assertEquals(ExitCode.OK, apply.exit, apply.toString());
        assertTrue(apply.out.contains("1 applied, 0 failed"), apply.toString());

        assertEquals(List.of(VM), rig.arm.vms().stream().map(VmSnapshot::name).toList(), "exactly one VM");
        VmSnapshot vm = rig.arm.vm(RG, VM).orElseThrow();
        assertEquals(ArmPowerState.RUNNING, vm.powerState());
        assertEquals("Succeeded", vm.provisioningState());
        assertEquals(Map.of("managed-by", "provision"), vm.tags(), "the create marker is gone");
        Map<String, Map<String, String>> nics = rig.arm.networkInterfaces(RG);
        assertEquals(Map.of(VM + "-nic", Map.of("managed-by", "provision")), nics, "one NIC, its marker gone");
        // The emulator keeps no disk resources: every VM PUT (first attempt and finish) named the same OS disk and NIC.
        List<RequestLog.Entry> puts = rig.arm.requestLog().byOperation("VirtualMachines_CreateOrUpdate");
        assertTrue(!puts.isEmpty(), "the finishing apply PUT the VM");
        for (RequestLog.Entry put : puts) {
            assertEquals(VM + "-osdisk", put.body().path("properties").path("storageProfile").path("osDisk")
                    .path("name").asText(), put.toString());
            assertTrue(put.body().path("properties").path("networkProfile").path("networkInterfaces").path(0)
                    .path("id").asText().endsWith("/networkInterfaces/" + VM + "-nic"), put.body().toString());
        }

        CliRun again = rig.apply();
        assertEquals(ExitCode.OK, again.exit, again.toString());
        assertTrue(again.out.contains("No changes."), again.toString());
    }
}
