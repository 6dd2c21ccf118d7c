package dev.provision.apply;

import dev.provision.model.ChangeOutcome;

import dev.provision.model.ChangeOutcome.Status;
import dev.provision.event.EventSink;
import dev.provision.guest.GuestFacts;
import dev.provision.model.Action;
import dev.provision.model.Blocked;
import dev.provision.model.Change;
import dev.provision.provider.ChangeRules;
import dev.provision.plan.Plan;
import dev.provision.provider.Inventory;
import dev.provision.provider.ObservedVm;
import dev.provision.provider.PowerState;
import dev.provision.provider.Provider;
import dev.provision.provider.ProviderException;
import dev.provision.spec.GuestSpec;
import dev.provision.spec.PowerCyclePolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExecutorTest {
    /** A provider whose apply takes a little while, counts how many run at once, and fails the VMs named. */
    private static final class ScriptedProvider implements Provider {
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();
        final Set<String> failing;
        final String misreport;
        final CountDownLatch firstStarted = new CountDownLatch(1);
        volatile CountDownLatch gate;

        ScriptedProvider(Set<String> failing, String misreport) {
            this.failing = failing;
            this.misreport = misreport;
        }

        @Override
        public Inventory read() {
            return new Inventory(List.of());
        }

        @Override
        public ChangeRules rules() {
            throw new UnsupportedOperationException("the executor never plans");
        }

        @Override
        public ObservedVm apply(Change change, EventSink events) throws ProviderException, InterruptedException {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            firstStarted.countDown();
            try {
                if (gate != null) {
                    gate.await(5, TimeUnit.SECONDS);
                }
                Thread.sleep(20);
                if (failing.contains(change.vm())) {
                    throw new ProviderException("boom", "powered on, unchanged", null);
                }
                boolean nested = !change.vm().equals(misreport);
                return new ObservedVm(change.vm(), change.vm(), PowerState.ON, nested, Map.of());
            } finally {
                running.decrementAndGet();
            }
        }

        @Override
        public GuestFacts probe(ObservedVm vm, GuestSpec guest) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    private static Change update(String vm, Blocked blocked) {
        return new Change("t", vm, Action.UPDATE, List.of(), List.of(), Map.of(),
                Map.of("nestedVirtualization", true), blocked, PowerCyclePolicy.FORCE, Duration.ofSeconds(1));
    }

    private static Plan plan(List<Change> changes) {
        return new Plan(1, Instant.EPOCH, "s.yaml", "d", changes, List.of());
    }

    private static List<Change> updates(int n) {
        List<Change> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(update("vm-" + i, null));
        }
        return out;
    }

    @Test
    void neverRunsMoreChangesAtOnceThanTheParallelism() throws Exception {
        ScriptedProvider p = new ScriptedProvider(Set.of(), null);
        ApplyReport report = new Executor(Map.of("t", p), 3, EventSink.NONE).apply(plan(updates(12)));
        assertEquals(12, report.count(Status.APPLIED));
        assertTrue(p.peak.get() <= 3, "peak " + p.peak.get());
        assertTrue(p.peak.get() >= 2, "changes do run in parallel: peak " + p.peak.get());
    }

    @Test
    void oneVmFailingDoesNotStopTheOthersAndItsStateIsReported() throws Exception {
        ScriptedProvider p = new ScriptedProvider(Set.of("vm-2"), null);
        ApplyReport report = new Executor(Map.of("t", p), 2, EventSink.NONE).apply(plan(updates(5)));
        assertEquals(4, report.count(Status.APPLIED));
        ChangeOutcome failed = report.outcomes().get(2);
        assertEquals(Status.FAILED, failed.status());
        assertEquals("powered on, unchanged", failed.vmState());
        assertTrue(report.anyFailure());
    }

    @Test
    void heldBackChangesAreReportedNotRun() throws Exception {
        ScriptedProvider p = new ScriptedProvider(Set.of(), null);
        ApplyReport report = new Executor(Map.of("t", p), 2, EventSink.NONE).apply(plan(List.of(
                update("a", Blocked.pending("on")), update("b", Blocked.refused("vmx-08")), update("c", null))));
        assertEquals(List.of(Status.PENDING, Status.REFUSED, Status.APPLIED),
                report.outcomes().stream().map(ChangeOutcome::status).toList());
        assertEquals(1, p.peak.get());
    }

    @Test
    void aVmThatDoesNotReadBackAsPlannedIsAFailure() throws Exception {
        ScriptedProvider p = new ScriptedProvider(Set.of(), "vm-0");
        ApplyReport report = new Executor(Map.of("t", p), 1, EventSink.NONE).apply(plan(updates(1)));
        assertEquals(Status.FAILED, report.outcomes().get(0).status());
        assertTrue(report.outcomes().get(0).message().contains("nestedVirtualization"));
    }

    @Test
    void afterStopNoNewChangeStartsAndTheOnesUnderWayFinish() throws Exception {
        ScriptedProvider p = new ScriptedProvider(Set.of(), null);
        p.gate = new CountDownLatch(1);
        Executor executor = new Executor(Map.of("t", p), 1, EventSink.NONE);
        Thread stopper = new Thread(() -> {
            try {
                p.firstStarted.await();
            } catch (InterruptedException e) {
                return;
            }
            executor.stop();
            p.gate.countDown();
        });
        stopper.start();
        ApplyReport report = executor.apply(plan(updates(4)));
        stopper.join();
        assertEquals(Status.APPLIED, report.outcomes().get(0).status(), "the change under way finished");
        assertEquals(3, report.count(Status.NOT_STARTED));
    }
}
