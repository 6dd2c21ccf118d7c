package dev.provision.provider;

import dev.provision.event.Event;
import dev.provision.event.EventSink;
import dev.provision.model.Action;
import dev.provision.model.Blocked;
import dev.provision.model.Change;
import dev.provision.model.DesiredVm;
import dev.provision.model.Disruption;
import dev.provision.model.TargetPlan;
import dev.provision.spec.DesiredState;
import dev.provision.spec.GuestSpec;
import dev.provision.spec.PowerCyclePolicy;
import dev.provision.spec.SourceLocation;
import dev.provision.spec.TargetSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every provider must do, whatever its cloud: the lab runs it in memory, the vSphere provider against vcsim,
 * the Azure provider against the ARM emulator. A subclass seeds its backend with three VMs and opens a provider.
 */
public abstract class ProviderContract {
    /**
     * A VM the contract needs in the backend before each test.
     *
     * @param lease the text of a lease another apply left on it ({@link Lease#text()}), or null for none: the
     *              backend stores it where its provider keeps leases (lab: the state file; vSphere: extraConfig;
     *              Azure: a tag)
     */
    protected record ContractVm(String name, boolean poweredOn, boolean nestedVirtualization, String lease) {
        ContractVm(String name, boolean poweredOn, boolean nestedVirtualization) {
            this(name, poweredOn, nestedVirtualization, null);
        }
    }

    /**
     * Another run, on another machine (a machine identity that is not this one's, see {@link ThisMachine}): the
     * holder of the leases the backend is seeded with. Whether its pid runs here says nothing about it, so its live
     * lease refuses: only a holder of this very machine can be seen to have ended.
     */
    private static final String OTHER_RUN = "run=0th3rrun,host=elsewhere,pid=7,machine=0e0e0e0e0e0e";

    protected static final ContractVm OFF_DISABLED = new ContractVm("contract-off", false, false);
    protected static final ContractVm ON_DISABLED = new ContractVm("contract-on", true, false);
    protected static final ContractVm ENABLED = new ContractVm("contract-enabled", true, true);
    /** Leased by an apply under way elsewhere: live for an hour, longer than any run of this suite. */
    protected static final ContractVm LEASED = new ContractVm("contract-leased", false, false,
            new Lease(OTHER_RUN, Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS)).text());
    /** What a crashed apply leaves: its lease, long expired (the format of the README's Leases section). */
    protected static final ContractVm STALE_LEASE = new ContractVm("contract-stale", false, false,
            "run=0badc0de,host=gone,pid=1;expires=2020-01-01T00:00:00Z");
    /** Generous: a bound on waiting for what must happen on a loaded machine, never a measure of speed. */
    private static final Duration DEADLINE = Duration.ofMinutes(2);

    private Provider provider;
    private TargetSpec target;

    /** Puts these VMs in a fresh backend and returns a target naming them all. */
    protected abstract TargetSpec seed(List<ContractVm> vms) throws Exception;

    /**
     * Opens a provider (a new apply run, with a lease owner of its own) on the target.
     *
     * @param env what to add to the backend's environment ({@link LeaseTerm#VARIABLE} to shorten the leases)
     */
    protected abstract Provider open(TargetSpec target, Map<String, String> env) throws Exception;

    /** What the provider's cloud needs wanted beyond nested virtualization (Azure: a size floor). */
    protected DesiredState desiredLayer() {
        return DesiredState.EMPTY;
    }

    @BeforeEach
    void seedAndOpen() throws Exception {
        target = seed(List.of(OFF_DISABLED, ON_DISABLED, ENABLED, LEASED, STALE_LEASE));
        provider = open(target, Map.of());
    }

    @AfterEach
    void closeProvider() {
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void readsEverySeededVmWithPowerAndNestedState() throws Exception {
        Inventory inventory = provider.read();
        assertEquals(PowerState.OFF.isRunning(), inventory.vm(OFF_DISABLED.name()).orElseThrow().power().isRunning());
        assertTrue(inventory.vm(ON_DISABLED.name()).orElseThrow().power().isRunning());
        assertFalse(inventory.vm(ON_DISABLED.name()).orElseThrow().nestedVirtualization());
        assertTrue(inventory.vm(ENABLED.name()).orElseThrow().nestedVirtualization());
        assertNotNull(inventory.vm(ENABLED.name()).orElseThrow().id());
    }

    @Test
    void aVmAlreadyEnabledNeedsNothing() throws Exception {
        Change change = planFor(ENABLED, PowerCyclePolicy.GRACEFUL);
        assertEquals(Action.NO_OP, change.action());
        assertNull(change.blocked());
    }

    @Test
    void aVmThatIsOffChangesWithoutDisruption() throws Exception {
        Change change = planFor(OFF_DISABLED, PowerCyclePolicy.NEVER);
        assertEquals(Action.UPDATE, change.action());
        assertTrue(change.disruption().isEmpty(), "no power cycle for a VM that is off: " + change.disruption());
        assertNull(change.blocked());
    }

    @Test
    void aRunningVmNeedsAPowerCycleThatPolicyNeverHoldsBack() throws Exception {
        Change never = planFor(ON_DISABLED, PowerCyclePolicy.NEVER);
        assertEquals(Blocked.Kind.PENDING, never.blocked().kind());
        Change graceful = planFor(ON_DISABLED, PowerCyclePolicy.GRACEFUL);
        assertNull(graceful.blocked());
        assertFalse(graceful.disruption().isEmpty());
        assertTrue(graceful.disruption().contains(Disruption.POWER_CYCLE)
                || graceful.disruption().contains(Disruption.DEALLOCATE), graceful.disruption().toString());
    }

    @Test
    void rulesArePure() throws Exception {
        Inventory inventory = provider.read();
        List<DesiredVm> desired = desired(List.of(OFF_DISABLED, ON_DISABLED, ENABLED), PowerCyclePolicy.FORCE);
        TargetPlan first = provider.rules().plan(target, inventory, desired);
        TargetPlan second = provider.rules().plan(target, inventory, desired);
        assertEquals(first, second);
    }

    @Test
    void applyEnablesAndKeepsAnOffVmOff() throws Exception {
        ObservedVm after = provider.apply(planFor(OFF_DISABLED, PowerCyclePolicy.NEVER), EventSink.NONE);
        assertTrue(after.nestedVirtualization());
        assertFalse(after.power().isRunning());
        assertEquals(Action.NO_OP, planFor(OFF_DISABLED, PowerCyclePolicy.NEVER).action(), "re-plan is a no-op");
    }

    @Test
    void applyPowerCyclesARunningVmAndRestoresItsPowerState() throws Exception {
        List<Event> events = Collections.synchronizedList(new ArrayList<>());
        ObservedVm after = provider.apply(planFor(ON_DISABLED, PowerCyclePolicy.GRACEFUL), events::add);
        assertTrue(after.nestedVirtualization());
        assertTrue(after.power().isRunning());
        assertFalse(events.isEmpty(), "a power cycle reports its steps");
        Inventory reread = provider.read();
        assertTrue(reread.vm(ON_DISABLED.name()).orElseThrow().nestedVirtualization());
        assertEquals(Action.NO_OP, planFor(ON_DISABLED, PowerCyclePolicy.GRACEFUL).action(), "re-plan is a no-op");
    }

    @Test
    void aGuestThatDoesNotRunCannotBeProbed() throws Exception {
        ObservedVm off = provider.read().vm(OFF_DISABLED.name()).orElseThrow();
        assertThrows(ProviderException.class, () -> provider.probe(off, GuestSpec.NONE));
    }

    @Test
    void anotherRunsLiveLeaseRefusesTheVmAndLeavesItAsItWas() throws Exception {
        assertEquals(OTHER_RUN, provider.read().lease(LEASED.name()).orElseThrow().holder(), "read shows the lease");
        LeaseHeldException refused = assertThrows(LeaseHeldException.class,
                () -> provider.apply(planFor(LEASED, PowerCyclePolicy.NEVER), EventSink.NONE));
        assertTrue(refused.getMessage().contains(OTHER_RUN + " until "), refused.getMessage());
        Inventory after = provider.read();
        assertFalse(after.vm(LEASED.name()).orElseThrow().nestedVirtualization(), "the leased VM was not changed");
        assertEquals(LEASED.lease(), after.lease(LEASED.name()).orElseThrow().text(), "the other run's lease stands");
    }

    @Test
    void anExpiredLeaseIsTakenOverWithAWordAndReleasedAfterTheChange() throws Exception {
        assertFalse(provider.read().lease(STALE_LEASE.name()).orElseThrow().liveAt(Instant.now()));
        List<String> progress = Collections.synchronizedList(new ArrayList<>());
        ObservedVm after = provider.apply(planFor(STALE_LEASE, PowerCyclePolicy.NEVER), progressInto(progress));
        assertTrue(after.nestedVirtualization());
        assertTrue(progress.contains("taking over an expired lease (run=0badc0de,host=gone,pid=1 until "
                + "2020-01-01T00:00:00Z)"), progress.toString());
        assertTrue(provider.read().lease(STALE_LEASE.name()).isEmpty(), "released when the change ended");
    }

    @Test
    void aChangeHoldsALeaseWhileItRunsAndReleasesItWhenItEnds() throws Exception {
        List<Optional<Lease>> seenDuringTheChange = Collections.synchronizedList(new ArrayList<>());
        EventSink reading = event -> {
            if (event instanceof Event.ChangeProgress) {
                try {
                    seenDuringTheChange.add(provider.read().lease(OFF_DISABLED.name()));
                } catch (ProviderException | InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
        };
        provider.apply(planFor(OFF_DISABLED, PowerCyclePolicy.NEVER), reading);
        assertFalse(seenDuringTheChange.isEmpty(), "the change reports its steps");
        Lease held = seenDuringTheChange.get(0).orElseThrow(() -> new AssertionError("no lease during the change"));
        assertTrue(held.liveAt(Instant.now()), held.describe());
        assertTrue(provider.read().lease(OFF_DISABLED.name()).isEmpty(), "released when the change ended");
    }

    /**
     * A step that outlasts the lease (a slow guest shutdown, a deallocate) must not free the VM: the keeper renews the
     * lease while it runs. The step here is the first progress event, held until the test has seen a renewal and
     * tried a second apply after the first expiry, so no step length is guessed and nothing is timed but the lease.
     */
    @Test
    void aLeaseIsRenewedWhileAStepOutlastsItsTermAndASecondApplyStillMeetsIt() throws Exception {
        Change change = planFor(OFF_DISABLED, PowerCyclePolicy.NEVER);
        CountDownLatch inTheStep = new CountDownLatch(1);
        CountDownLatch endTheStep = new CountDownLatch(1);
        List<String> progress = Collections.synchronizedList(new ArrayList<>());
        EventSink slowStep = event -> {
            if (event instanceof Event.ChangeProgress p) {
                progress.add(p.step());
                if (inTheStep.getCount() > 0) {
                    inTheStep.countDown();
                    await(endTheStep);
                }
            }
        };
        ExecutorService background = Executors.newSingleThreadExecutor();
        try (Provider shortLeases = open(target, Map.of(LeaseTerm.VARIABLE, "6"))) {
            Future<ObservedVm> first = background.submit(() -> shortLeases.apply(change, slowStep));
            assertTrue(inTheStep.await(DEADLINE.toSeconds(), TimeUnit.SECONDS), "the change reached its first step");
            Instant firstExpiry = provider.read().lease(OFF_DISABLED.name()).orElseThrow().expires();
            Lease renewed = awaitLease(lease -> lease.expires().isAfter(firstExpiry));
            // Past the lease's first expiry: only a renewal keeps it live now.
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), firstExpiry).toMillis() + 1000));
            try (Provider second = open(target, Map.of())) {
                LeaseHeldException refused = assertThrows(LeaseHeldException.class,
                        () -> second.apply(planFor(OFF_DISABLED, PowerCyclePolicy.NEVER), EventSink.NONE));
                assertTrue(refused.getMessage().contains(renewed.holder()), refused.getMessage());
            }
            endTheStep.countDown();
            assertTrue(first.get(DEADLINE.toSeconds(), TimeUnit.SECONDS).nestedVirtualization());
        } finally {
            endTheStep.countDown();
            background.shutdownNow();
        }
        assertTrue(provider.read().lease(OFF_DISABLED.name()).isEmpty(), "released when the change ended");
        assertTrue(progress.stream().noneMatch(p -> p.startsWith("renewing the lease failed")), progress.toString());
    }

    /** Reads the lease until it is one {@code wanted} accepts (bounded by {@link #DEADLINE}). */
    private Lease awaitLease(java.util.function.Predicate<Lease> wanted) throws Exception {
        Instant giveUp = Instant.now().plus(DEADLINE);
        while (true) {
            Optional<Lease> now = provider.read().lease(OFF_DISABLED.name());
            if (now.isPresent() && wanted.test(now.get())) {
                return now.get();
            }
            if (Instant.now().isAfter(giveUp)) {
                throw new AssertionError("the lease was never renewed within " + DEADLINE + ": " + now);
            }
            Thread.sleep(200);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            // Longer than the test's own waits, so that a test that fails says why rather than this.
            if (!latch.await(DEADLINE.multipliedBy(3).toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("the test never ended the step");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static EventSink progressInto(List<String> steps) {
        return event -> {
            if (event instanceof Event.ChangeProgress p) {
                steps.add(p.step());
            }
        };
    }

    protected Change planFor(ContractVm vm, PowerCyclePolicy policy) throws Exception {
        TargetPlan plan = provider.rules().plan(target, provider.read(), desired(List.of(vm), policy));
        assertEquals(1, plan.changes().size());
        return plan.changes().get(0);
    }

    private List<DesiredVm> desired(List<ContractVm> vms, PowerCyclePolicy policy) {
        DesiredState layer = new DesiredState(true, null, policy, Duration.ofSeconds(30), null, null, null)
                .overlay(desiredLayer());
        return vms.stream().map(vm -> new DesiredVm(vm.name(), layer.resolve(), SourceLocation.UNKNOWN)).toList();
    }
}
