package dev.provision.vsphere;

import static dev.provision.vsphere.VcsimTargets.policy;
import static dev.provision.vsphere.sim.VcsimServer.vmName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.apply.ApplyReport;
import dev.provision.model.ChangeOutcome;
import dev.provision.apply.Executor;
import dev.provision.event.Event;
import dev.provision.event.EventSink;
import dev.provision.model.Change;
import dev.provision.model.DesiredVm;
import dev.provision.plan.Plan;
import dev.provision.provider.ObservedVm;
import dev.provision.spec.PowerCyclePolicy;
import dev.provision.spec.SourceLocation;
import dev.provision.vsphere.sim.VcsimScenario;
import dev.provision.vsphere.sim.VcsimServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One session shared by every worker of an apply: it survives expiring in the middle of a change, and the
 * provider's own bounds hold when the executor runs more changes at once than a host should power-cycle.
 */
class VsphereSharedSessionTest {
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(1);
    private static final int FLEET = 6;

    @RegisterExtension
    static final VcsimServer VCSIM = new VcsimServer().withVms(FLEET + 1).withHosts(1).withLatencyMillis(10)
            .withSessionTimeout(IDLE_TIMEOUT).withScenario(scenario());

    private static VcsimScenario scenario() {
        VcsimScenario s = VcsimScenario.create().allVms(vm -> vm.guestId("windows9_64Guest").hardwareVersion("vmx-13").poweredOn());
        for (int i = 0; i < FLEET; i++) {
            int n = i;
            s.vm(vmName(i), vm -> vm.name("fleet-" + n));
        }
        return s.vm(vmName(FLEET), vm -> vm.name("slow-review"));
    }

    @Test
    void aSessionThatExpiresInTheMiddleOfAChangeIsRenewedAndTheChangeCompletes() throws Exception {
        try (VsphereProvider provider = VcsimTargets.open(VCSIM)) {
            // A deadline, not a measure: a guest seen off only after the timeout would skip the "powered off" step below.
            Change change = VcsimTargets.plan(provider, VCSIM, "slow-review", policy(PowerCyclePolicy.GRACEFUL, Duration.ofMinutes(2)));
            AtomicBoolean idled = new AtomicBoolean();
            EventSink idleWhileOff = event -> {
                // Between power-off and reconfigure nothing talks to vCenter for longer than the session lives.
                if (event instanceof Event.ChangeProgress p && p.step().equals("powered off") && !idled.getAndSet(true)) {
                    sleep(IDLE_TIMEOUT.multipliedBy(5).dividedBy(2));
                }
            };
            ObservedVm after = provider.apply(change, idleWhileOff);
            assertTrue(idled.get());
            assertTrue(after.nestedVirtualization());
            assertTrue(after.power().isRunning());
            assertTrue(provider.connection().sessionRenewals() >= 1, "renewals: " + provider.connection().sessionRenewals());
        }
    }

    @Test
    void noMoreThanTwoPowerCyclesRunOnOneHostWhateverTheExecutorsParallelism() throws Exception {
        try (VsphereProvider provider = VcsimTargets.open(VCSIM)) {
            List<DesiredVm> desired = IntStream.range(0, FLEET).mapToObj(i -> new DesiredVm("fleet-" + i,
                    policy(PowerCyclePolicy.GRACEFUL, Duration.ofSeconds(5)).resolve(), SourceLocation.UNKNOWN)).toList();
            List<Change> changes = provider.rules().plan(VcsimTargets.target(VCSIM), provider.read(), desired).changes();
            Plan plan = new Plan(Plan.FORMAT_VERSION, Instant.now(), "test", "digest", changes, List.of());

            ApplyReport report = new Executor(Map.of("vcsim", provider), FLEET, EventSink.NONE).apply(plan);

            assertEquals(FLEET, report.count(ChangeOutcome.Status.APPLIED), report.toString());
            int peak = provider.slots().peakPowerCyclesOnOneHost();
            System.out.println("VsphereSharedSessionTest: peak power cycles on one host = " + peak);
            assertTrue(peak <= ApplySlots.DEFAULT_PER_HOST, "peak " + peak);
            assertEquals(ApplySlots.DEFAULT_PER_HOST, peak, "with 6 workers on one host the bound is reached, not just respected");
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
