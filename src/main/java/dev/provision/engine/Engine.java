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
import dev.provision.plan.StalenessCheck;
import dev.provision.provider.Inventory;
import dev.provision.provider.Provider;
import dev.provision.provider.ProviderException;
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

    public Engine(ProviderRegistry registry, EventSink events) {
        this.registry = registry;
        this.events = events;
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
        Map<String, Inventory> observed = read(spec);
        Plan plan = plan(spec, observed, specPath);
        return new RemediationProbe(events, parallelism).amend(plan, spec, observed, this::provider);
    }

    public Plan plan(Spec spec, Map<String, Inventory> observed, String specPath) throws InvalidInputException,
            ProviderException {
        Map<String, ChangeRules> rules = new LinkedHashMap<>();
        for (TargetSpec target : spec.targets()) {
            rules.put(target.name(), provider(target).rules());
        }
        return new Planner(rules).plan(spec, observed, specPath, Instant.now());
    }

    /** What moved since a saved plan was made; empty when it may be applied. */
    public List<String> staleness(Plan plan, Spec spec) throws InvalidInputException, ProviderException,
            InterruptedException {
        if (!plan.specDigest().equals(spec.digest())) {
            return List.of("the spec or one of its profiles changed since the plan was made");
        }
        return StalenessCheck.differences(plan, read(spec));
    }

    /** Carries out the plan's changes, {@code parallelism} at a time. */
    public ApplyReport apply(Plan plan, Spec spec, int parallelism) throws InvalidInputException, ProviderException,
            InterruptedException {
        Map<String, Provider> byTarget = new LinkedHashMap<>();
        for (TargetSpec target : spec.targets()) {
            byTarget.put(target.name(), provider(target));
        }
        Executor executor = new Executor(byTarget, parallelism, events);
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
        Plan plan = plan(spec, observed, String.valueOf(spec.source()));
        return verify(spec, observed, VerificationScope.refusedIn(plan), parallelism);
    }

    /** The verification after an apply: VMs it refused, and creates that failed or never started, are not probed. */
    public List<VmVerification> verifyAfter(ApplyReport report, Spec spec, Map<String, Inventory> observed,
                                            int parallelism)
            throws InvalidInputException, ProviderException, InterruptedException {
        return verify(spec, observed, VerificationScope.after(report), parallelism);
    }

    private List<VmVerification> verify(Spec spec, Map<String, Inventory> observed, Map<String, NotVerified> skip,
                                        int parallelism)
            throws InvalidInputException, ProviderException, InterruptedException {
        GuestVerification verification = new GuestVerification(events);
        List<Callable<VmVerification>> tasks = new ArrayList<>();
        for (TargetSpec target : spec.targets()) {
            Inventory inventory = observed.get(target.name());
            tasks.addAll(verification.tasks(target.name(), provider(target),
                    GuestVerification.resolve(target, inventory), inventory, skip));
        }
        return SideBySide.run(tasks, parallelism);
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
        providers.values().forEach(Provider::close);
        providers.clear();
    }
}
