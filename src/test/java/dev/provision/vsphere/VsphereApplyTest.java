package dev.provision.vsphere;

import static dev.provision.vsphere.VcsimTargets.plan;
import static dev.provision.vsphere.VcsimTargets.policy;
import static dev.provision.vsphere.sim.VcsimServer.vmName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.event.Event;
import dev.provision.event.EventSink;
import dev.provision.model.Action;
import dev.provision.model.Change;
import dev.provision.provider.ObservedVm;
import dev.provision.provider.ProviderException;
import dev.provision.spec.DesiredState;
import dev.provision.spec.PowerCyclePolicy;
import dev.provision.vsphere.VsphereVm.RuntimePowerState;
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

/** Applying changes against a real vcsim: each policy, the checks vcsim does not make, failures and interruptions. */
class VsphereApplyTest {
    /** For the guests that never shut down: the time the tests wait out. */
    private static final Duration SHORT = Duration.ofMillis(1500);
    /**
     * For the guests that shut down at once (vcsim's): a deadline, not a measure. With SHORT, a loaded machine that
     * saw the guest off only after 1.5 s took the timeout path, which skips the "powered off" step these tests act
     * on.
     */
    private static final Duration ROOMY = Duration.ofMinutes(2);
    private static final List<String> NAMES = List.of("graceful-on", "graceful-stubborn", "force-stubborn",
            "control-running", "guarded-running", "upgrade-off", "killed-mid-way", "marker-off", "powered-on-behind-our-back",
            "never-on");

    @RegisterExtension
    static final VcsimServer VCSIM = new VcsimServer().withVms(NAMES.size()).withHosts(2).withScenario(scenario());

    private static VsphereProvider provider;

    private static VcsimScenario scenario() {
        VcsimScenario s = VcsimScenario.create().allVms(vm -> vm.guestId("windows9_64Guest").hardwareVersion("vmx-13").poweredOn());
        for (int i = 0; i < NAMES.size(); i++) {
            String name = NAMES.get(i);
            s.vm(vmName(i), vm -> {
                vm.name(name);
                if (name.contains("stubborn")) {
                    vm.toolsRunning(false); // a guest whose VMware Tools never answer cannot be shut down cleanly
                }
                if (name.equals("upgrade-off") || name.equals("marker-off")) {
                    vm.poweredOff();
                }
                if (name.equals("upgrade-off")) {
                    vm.hardwareVersion("vmx-08");
                }
            });
        }
        return s;
    }

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

    private static VsphereVm read(String name) {
        return new InventoryReader(provider.connection()).readVms().vms().stream()
                .filter(vm -> vm.name().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> steps(List<Event> events) {
        return events.stream().filter(e -> e instanceof Event.ChangeProgress).map(e -> ((Event.ChangeProgress) e).step()).toList();
    }

    @Test
    void gracefulShutsTheGuestDownCleanlyChangesItAndPowersItOnAgain() throws Exception {
        List<Event> events = Collections.synchronizedList(new ArrayList<>());
        Change change = plan(provider, VCSIM, "graceful-on", policy(PowerCyclePolicy.GRACEFUL, ROOMY));
        ObservedVm after = provider.apply(change, events::add);
        assertTrue(after.nestedVirtualization());
        assertEquals(dev.provision.provider.PowerState.ON, after.power());
        assertEquals("TRUE", after.property("vhvEnable"));
        assertNull(after.property("restorePowerState"), "the power-on note is removed at the end");
        List<String> steps = steps(events);
        assertTrue(steps.contains("guest OS asked to shut down through VMware Tools"), steps.toString());
        assertFalse(steps.stream().anyMatch(s -> s.contains("hard")), steps.toString());
        assertEquals(Action.NO_OP, plan(provider, VCSIM, "graceful-on", policy(PowerCyclePolicy.GRACEFUL, ROOMY)).action());
    }

    @Test
    void gracefulNeverForcesAndLeavesTheVmRunningAndUnchanged() throws Exception {
        Change change = plan(provider, VCSIM, "graceful-stubborn", policy(PowerCyclePolicy.GRACEFUL, SHORT));
        long start = System.nanoTime();
        ProviderException e = assertThrows(ProviderException.class, () -> provider.apply(change, EventSink.NONE));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(SHORT) >= 0, "waited the whole timeout");
        assertTrue(e.getMessage().contains("never forces"), e.getMessage());
        assertEquals("powered on, nested virtualization off", e.vmState());
        VsphereVm now = read("graceful-stubborn");
        assertEquals(RuntimePowerState.POWERED_ON, now.powerState());
        assertFalse(now.nestedHvEnabled());
        assertNull(now.restorePowerState(), "nothing is owed to a VM that never went off");
    }

    /**
     * GuestShutdown's own guard, apart from the planner's and VmChange's: asked to power off a running VM under
     * 'never', it refuses before a single call, so the guest is neither asked to shut down nor forced off.
     */
    @Test
    void guestShutdownItselfRefusesNeverAndLeavesTheGuestRunning() {
        VsphereVm vm = read("never-on");
        List<String> steps = new ArrayList<>();
        GuestShutdown shutdown = new GuestShutdown(new VmOperations(provider.connection()));
        VsphereException refused = assertThrows(VsphereException.Refused.class,
                () -> shutdown.powerOff(vm.moid(), PowerCyclePolicy.NEVER, SHORT, steps::add));
        assertTrue(refused.getMessage().contains("'never'"), refused.getMessage());
        assertEquals(List.of(), steps);
        assertEquals(VsphereVm.RuntimePowerState.POWERED_ON, read("never-on").powerState());
    }

    @Test
    void forcePowersOffHardAfterTheTimeout() throws Exception {
        List<Event> events = Collections.synchronizedList(new ArrayList<>());
        Change change = plan(provider, VCSIM, "force-stubborn", policy(PowerCyclePolicy.FORCE, SHORT));
        ObservedVm after = provider.apply(change, events::add);
        assertTrue(after.nestedVirtualization());
        assertEquals(dev.provision.provider.PowerState.ON, after.power());
        assertTrue(steps(events).stream().anyMatch(s -> s.contains("powering off hard (powerCycle 'force')")),
                steps(events).toString());
    }

    @Test
    void weRefuseToReconfigureARunningVmEvenThoughVcsimWouldAccept() throws Exception {
        VmOperations ops = new VmOperations(provider.connection());
        // The control: vcsim itself takes nestedHVEnabled on a running VM, which ESXi refuses.
        VsphereVm control = read("control-running");
        com.vmware.vim25.VirtualMachineConfigSpec spec = new com.vmware.vim25.VirtualMachineConfigSpec();
        spec.setNestedHVEnabled(true);
        ops.reconfigure(control.moid(), spec, "reconfiguring behind our own back");
        assertTrue(read("control-running").nestedHvEnabled(), "vcsim is lenient, so our own check is what protects ESXi users");

        VsphereVm guarded = read("guarded-running");
        VsphereException refused = assertThrows(VsphereException.Refused.class,
                () -> new Reconfigure(ops).setNestedVirtualization(guarded, true));
        assertTrue(refused.getMessage().contains("while it is powered on"), refused.getMessage());
        assertFalse(read("guarded-running").nestedHvEnabled());
        assertThrows(VsphereException.Refused.class, () -> new Reconfigure(ops).upgradeHardwareForNesting(guarded));
    }

    @Test
    void aVmPoweredOnBehindOurBackBetweenShutdownAndReconfigureIsNotReconfiguredAndIsReportedOn() throws Exception {
        VsphereVm vm = read("powered-on-behind-our-back");
        VmOperations ops = new VmOperations(provider.connection());
        Change change = plan(provider, VCSIM, vm.name(), policy(PowerCyclePolicy.GRACEFUL, ROOMY));
        EventSink someoneElse = event -> {
            if (event instanceof Event.ChangeProgress p && p.step().equals("powered off")) {
                try {
                    ops.powerOn(vm.moid());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        ProviderException e = assertThrows(ProviderException.class, () -> provider.apply(change, someoneElse));
        assertTrue(e.getMessage().contains("while it is powered on"), e.getMessage());
        assertEquals("powered on, nested virtualization off", e.vmState());
        assertNull(read(vm.name()).restorePowerState());
    }

    @Test
    void oldHardwareIsUpgradedWhenOptedInAndTheVmStaysOff() throws Exception {
        DesiredState optIn = new DesiredState(null, null, null, null, null, true, null).overlay(policy(PowerCyclePolicy.NEVER, SHORT));
        Change change = plan(provider, VCSIM, "upgrade-off", optIn);
        assertNull(change.blocked());
        ObservedVm after = provider.apply(change, EventSink.NONE);
        assertTrue(after.nestedVirtualization());
        assertEquals(dev.provision.provider.PowerState.OFF, after.power());
        assertTrue(read("upgrade-off").hardwareVersionNumber() >= 9, read("upgrade-off").hardwareVersion());
    }

    @Test
    void anApplyKilledAfterThePowerOffIsFinishedByTheNextOne() throws Exception {
        Change change = plan(provider, VCSIM, "killed-mid-way", policy(PowerCyclePolicy.GRACEFUL, ROOMY));
        class Killed extends RuntimeException {
            private static final long serialVersionUID = 1L;
        }
        EventSink dies = event -> {
            if (event instanceof Event.ChangeProgress p && p.step().equals("powered off")) {
                throw new Killed(); // the process dies here: nothing of ours runs after this point
            }
        };
        assertThrows(Killed.class, () -> provider.apply(change, dies));
        VsphereVm left = read("killed-mid-way");
        assertEquals(RuntimePowerState.POWERED_OFF, left.powerState());
        assertEquals(RestoreMarker.POWERED_ON, left.restorePowerState());

        Change finish = plan(provider, VCSIM, "killed-mid-way", policy(PowerCyclePolicy.NEVER, SHORT));
        assertEquals(VsphereRules.INTERRUPTED_OFF, finish.reasons().get(0));
        assertNull(finish.blocked(), "finishing is allowed even under powerCycle never: it only restores");
        ObservedVm after = provider.apply(finish, EventSink.NONE);
        assertEquals(dev.provision.provider.PowerState.ON, after.power());
        assertTrue(after.nestedVirtualization());
        assertNull(read("killed-mid-way").restorePowerState());
        assertEquals(Action.NO_OP, plan(provider, VCSIM, "killed-mid-way", policy(PowerCyclePolicy.NEVER, SHORT)).action());
    }

    @Test
    void aMarkerLeftOnAnOffVmPowersItOnEvenWhenNothingElseIsNeeded() throws Exception {
        VsphereVm vm = read("marker-off");
        VmOperations ops = new VmOperations(provider.connection());
        Reconfigure reconfigure = new Reconfigure(ops);
        reconfigure.setNestedVirtualization(vm, true);
        reconfigure.promisePowerOn(vm);
        Change finish = plan(provider, VCSIM, "marker-off", policy(PowerCyclePolicy.NEVER, SHORT));
        assertEquals(Action.UPDATE, finish.action());
        ObservedVm after = provider.apply(finish, EventSink.NONE);
        assertEquals(dev.provision.provider.PowerState.ON, after.power());
        assertNull(after.property("restorePowerState"));
    }

    @Test
    void aRunningVmIsNotPowerCycledByAPlanThatDidNotAllowIt() throws Exception {
        Change pending = plan(provider, VCSIM, "never-on", policy(PowerCyclePolicy.NEVER, SHORT));
        // The executor never hands over a blocked change; a change planned without a power cycle is the same case.
        Change unblocked = new Change(pending.target(), pending.vm(), pending.action(), List.of(), pending.reasons(),
                pending.before(), pending.after(), null, PowerCyclePolicy.NEVER, pending.shutdownTimeout());
        ProviderException e = assertThrows(ProviderException.class, () -> provider.apply(unblocked, EventSink.NONE));
        assertEquals("powered on, unchanged", e.vmState());
        assertEquals(RuntimePowerState.POWERED_ON, read("never-on").powerState());
    }

    @Test
    void guestVerificationWithoutGuestCredentialsSaysWhatItNeeds() throws Exception {
        ObservedVm running = provider.read().vm("never-on").orElseThrow();
        ProviderException e = assertThrows(ProviderException.class, () -> provider.probe(running, dev.provision.spec.GuestSpec.NONE));
        assertTrue(e.getMessage().contains("need guest.user and guest.password"), e.getMessage());
    }
}
