package dev.provision.cli;

import static dev.provision.vsphere.sim.VcsimServer.vmName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.boot.Providers;
import dev.provision.vsphere.VsphereVm;
import dev.provision.vsphere.sim.VcsimScenario;
import dev.provision.vsphere.sim.VcsimServer;
import dev.provision.vsphere.sim.VcsimTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code kill -9} of a child {@code provision apply} in the middle of a vSphere power cycle, against vcsim, at
 * the two boundaries the in-process test (vsphere.VsphereApplyTest#anApplyKilledAfterThePowerOffIsFinishedByTheNextOne)
 * does not reach: while the guest shuts down, and between the reconfigure and the power-on. vCenter carries out what
 * it was asked before the kill without its client (the guest goes on shutting down, a reconfigure on the wire
 * lands), so the VM ends off, with the power-on note, and with the lease of the killed run, which no code of that
 * run was left to release. The killed run ran on this machine and its process is gone, so its lease does not hold the
 * VM for its term (30 minutes): the next plan names the interrupted change and the ended holder, and the next apply
 * takes the lease over at once (README, Leases), finishes the change and powers the VM on. Nothing clears the lease
 * by hand.
 *
 * <p>And SIGTERM, as a CI system cancels a job, and Ctrl-C, at the first of those points: the handling is the CLI's
 * (tested on the lab in CliCancellationTest); here is what a vSphere VM is left with when the run stops waiting for
 * it, and when it waits.
 */
class VsphereKillCliTest {
    private static final String SECRET_VARIABLE = "VSPHERE_PASSWORD";
    private static final String VM = "vdi-01";

    @TempDir
    Path dir;

    private VcsimServer vcsim;

    @AfterEach
    void stop() {
        if (vcsim != null) {
            vcsim.close();
        }
    }

    /** One running Windows VM without nesting; its guest takes 3 s to shut down, as a real one takes its time. */
    private static VcsimScenario desktop() {
        return desktop(3000);
    }

    private static VcsimScenario desktop(int shutdownMillis) {
        return VcsimScenario.create()
                .vm(vmName(0), vm -> vm.name(VM).guestId("windows9_64Guest").hardwareVersion("vmx-13").poweredOn()
                        .nestedHvEnabled(false).vhvEnable("FALSE").guest(g -> g.shutdownMillis(shutdownMillis)));
    }

    @Test
    void killedWhileTheGuestShutsDownTheVmIsLeftOffLeasedAndTheNextApplyTakesOverAndFinishes() throws Exception {
        vcsim = new VcsimServer().withVms(1).withHosts(1).withScenario(desktop()).start();
        // The line comes once ShutdownGuest was answered: the guest is shutting down when the child dies.
        long pid = killAt("vc/" + VM + ": guest OS asked to shut down through VMware Tools", Duration.ZERO);
        VsphereVm left = awaitVm(vm -> vm.powerState() == VsphereVm.RuntimePowerState.POWERED_OFF);
        assertFalse(left.nestedHvEnabled(), "killed before the reconfigure: " + left);
        assertLeftByTheKilledRun(left, pid);
        assertTheNextApplyTakesOverTheEndedRunsLeaseAndFinishes(pid);
    }

    @Test
    void killedBetweenTheReconfigureAndThePowerOnTheVmIsLeftOffLeasedAndTheNextApplyTakesOverAndFinishes()
            throws Exception {
        // vcsim handles every ReconfigVM_Task 3 s after it arrives (its DelayConfig.MethodDelay), so the child is held
        // in the nesting reconfigure, sent while the VM is off, and the power-on after it never comes.
        vcsim = new VcsimServer().withVms(1).withHosts(1)
                .withScenario(desktop().methodDelay("ReconfigVM_Task", 3000)).start();
        // The line is printed just before the reconfigure is sent: 300 ms (far less than the 3 s vcsim holds the call)
        // lets the call leave, so that the kill finds it on the wire.
        long pid = killAt("vc/" + VM + ": reconfiguring: nestedHVEnabled = true", Duration.ofMillis(300));
        VsphereVm left = awaitVm(VsphereVm::nestedHvEnabled); // the reconfigure on the wire lands without its client
        assertEquals(VsphereVm.RuntimePowerState.POWERED_OFF, left.powerState(), left.toString());
        assertLeftByTheKilledRun(left, pid);
        assertTheNextApplyTakesOverTheEndedRunsLeaseAndFinishes(pid);
    }

    /**
     * The run waits its grace (3 s, less than this guest's shutdown), stops waiting, reports the VM as interrupted,
     * exits 130 and releases its lease on the way out; vCenter finishes the shutdown without it. The VM ends off with
     * its power-on note and no lease, so the next apply, on any machine, finishes it without a take-over.
     */
    @Test
    void sigtermWhileTheGuestShutsDownReportsTheVmReleasesItsLeaseAndTheNextApplyFinishes() throws Exception {
        vcsim = new VcsimServer().withVms(1).withHosts(1).withScenario(desktop(8000)).start();
        ProvisionProcess child = applyInTheGuestShutdown();
        child.terminate();

        assertEquals(ExitCode.INTERRUPTED, child.awaitExit(ProvisionProcess.PATIENCE), child.toString());
        assertTrue(child.err().contains("Terminated (SIGTERM): no new change starts"), child.toString());
        assertTrue(child.out().contains("1 interrupted"), child.toString());
        assertTrue(child.out().lines().anyMatch(l -> l.contains(VM) && l.contains("INTERRUPTED")
                && l.contains("last step")), child.toString());
        VsphereVm left = awaitVm(vm -> vm.powerState() == VsphereVm.RuntimePowerState.POWERED_OFF);
        assertFalse(left.nestedHvEnabled(), "stopped before the reconfigure: " + left);
        assertEquals("poweredOn", left.restorePowerState(), "the power-on note stays: " + left);
        assertEquals(null, left.lease(), "the stopped run released its lease: " + left);

        CliRun plan = run("plan", spec().toString());
        assertEquals(ExitCode.OK, plan.exit, plan.toString());
        assertLine(plan.out, "an earlier apply was interrupted after it powered this VM off");
        assertFalse(plan.out.contains("carries the lease"), "no lease left to take over; " + plan);
        assertTheNextApplyFinishes();
    }

    /**
     * Ctrl-C once: no new change starts, and the one under way is finished, not abandoned: the guest shuts down, the
     * VM is reconfigured and powered on again, the note and the lease are gone; the run says it was interrupted
     * (exit 130) and the next apply has nothing to do.
     */
    @Test
    void ctrlCWhileTheGuestShutsDownFinishesTheChangeUnderWay() throws Exception {
        vcsim = new VcsimServer().withVms(1).withHosts(1).withScenario(desktop()).start();
        ProvisionProcess child = applyInTheGuestShutdown();
        child.interrupt();

        assertEquals(ExitCode.INTERRUPTED, child.awaitExit(ProvisionProcess.PATIENCE), child.toString());
        assertTrue(child.err().contains("Interrupted: no new change starts"), child.toString());
        assertTrue(child.out().contains("Apply: 1 applied, 0 failed"), child.toString());
        VsphereVm done = vm();
        assertEquals(VsphereVm.RuntimePowerState.POWERED_ON, done.powerState(), done.toString());
        assertTrue(done.nestedHvEnabled(), done.toString());
        assertEquals(null, done.restorePowerState(), done.toString());
        assertEquals(null, done.lease(), done.toString());

        CliRun again = run("apply", "--auto-approve", spec().toString());
        assertEquals(ExitCode.OK, again.exit, again.toString());
        assertLine(again.out, "No changes.");
    }

    /** A child {@code provision apply}, once it has asked the guest to shut down. */
    private ProvisionProcess applyInTheGuestShutdown() throws IOException, InterruptedException {
        ProvisionProcess child = ProvisionProcess.start(dir, Map.of("CI", "true", SECRET_VARIABLE, vcsim.password()),
                "apply", spec().toString(), "--auto-approve");
        child.awaitErr("vc/" + VM + ": guest OS asked to shut down through VMware Tools");
        return child;
    }

    /** Kills a child {@code provision apply} {@code grace} after it printed {@code line}; its pid. */
    private long killAt(String line, Duration grace) throws IOException, InterruptedException {
        ProvisionProcess child = KilledApply.at(dir, Map.of("CI", "true", SECRET_VARIABLE, vcsim.password()), spec(),
                line, grace);
        assertFalse(child.out().contains("Apply:"), "killed before the end of the apply; " + child);
        return child.pid();
    }

    private static void assertLeftByTheKilledRun(VsphereVm left, long pid) {
        assertEquals("poweredOn", left.restorePowerState(), "the power-on note stays: " + left);
        assertTrue(left.lease() != null && left.lease().contains("pid=" + pid + ",machine="),
                "the killed run's lease stays: " + left.lease());
    }

    private void assertTheNextApplyTakesOverTheEndedRunsLeaseAndFinishes(long pid) throws Exception {
        Path spec = spec();
        CliRun plan = run("plan", spec.toString());
        assertEquals(ExitCode.OK, plan.exit, plan.toString());
        assertLine(plan.out, "an earlier apply was interrupted after it powered this VM off");
        assertTrue(plan.out.lines().anyMatch(l -> l.contains("vc/" + VM + ": carries the lease of an apply whose "
                + "process has ended on this machine (run=") && l.contains(",pid=" + pid + ",machine=")
                && l.contains("the next apply takes it over")), plan.toString());

        CliRun finish = assertTheNextApplyFinishes();
        assertTrue(finish.err.lines().anyMatch(l -> l.contains("vc/" + VM + ": taking over the lease of run ")
                && l.contains(" whose process " + pid + " has ended on this machine")), finish.toString());
    }

    /** The next apply powers the VM on with nesting, leaves neither note nor lease; then a no-op, one VM. */
    private CliRun assertTheNextApplyFinishes() throws IOException {
        Path spec = spec();
        CliRun finish = run("apply", "--auto-approve", spec.toString());
        assertEquals(ExitCode.OK, finish.exit, finish.toString());
        VsphereVm done = vm();
        assertEquals(VsphereVm.RuntimePowerState.POWERED_ON, done.powerState(), done.toString());
        assertTrue(done.nestedHvEnabled(), done.toString());
        assertEquals(null, done.restorePowerState(), done.toString());
        assertEquals(null, done.lease(), done.toString());

        CliRun again = run("apply", "--auto-approve", spec.toString());
        assertEquals(ExitCode.OK, again.exit, again.toString());
        assertLine(again.out, "No changes.");
        assertEquals(1, VcsimVms.named(vcsim, VM).size());
        return finish;
    }

    private VsphereVm awaitVm(Predicate<VsphereVm> wanted) throws InterruptedException {
        return VcsimVms.await(vcsim, VM, wanted, ProvisionProcess.PATIENCE);
    }

    private VsphereVm vm() {
        return VcsimVms.only(vcsim, VM);
    }

    private Path spec() throws IOException {
        Path file = dir.resolve("vsphere.yaml");
        Files.writeString(file, """
                desired:
                  powerCycle: graceful
                  shutdownTimeout: 2m
                targets:
                """ + VcsimTarget.yaml(vcsim, SECRET_VARIABLE, VM));
        return file;
    }

    private CliRun run(String... args) {
        Map<String, String> env = Map.of("CI", "true", SECRET_VARIABLE, vcsim.password());
        return CliRun.run(new Context(env, null, folder -> Providers.standard(folder, env)), args);
    }

    private static void assertLine(String text, String expected) {
        assertTrue(text.lines().anyMatch(l -> l.contains(expected)), "no line with '" + expected + "' in:\n" + text);
    }
}
