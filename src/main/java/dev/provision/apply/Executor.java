package dev.provision.apply;

import dev.provision.model.ChangeOutcome;

import dev.provision.model.ChangeOutcome.Status;
import dev.provision.event.Event;
import dev.provision.event.EventSink;
import dev.provision.model.Action;
import dev.provision.model.Blocked;
import dev.provision.model.Change;
import dev.provision.plan.Plan;
import dev.provision.provider.LeaseHeldException;
import dev.provision.provider.ObservedVm;
import dev.provision.provider.Provider;
import dev.provision.provider.ProviderException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Walks a plan and nothing else: it never compares desired with observed state, it carries out what the plan
 * says. Changes run in parallel up to a bound; one VM's failure does not stop the others. After an interrupt no
 * new change starts, and the ones under way are allowed to finish, so no VM is left half-done.
 */
public final class Executor {
    private final Map<String, Provider> providersByTarget;
    private final int parallelism;
    private final EventSink events;
    private final NewGuestFeatures newGuests;
    private final AtomicBoolean stopping = new AtomicBoolean();
    /** The changes under way, each with the last step it reported: what a run that stops waiting can tell. */
    private final Map<Change, String> underWay = new ConcurrentHashMap<>();
    private final Map<Change, ChangeOutcome> done = new ConcurrentHashMap<>();
    private volatile List<Change> walking = List.of();

    public Executor(Map<String, Provider> providersByTarget, int parallelism, EventSink events) {
        this(providersByTarget, parallelism, events, NewGuestFeatures.NONE);
    }

    /** @param newGuests answers, after a create the plan promised features for, which ones the new guest lacks */
    public Executor(Map<String, Provider> providersByTarget, int parallelism, EventSink events,
                    NewGuestFeatures newGuests) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        this.providersByTarget = Map.copyOf(providersByTarget);
        this.parallelism = parallelism;
        this.events = events;
        this.newGuests = newGuests;
    }

    /** Asks the apply to start no further changes. Safe from any thread, e.g. a shutdown hook. */
    public void stop() {
        stopping.set(true);
    }

    /**
     * The outcomes as they stand, in plan order, without waiting: finished changes as they ended, the ones under way
     * as {@link Status#INTERRUPTED} with the last step each reported, the rest as not started. For a run that stops
     * waiting (a second Ctrl-C, SIGTERM); the changes under way go on until the process ends.
     */
    public ApplyReport sofar() {
        List<ChangeOutcome> outcomes = new ArrayList<>();
        for (Change change : walking) {
            ChangeOutcome finished = done.get(change);
            String step = underWay.get(change);
            if (finished != null) {
                outcomes.add(finished);
            } else if (step != null) {
                outcomes.add(new ChangeOutcome(change, Status.INTERRUPTED, "the apply stopped waiting while this "
                        + "change was under way (last step: " + step + ")", "mid-change: read it with 'provision "
                        + "plan'", Duration.ZERO));
            } else {
                outcomes.add(new ChangeOutcome(change, Status.NOT_STARTED,
                        "apply was interrupted before this change began; the VM was not touched", null, Duration.ZERO));
            }
        }
        return new ApplyReport(outcomes);
    }

    public ApplyReport apply(Plan plan) throws InterruptedException {
        walking = List.copyOf(plan.changes());
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "provision-apply");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<ChangeOutcome>> futures = new ArrayList<>();
            for (Change change : plan.changes()) {
                futures.add(pool.submit(() -> run(change)));
            }
            List<ChangeOutcome> outcomes = new ArrayList<>();
            for (Future<ChangeOutcome> f : futures) {
                outcomes.add(get(f));
            }
            return new ApplyReport(outcomes);
        } finally {
            pool.shutdown();
        }
    }

    private static ChangeOutcome get(Future<ChangeOutcome> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a change task cannot throw", e.getCause());
        }
    }

    private ChangeOutcome run(Change change) {
        if (change.action() == Action.NO_OP && change.blocked() == null) {
            return finished(new ChangeOutcome(change, Status.UNCHANGED, null, null, Duration.ZERO));
        }
        if (change.blocked() != null) {
            Status status = change.blocked().kind() == Blocked.Kind.PENDING ? Status.PENDING : Status.REFUSED;
            return finished(new ChangeOutcome(change, status, change.blocked().reason(), null, Duration.ZERO));
        }
        if (stopping.get()) {
            return finished(new ChangeOutcome(change, Status.NOT_STARTED,
                    "apply was interrupted before this change began; the VM was not touched", null, Duration.ZERO));
        }
        underWay.put(change, "started");
        EventSink steps = tracking(change);
        steps.emit(new Event.ChangeStarted(change));
        long start = System.nanoTime();
        ChangeOutcome outcome;
        boolean created = false;
        try {
            Provider provider = providersByTarget.get(change.target());
            String mismatch = null;
            ObservedVm after = null;
            if (change.changesVm()) {
                after = provider.apply(change, steps);
                created = change.action() == Action.CREATE;
                mismatch = mismatch(change, after);
            }
            if (mismatch == null) {
                enableFeatures(provider, change, after);
            }
            outcome = mismatch == null
                    ? new ChangeOutcome(change, Status.APPLIED, null, null, since(start), created)
                    : new ChangeOutcome(change, Status.FAILED, "the change reported success, but the VM reads back "
                    + mismatch, describeState(after), since(start), created);
        } catch (LeaseHeldException e) {
            outcome = new ChangeOutcome(change, Status.REFUSED, e.getMessage(), e.vmState(), since(start));
        } catch (ProviderException e) {
            outcome = new ChangeOutcome(change, Status.FAILED, created ? createdBut(e.getMessage()) : e.getMessage(),
                    e.vmState(), since(start), created);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = new ChangeOutcome(change, Status.FAILED, "interrupted while the change was under way",
                    "unknown: read it with 'provision plan'", since(start), created);
        } catch (RuntimeException e) {
            outcome = new ChangeOutcome(change, Status.FAILED, "internal error: " + e,
                    "unknown: read it with 'provision plan'", since(start), created);
        }
        return finished(outcome);
    }

    /**
     * The guest step: the features the plan lists, or, for a VM this change just created, those a probe of the new
     * guest finds missing (the plan could not know them). Either way the provider enables them and restarts.
     */
    private void enableFeatures(Provider provider, Change change, ObservedVm created)
            throws ProviderException, InterruptedException {
        Change guestStep = change;
        if (change.featuresAfterCreate() && created != null) {
            events.emit(new Event.ChangeProgress(change, "probing the new guest for missing Windows features"));
            List<String> missing = newGuests.missing(provider, change, created);
            if (missing.isEmpty()) {
                events.emit(new Event.ChangeProgress(change, "the new guest has every feature its checks need"));
                return;
            }
            guestStep = change.withEnableFeatures(missing);
        }
        if (!guestStep.enableFeatures().isEmpty()) {
            events.emit(new Event.ChangeProgress(change, "enabling " + String.join(", ", guestStep.enableFeatures())
                    + " in the guest"));
            provider.enableFeatures(guestStep, events);
        }
    }

    /** A failure after the create: the VM exists, and the next plan probes it and plans what is still missing. */
    private static String createdBut(String failure) {
        return "the VM was created, but its guest features were not enabled: " + failure
                + " (the next apply probes the guest and enables what is missing)";
    }

    private ChangeOutcome finished(ChangeOutcome outcome) {
        done.put(outcome.change(), outcome);
        underWay.remove(outcome.change());
        events.emit(new Event.ChangeFinished(outcome));
        return outcome;
    }

    /** The events of one change, passed on after noting its step for {@link #sofar()}. */
    private EventSink tracking(Change change) {
        return event -> {
            if (event instanceof Event.ChangeProgress p) {
                underWay.replace(change, p.step());
            }
            events.emit(event);
        };
    }

    /** The first planned property the VM does not have after the change, or null when it has them all. */
    private static String mismatch(Change change, ObservedVm after) {
        Map<String, Object> actual = after.describe();
        for (Map.Entry<String, Object> wanted : change.after().entrySet()) {
            String is = Objects.toString(actual.get(wanted.getKey()), null);
            if (!String.valueOf(wanted.getValue()).equals(is)) {
                return wanted.getKey() + " = " + is + " (planned " + wanted.getValue() + ")";
            }
        }
        return null;
    }

    private static String describeState(ObservedVm vm) {
        return "power " + vm.power().key() + ", nested virtualization " + (vm.nestedVirtualization() ? "on" : "off");
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
