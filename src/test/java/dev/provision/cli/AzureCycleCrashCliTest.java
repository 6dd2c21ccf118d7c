package dev.provision.cli;

import dev.provision.armlab.ArmEmulator;
import dev.provision.armlab.ArmPowerState;
import dev.provision.armlab.HeldRequest;
import dev.provision.armlab.RequestMatcher;
import dev.provision.armlab.SeedVm;
import dev.provision.armlab.VmSnapshot;
import dev.provision.armlab.WindowsGuest;
import dev.provision.rehearsal.DocumentedNesting;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15 section 3, the second half: {@code kill -9} of a real {@code provision apply} (a child JVM) at each step
 * boundary of a deallocate, resize, start and of a feature enable and restart, against the ARM emulator (the
 * "cloud" that outlives the crash), then the next plan and apply in-process. After each: the plan names what was
 * interrupted, the apply converges (the size right, the power state the user left the VM in, one VM, no marker),
 * and the plan after it is empty.
 *
 * <p>A killed apply leaves its lease on the VM, live for 30 minutes; but the child ran on this machine and its
 * process is gone, so (README, Leases) each test shows the next plan naming that lease as left by an ended apply,
 * and the next apply taking it over at once, with nothing cleared or expired by hand. Two tests signal the child
 * instead: SIGTERM, which removes the lease as the run stops waiting, and one Ctrl-C, which lets the change finish.
 */
class AzureCycleCrashCliTest {
    private static final String RG = "cycle-rg";
    private static final String VM = "vdi-1";
    private static final String MARKER = "provision-restore-power";
    private static final String LEASE = "provision-lease";
    /** The resize PATCH: the marker's and the lease's tag PATCHes carry If-Match, the resize does not. */
    private static final RequestMatcher RESIZE = RequestMatcher.unconditional("VirtualMachines_Update");
    private static final String RESIZE_ONLY = """
            desired:
              powerCycle: graceful
              guest:
                checks: []
            """;
    private static final String ENABLE_FEATURES = """
            desired:
              powerCycle: graceful
              guest:
                enableFeatures: true
                checks: [hyperv, virtual-machine-platform]
            """;

    @TempDir
    Path dir;

    private AzureCrashRig rig;
    /** The child apply each test kills: its lease is what the next apply must take over. */
    private ProvisionProcess killed;

    @AfterEach
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    /** A hardware cluster that offers only Standard_B2s: the docker-desktop size needs deallocate, resize, start. */
    private ArmEmulator arm(SeedVm vm) {
        return ArmEmulator.builder().nestingFamilies(DocumentedNesting.families())
                .tlsCacheDir(Path.of("target", "armlab-tls")).pollsBeforeDone(0).resourceGroup(RG, "eastus2")
                .hardwareCluster("Standard_B2s").seedVm(vm).start();
    }

    private VmSnapshot vm() {
        return rig.arm.vm(RG, VM).orElseThrow();
    }

    @Test
    void killedAfterTheDeallocateWasAnsweredTheNextApplyResizesAndStartsTheVm() throws Exception {
        rig = new AzureCrashRig(arm(SeedVm.of(RG, VM).size("Standard_B2s")), dir, RG, List.of(VM), RESIZE_ONLY);
        killed = rig.applyKilledAt(RESIZE, HeldRequest::drop);
        assertEquals(ArmPowerState.DEALLOCATED, vm().powerState());
        assertEquals("Standard_B2s", vm().size());
        assertTrue(vm().tags().get(MARKER).startsWith("on;for=resize;at="), vm().tags().toString());

        CliRun plan = rig.plan();
        assertTrue(plan.out.contains("interrupted apply: VM deallocated by provision at ")
                && plan.out.contains("for a resize, will be resized and started"), plan.toString());
        assertThePlanNamesTheKilledRunsLeaseAsEnded(plan);
        converges();
        assertEquals(1, rig.arm.requestLog().count("VirtualMachines_Deallocate"), "deallocated once, by the killed run");
        assertEquals(1, rig.arm.requestLog().count("VirtualMachines_Start"), "started once, by the next apply");
    }

    /**
     * SIGTERM, as a CI system cancels a job, where the first test kills: the handling is the CLI's (tested on the lab
     * in CliCancellationTest); here is what an Azure VM is left with. The run waits its grace (3 s) for the held
     * resize, stops waiting, reports the VM as interrupted, exits 130 and removes its lease tag on the way out, so
     * the next apply, on any machine, finishes the VM without a take-over.
     */
    @Test
    void sigtermDuringTheResizeReportsTheVmRemovesItsLeaseAndTheNextApplyFinishes() throws Exception {
        ProvisionProcess child = applySignalledInTheResize(signalled -> {
            signalled.terminate();
            signalled.awaitExit(ProvisionProcess.PATIENCE);
        }, HeldRequest::drop); // the resize never reaches ARM: the VM stays at its old size
        assertTrue(child.err().contains("Terminated (SIGTERM): no new change starts"), child.toString());
        assertTrue(child.out().contains("1 interrupted"), child.toString());
        assertTrue(child.out().lines().anyMatch(l -> l.contains(VM) && l.contains("INTERRUPTED")
                && l.contains("last step")), child.toString());
        assertEquals(ArmPowerState.DEALLOCATED, vm().powerState());
        assertEquals("Standard_B2s", vm().size());
        assertTrue(vm().tags().get(MARKER).startsWith("on;for=resize;at="), vm().tags().toString());
        assertNull(vm().tags().get(LEASE), "the stopped run removed its lease: " + vm().tags());

        CliRun plan = rig.plan();
        assertTrue(plan.out.contains("interrupted apply: VM deallocated by provision at ")
                && plan.out.contains("for a resize, will be resized and started"), plan.toString());
        assertFalse(plan.out.contains("carries the lease"), "no lease left to take over; " + plan);
        CliRun apply = rig.apply();
        assertEquals(ExitCode.OK, apply.exit, apply.toString());
        assertEquals("Standard_D4s_v5", vm().size());
        assertEquals(ArmPowerState.RUNNING, vm().powerState());
        assertNoLeftovers();
        assertPlanIsEmpty();
        assertEquals(1, rig.arm.requestLog().count("VirtualMachines_Deallocate"), "deallocated once");
    }

    /**
     * Ctrl-C once at the same point: no new change starts, and the one under way is finished, not abandoned: once ARM
     * answers the held resize, the VM is started at its new size, its tag and lease gone; exit 130.
     */
    @Test
    void ctrlCDuringTheResizeFinishesTheChangeUnderWay() throws Exception {
        ProvisionProcess child = applySignalledInTheResize(signalled -> {
            signalled.interrupt();
            signalled.awaitErr("Interrupted: no new change starts");
        }, HeldRequest::release);
        assertTrue(child.out().contains("Apply: 1 applied, 0 failed"), child.toString());
        assertEquals("Standard_D4s_v5", vm().size());
        assertEquals(ArmPowerState.RUNNING, vm().powerState());
        assertNoLeftovers();
        assertPlanIsEmpty();
    }

    private interface Signalling {
        void send(ProvisionProcess child) throws Exception;
    }

    /**
     * A child apply of the resize, signalled while ARM holds its resize PATCH; {@code then} lets the PATCH through or
     * drops it once the signal is handled. The child has exited 130.
     */
    private ProvisionProcess applySignalledInTheResize(Signalling signal, Consumer<HeldRequest> then) throws Exception {
        rig = new AzureCrashRig(arm(SeedVm.of(RG, VM).size("Standard_B2s")), dir, RG, List.of(VM), RESIZE_ONLY);
        HeldRequest resize = rig.arm.faults().hold(RESIZE);
        ProvisionProcess child = rig.startApply();
        try {
            assertTrue(resize.awaitArrived(ProvisionProcess.PATIENCE), "the child never sent the resize; " + child);
            signal.send(child);
        } finally {
            then.accept(resize);
        }
        assertEquals(ExitCode.INTERRUPTED, child.awaitExit(ProvisionProcess.PATIENCE), child.toString());
        return child;
    }

    @Test
    void aVmTheUserHadDeallocatedIsResizedAndLeftDeallocatedAfterAKillDuringItsResize() throws Exception {
        rig = new AzureCrashRig(arm(SeedVm.of(RG, VM).size("Standard_B2s").powerState(ArmPowerState.DEALLOCATED)),
                dir, RG, List.of(VM), RESIZE_ONLY);
        killed = rig.applyKilledAt(RESIZE, HeldRequest::drop);
        assertEquals(ArmPowerState.DEALLOCATED, vm().powerState());
        assertFalse(vm().tags().containsKey(MARKER), "provision did not take it out of its power state: no marker");

        CliRun plan = rig.plan();
        assertFalse(plan.out.contains("interrupted apply"), plan.toString());
        assertTrue(plan.out.contains("left deallocated"), plan.toString());

        assertThePlanNamesTheKilledRunsLeaseAsEnded(plan);
        CliRun apply = rig.apply();
        assertEquals(ExitCode.OK, apply.exit, apply.toString());
        assertTookOverTheKilledRunsLease(apply);
        assertEquals("Standard_D4s_v5", vm().size());
        assertEquals(ArmPowerState.DEALLOCATED, vm().powerState(), "the power state the user left it in");
        assertEquals(0, rig.arm.requestLog().count("VirtualMachines_Start"));
        assertNoLeftovers();
        assertPlanIsEmpty();
    }

    @Test
    void killedAfterTheResizeWhileStartingTheNextApplyOnlyStartsIt() throws Exception {
        rig = new AzureCrashRig(arm(SeedVm.of(RG, VM).size("Standard_B2s")), dir, RG, List.of(VM), RESIZE_ONLY);
        killed = rig.applyKilledAt(RequestMatcher.operation("VirtualMachines_Start"), HeldRequest::drop);
        assertEquals(ArmPowerState.DEALLOCATED, vm().powerState());
        assertEquals("Standard_D4s_v5", vm().size());
        assertNotNull(vm().tags().get(MARKER));

        CliRun plan = rig.plan();
        assertTrue(plan.out.contains("for a resize and resized, will be started"), plan.toString());

        assertThePlanNamesTheKilledRunsLeaseAsEnded(plan);
        rig.arm.requestLog().clear();
        converges();
        assertEquals(0, rig.arm.requestLog().count("VirtualMachines_Deallocate"));
        assertEquals(0, resizes(), "no second resize");
        assertEquals(1, rig.arm.requestLog().count("VirtualMachines_Start"));
    }

    @Test
    void killedWhileTheStartWasUnderWayTheNextApplyOnlyRemovesTheMarker() throws Exception {
        rig = new AzureCrashRig(arm(SeedVm.of(RG, VM).size("Standard_B2s")), dir, RG, List.of(VM), RESIZE_ONLY);
        // ARM got the start; its answer died with the process.
        killed = rig.applyKilledAt(RequestMatcher.operation("VirtualMachines_Start"), HeldRequest::release);
        assertNotNull(vm().tags().get(MARKER));

        CliRun plan = rig.plan();
        assertTrue(plan.out.contains("the VM is on again; its restore marker is removed"), plan.toString());

        assertThePlanNamesTheKilledRunsLeaseAsEnded(plan);
        rig.arm.requestLog().clear();
        converges();
        assertEquals(0, rig.arm.requestLog().count("VirtualMachines_Start")
                + rig.arm.requestLog().count("VirtualMachines_Deallocate"), "no second power cycle");
    }

    @Test
    void killedDuringTheFeatureScriptTheNextApplyEnablesRestartsAndVerifies() throws Exception {
        rig = new AzureCrashRig(arm(SeedVm.of(RG, VM).size("Standard_D4s_v5").guest(windows11())), dir, RG,
                List.of(VM), ENABLE_FEATURES);
        // The apply's own plan probes the guest by Run Command first; the second Run Command is the feature script.
        RequestMatcher runCommand = RequestMatcher.operation("VirtualMachines_RunCommand");
        HeldRequest probe = rig.arm.faults().hold(runCommand);
        HeldRequest script = rig.arm.faults().hold(runCommand);
        ProvisionProcess child = rig.startApply();
        killed = child;
        assertTrue(probe.awaitArrived(ProvisionProcess.PATIENCE), child.toString());
        probe.release();
        AzureCrashRig.killWhenHeld(child, script, HeldRequest::release); // ARM got the script: it runs in the guest
        assertNotNull(vm().tags().get(MARKER));
        assertTrue(vm().tags().get(MARKER).startsWith("on;for=features;at="), vm().tags().toString());

        CliRun plan = rig.plan();
        assertTrue(plan.out.contains("interrupted apply: provision was enabling guest features and restarting this "
                + "VM"), plan.toString());
        assertTrue(plan.out.contains("enable " + WindowsGuest.VIRTUAL_MACHINE_PLATFORM), plan.toString());

        assertThePlanNamesTheKilledRunsLeaseAsEnded(plan);
        rig.arm.requestLog().clear();
        CliRun apply = convergesWithFeatures();
        assertEquals(1, rig.arm.requestLog().count("VirtualMachines_Restart"), apply.toString());
    }

    @Test
    void killedDuringTheRestartAfterTheFeaturesTheNextApplyVerifiesWithoutASecondRestart() throws Exception {
        rig = new AzureCrashRig(arm(SeedVm.of(RG, VM).size("Standard_D4s_v5").guest(windows11())), dir, RG,
                List.of(VM), ENABLE_FEATURES);
        killed = rig.applyKilledAt(RequestMatcher.operation("VirtualMachines_Restart"), HeldRequest::release);
        assertTrue(vm().tags().get(MARKER).startsWith("on;for=features;at="), vm().tags().toString());

        CliRun plan = rig.plan();
        assertTrue(plan.out.contains("interrupted apply: provision was enabling guest features and restarting this "
                + "VM"), plan.toString());
        assertFalse(plan.out.contains("enable " + WindowsGuest.VIRTUAL_MACHINE_PLATFORM), "the restart went "
                + "through: nothing is missing: " + plan);

        assertThePlanNamesTheKilledRunsLeaseAsEnded(plan);
        rig.arm.requestLog().clear();
        convergesWithFeatures();
        assertEquals(0, rig.arm.requestLog().count("VirtualMachines_Restart"), "no second restart");
    }

    /** A Windows 11 Enterprise guest with Hyper-V and WSL on and Virtual Machine Platform off. */
    private static WindowsGuest windows11() {
        return new WindowsGuest().edition(WindowsGuest.Edition.WINDOWS_11_ENTERPRISE)
                .feature(WindowsGuest.HYPERV, WindowsGuest.ENABLED).feature(WindowsGuest.WSL, WindowsGuest.ENABLED);
    }

    /** Taking over the killed run's lease (see the class comment), the apply ends with the VM running at the docker-desktop size. */
    private void converges() throws Exception {
        CliRun apply = rig.apply();
        assertEquals(ExitCode.OK, apply.exit, apply.toString());
        assertTookOverTheKilledRunsLease(apply);
        assertEquals("Standard_D4s_v5", vm().size());
        assertEquals(ArmPowerState.RUNNING, vm().powerState(), "the power state the user left it in");
        assertNoLeftovers();
        assertPlanIsEmpty();
    }

    private CliRun convergesWithFeatures() throws Exception {
        CliRun apply = rig.apply();
        assertEquals(ExitCode.OK, apply.exit, apply.toString());
        assertTookOverTheKilledRunsLease(apply);
        assertTrue(apply.out.contains("Verification: 1 VM, 1 passed, 0 failed."), apply.out);
        assertEquals(WindowsGuest.ENABLED, vm().guest().feature(WindowsGuest.VIRTUAL_MACHINE_PLATFORM));
        assertFalse(vm().guest().rebootPending());
        assertEquals(ArmPowerState.RUNNING, vm().powerState());
        assertNoLeftovers();
        assertPlanIsEmpty();
        return apply;
    }

    /** One VM, neither marker nor lease on it. */
    private void assertNoLeftovers() {
        assertEquals(List.of(VM), rig.arm.vms().stream().map(VmSnapshot::name).toList(), "no second VM");
        assertNull(vm().tags().get(MARKER), vm().tags().toString());
        assertNull(vm().tags().get(LEASE), vm().tags().toString());
    }

    private void assertPlanIsEmpty() {
        CliRun again = rig.plan();
        assertEquals(ExitCode.OK, again.exit, again.toString());
        assertTrue(again.out.contains("No changes. 1 VM already as wanted."), again.toString());
    }

    /** The PATCHes that change the size (the others write tags: the lease, the marker). */
    private long resizes() {
        return rig.arm.requestLog().entries().stream().filter(e -> "VirtualMachines_Update".equals(e.operationId())
                && e.body() != null && e.body().path("properties").has("hardwareProfile")).count();
    }

    /** The killed child's lease is on the VM, live, and the plan says its holder has ended and will be taken over. */
    private void assertThePlanNamesTheKilledRunsLeaseAsEnded(CliRun plan) {
        String lease = vm().tags().get(LEASE);
        assertNotNull(lease, "the killed run left its lease: " + vm().tags());
        assertTrue(lease.contains(",pid=" + killed.pid() + ",machine="), lease);
        assertTrue(plan.out.lines().anyMatch(l -> l.contains("azure/" + VM + ": carries the lease of an apply whose "
                + "process has ended on this machine (run=") && l.contains(",pid=" + killed.pid() + ",machine=")
                && l.contains("the next apply takes it over")), plan.toString());
    }

    private void assertTookOverTheKilledRunsLease(CliRun apply) {
        assertTrue(apply.err.lines().anyMatch(l -> l.contains("azure/" + VM + ": taking over the lease of run ")
                && l.contains(" whose process " + killed.pid() + " has ended on this machine")), apply.toString());
    }
}
