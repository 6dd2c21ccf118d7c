package dev.provision.vsphere;

import static dev.provision.vsphere.VcsimTargets.plan;
import static dev.provision.vsphere.VcsimTargets.policy;
import static dev.provision.vsphere.sim.VcsimServer.vmName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.event.Event;
import dev.provision.model.Change;
import dev.provision.provider.ObservedVm;
import dev.provision.spec.PowerCyclePolicy;
import dev.provision.vsphere.sim.VcsimScenario;
import dev.provision.vsphere.sim.VcsimServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A guest that finishes shutting down after shutdownTimeout, while the hard power-off is on its way. The simulated
 * Windows takes {@link #GUEST_SHUTDOWN_MILLIS} to go down, longer than the timeout, and the host takes
 * {@link #POWER_OFF_DELAY_MILLIS} before it handles a hard power-off: by the time the forced power-off is carried
 * out the guest is already off, so vSphere answers InvalidPowerState, as a real host does in that race.
 *
 * <p>The margins are seconds, not the half second they were: provision's poll after the timeout may come up to
 * 2.5 s late (a loaded machine) and still find the guest running, and the power-off is handled at least 1 s after
 * the guest went off, however late it was sent.
 */
class VsphereShutdownRaceTest {
    private static final Duration TIMEOUT = Duration.ofMillis(1500);
    private static final int GUEST_SHUTDOWN_MILLIS = 4000;
    private static final int POWER_OFF_DELAY_MILLIS = 5000;

    @RegisterExtension
    static final VcsimServer VCSIM = new VcsimServer().withVms(1).withHosts(1).withScenario(VcsimScenario.create()
            .methodDelay("PowerOffVM_Task", POWER_OFF_DELAY_MILLIS)
            .vm(vmName(0), vm -> vm.name("slow-guest").guestId("windows9_64Guest").hardwareVersion("vmx-13").poweredOn()
                    .guest(g -> g.shutdownMillis(GUEST_SHUTDOWN_MILLIS))));

    private static VsphereProvider provider;

    @BeforeAll
    static void connect() throws Exception {
        provider = VcsimTargets.open(VCSIM);
    }

    @AfterAll
    static void disconnect() {
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void forceKeepsTheChangeWhenTheGuestFinishesShuttingDownAsTheHardPowerOffIsSent() throws Exception {
        List<Event> events = Collections.synchronizedList(new ArrayList<>());
        Change change = plan(provider, VCSIM, "slow-guest", policy(PowerCyclePolicy.FORCE, TIMEOUT));
        ObservedVm after = provider.apply(change, events::add);
        assertTrue(after.nestedVirtualization(), "the VM went off on its own: the change is made all the same");
        assertEquals(dev.provision.provider.PowerState.ON, after.power());
        assertNull(after.property("restorePowerState"));
        List<String> steps = events.stream().filter(e -> e instanceof Event.ChangeProgress)
                .map(e -> ((Event.ChangeProgress) e).step()).toList();
        assertTrue(steps.stream().anyMatch(s -> s.contains("powering off hard")), steps.toString());
        assertTrue(steps.stream().anyMatch(s -> s.contains("the guest finished shutting down")), steps.toString());
    }
}
