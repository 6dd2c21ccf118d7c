package dev.provision.engine;

import dev.provision.apply.ApplyReport;
import dev.provision.apply.Executor;
import dev.provision.event.Event;
import dev.provision.event.EventSink;
import dev.provision.guest.NotVerified;
import dev.provision.guest.VmVerification;
import dev.provision.provider.ChangeRules;
import dev.provision.plan.Plan;
import dev.provision.plan.Planner;
import dev.provision.plan.Selection;
import dev.provision.plan.StalenessCheck;
import dev.provision.provider.Inventory;
import dev.provision.provider.Provider;
import dev.provision.provider.ProviderException;
import dev.provision.provider.SizeAdvice;
import dev.provision.provider.SizeAdvisor;
import dev.provision.provider.SizeQuery;
import dev.provision.provider.ThisMachine;
import dev.provision.spec.InvalidInputException;
import dev.provision.spec.Spec;
import dev.provision.spec.TargetSpec;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The workflows the commands call: read, plan, apply a plan, verify. It opens one provider per target on first
 * use and closes them all at the end; it reports progress as events and never prints.
 */
public final class Engine implements AutoCloseable {
    private final ProviderRegistry registry;
    private final EventSink events;
    private final Map<String, Provider> providers = new LinkedHashMap<>();
    private volatile Executor running;
    private volatile Executor lastApply;

    public Engine(ProviderRegistry registry, EventSink events) {
        this.registry = registry;
        this.events = events;
    }

    /** Reads the inventory of the selected targets only. */
    public Map<String, Inventory> read(Spec spec, Selection selection) throws InvalidInputException,
            ProviderException, InterruptedException {
        return read(selection.narrow(spec));
    }

    /** Reads every target's inventory. */
    public Map<String, Inventory> read(Spec spec) throws InvalidInputException, ProviderException,
            InterruptedException {
        Map<String, Inventory> out = new LinkedHashMap<>();
        for (TargetSpec target : spec.targets()) {
            events.emit(new Event.TargetReading(target.name()));
            long start = System.nanoTime();
            Inventory inventory = provider(target).read();
            events.emit(new Event.TargetRead(target.name(), inventory.vms().size(),
                    Duration.ofNanos(System.nanoTime() - start)));
            out.put(target.name(), inventory);
        }
        return out;
    }

    /** Guest probes at once when a command does not say (as the commands' --parallelism default). */
    public static final int DEFAULT_PARALLELISM = 4;

    /** {@link #plan(Spec, String, int)} with {@link #DEFAULT_PARALLELISM} probes at once. */
    public Plan plan(Spec spec, String specPath) throws InvalidInputException, ProviderException,
            InterruptedException {
        return plan(spec, specPath, DEFAULT_PARALLELISM);
    }

    /**
     * Reads the targets and plans against what was read; where a spec opts into guest remediation, the guests
     * are probed (read-only, {@code parallelism} at a time) so the plan can say which features it will enable.
     */
    public Plan plan(Spec spec, String specPath, int parallelism) throws InvalidInputException, ProviderException,
            InterruptedException {
        return plan(spec, specPath, Selection.ALL, parallelism);
    }

    /**
     * A plan over the selection only; a target it does not name is neither read nor opened. Guests are probed for
     * remediation {@code parallelism} at a time.
     */
    public Plan plan(Spec spec, String specPath, Selection selection, int parallelism) throws InvalidInputException,
            ProviderException, InterruptedException {
        Spec selected = selection.narrow(spec);
        Map<String, Inventory> observed = read(selected);
        Plan plan = plan(spec, observed, specPath, selection);
        return new RemediationProbe(events, parallelism).amend(plan, selected, observed, this::provider);
    }

    public Plan plan(Spec spec, Map<String, Inventory> observed, String specPath) throws InvalidInputException,
            ProviderException {
        return plan(spec, observed, specPath, Selection.ALL);
    }

    private Plan plan(Spec spec, Map<String, Inventory> observed, String specPath, Selection selection)
            throws InvalidInputException, ProviderException {
        Map<String, ChangeRules> rules = new LinkedHashMap<>();
        for (TargetSpec target : selection.narrow(spec).targets()) {
            rules.put(target.name(), provider(target).rules());
        }
        return new Planner(rules, ThisMachine.current()).plan(spec, observed, specPath, Instant.now(), selection);
    }

    /**
     * What moved since a saved plan was made; empty when it may be applied. Only the plan's selection is read: a
     * VM outside it may change freely without making the plan stale.
     */
    public List<String> staleness(Plan plan, Spec spec) throws InvalidInputException, ProviderException,
            InterruptedException {
        if (!plan.specDigest().equals(spec.digest())) {
            return List.of("the spec or one of its profiles changed since the plan was made");
        }
        return StalenessCheck.differences(plan, read(spec, plan.selection()));
    }

    /** Carries out the plan's changes, {@code parallelism} at a time. */
    public ApplyReport apply(Plan plan, Spec spec, int parallelism) throws InvalidInputException, ProviderException,
            InterruptedException {
        Map<String, Provider> byTarget = new LinkedHashMap<>();
        for (TargetSpec target : plan.selection().narrow(spec).targets()) {
            byTarget.put(target.name(), provider(target));
        }
        Executor executor = new Executor(byTarget, parallelism, events, CreatedGuests.of(plan, spec));
        lastApply = executor;
        running = executor;
        try {
            return executor.apply(plan);
        } finally {
            running = null;
        }
    }

    /**
     * Verifies the guests of every VM of the spec, {@code parallelism} probes at a time, in spec order; VMs the plan
     * made from this same reading refuses are not probed (see {@link VerificationScope}).
     */
    public List<VmVerification> verify(Spec spec, Map<String, Inventory> observed, int parallelism)
            throws InvalidInputException, ProviderException, InterruptedException {
        return verify(spec, observed, parallelism, Selection.ALL);
    }

    /** Verifies the selected VMs only; {@code observed} needs only the selected targets. */
    public List<VmVerification> verify(Spec spec, Map<String, Inventory> observed, int parallelism,
                                       Selection selection)
            throws InvalidInputException, ProviderException, InterruptedException {
        Plan plan = plan(spec, observed, String.valueOf(spec.source()), selection);
        return verify(spec, observed, VerificationScope.refusedIn(plan), parallelism, selection);
    }

    /** The verification after an apply: VMs it refused, and creates that failed or never started, are not probed. */
    public List<VmVerification> verifyAfter(ApplyReport report, Spec spec, Map<String, Inventory> observed,
                                            int parallelism)
            throws InvalidInputException, ProviderException, InterruptedException {
        return verify(spec, observed, VerificationScope.after(report), parallelism, Selection.ALL);
    }

    /** As {@link #verifyAfter(ApplyReport, Spec, Map, int)}, over the applied plan's selection only. */
    public List<VmVerification> verifyAfter(ApplyReport report, Spec spec, Map<String, Inventory> observed,
                                            int parallelism, Selection selection)
            throws InvalidInputException, ProviderException, InterruptedException {
        return verify(spec, observed, VerificationScope.after(report), parallelism, selection);
    }

    private List<VmVerification> verify(Spec spec, Map<String, Inventory> observed, Map<String, NotVerified> skip,
                                        int parallelism, Selection selection)
            throws InvalidInputException, ProviderException, InterruptedException {
        GuestVerification verification = new GuestVerification(events);
        List<Callable<VmVerification>> tasks = new ArrayList<>();
        for (TargetSpec target : selection.narrow(spec).targets()) {
            Inventory inventory = observed.get(target.name());
            tasks.addAll(verification.tasks(target.name(), provider(target),
                    selection.filter(GuestVerification.resolve(target, inventory)), inventory, skip));
        }
        return SideBySide.run(tasks, parallelism);
    }

    /**
     * Which sizes of a region can run nested virtualization for the target's VMs, best first, and why every other
     * size cannot; reads, changes nothing.
     */
    public SizeAdvice sizes(TargetSpec target, SizeQuery query) throws InvalidInputException, ProviderException,
            InterruptedException {
        SizeAdvisor advisor = provider(target).sizeAdvisor().orElseThrow(() -> new InvalidInputException(
                target.location(), "target '" + target.name() + "' (kind " + target.kind().key()
                + ") has no VM sizes to list"));
        return advisor.advise(query);
    }

    /**
     * The last apply's outcomes as they stand, without waiting for the changes under way (they are reported
     * interrupted, with their last step): for a run that stops waiting. Empty when no apply began.
     */
    public ApplyReport applySoFar() {
        Executor executor = lastApply;
        return executor == null ? new ApplyReport(List.of()) : executor.sofar();
    }

    /**
     * The verification an interrupted apply skipped: one line per planned VM instead of a probe, so that the
     * reports still name every VM and say why it was not checked.
     */
    public static List<VmVerification> skippedAfterInterrupt(Plan plan) {
        return plan.changes().stream().map(c -> VmVerification.notVerified(c.target(), c.vm(),
                new NotVerified(NotVerified.Reason.INTERRUPTED, "run 'provision verify' when the VMs are settled")))
                .toList();
    }

    /** Asks a running apply to start no further changes (Ctrl-C). */
    public void stop() {
        Executor executor = running;
        if (executor != null) {
            executor.stop();
        }
    }

    Provider provider(TargetSpec target) throws InvalidInputException, ProviderException {
        Provider p = providers.get(target.name());
        if (p == null) {
            p = registry.factoryFor(target).open(target);
            providers.put(target.name(), p);
        }
        return p;
    }

    @Override
    public void close() {
        if (running != null) {
            // A run that stopped waiting: changes are still under way and the process is about to end. Closing
            // their sessions now could fail them half-way; leaving them lets each step run until the exit.
            providers.clear();
            return;
        }
        providers.values().forEach(Provider::close);
        providers.clear();
    }
}
