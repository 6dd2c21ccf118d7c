package dev.provision.engine;

import dev.provision.event.Event;
import dev.provision.event.EventSink;
import dev.provision.guest.GuestFacts;
import dev.provision.model.DesiredVm;
import dev.provision.plan.GuestRemediation;
import dev.provision.plan.Plan;
import dev.provision.provider.Inventory;
import dev.provision.provider.ObservedVm;
import dev.provision.provider.Provider;
import dev.provision.provider.ProviderException;
import dev.provision.spec.InvalidInputException;
import dev.provision.spec.Spec;
import dev.provision.spec.TargetSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Before a plan is final, probes the guests of VMs that opt into {@code guest.enableFeatures}, so the plan can
 * show the features it will enable and the restart that costs. Only running VMs can be probed; the others get a
 * plan warning instead.
 */
final class RemediationProbe {
    /** Opens (or reuses) the provider of a target. */
    @FunctionalInterface
    interface Providers {
        Provider of(TargetSpec target) throws InvalidInputException, ProviderException;
    }

    private final EventSink events;
    private final int parallelism;

    /** @param parallelism probes at once, over all targets; each provider bounds it further (see Provider#probe) */
    RemediationProbe(EventSink events, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        this.events = events;
        this.parallelism = parallelism;
    }

    Plan amend(Plan plan, Spec spec, Map<String, Inventory> observed, Providers providers)
            throws InvalidInputException, ProviderException, InterruptedException {
        Map<String, DesiredVm> wanting = new LinkedHashMap<>();
        Map<String, String> notProbed = new LinkedHashMap<>();
        Map<String, Callable<Outcome>> probes = new LinkedHashMap<>();
        for (TargetSpec target : spec.targets()) {
            Inventory inventory = observed.get(target.name());
            for (DesiredVm vm : plan.selection().filter(GuestVerification.resolve(target, inventory))) {
                if (!vm.desired().guest().enableFeaturesOrFalse() || vm.desired().guest().checksOrEmpty().isEmpty()) {
                    continue;
                }
                String address = target.name() + "/" + vm.name();
                wanting.put(address, vm);
                Optional<ObservedVm> current = inventory.vm(vm.name());
                if (current.isEmpty()) {
                    continue;
                }
                if (!current.get().power().isRunning()) {
                    notProbed.put(address, "the VM is " + current.get().power().key());
                    continue;
                }
                Provider provider = providers.of(target);
                probes.put(address, () -> probe(provider, target.name(), vm, current.get()));
            }
        }
        if (wanting.isEmpty()) {
            return plan;
        }
        Map<String, GuestFacts> facts = new LinkedHashMap<>();
        for (Map.Entry<String, Outcome> probed : runAll(probes).entrySet()) {
            if (probed.getValue().facts() != null) {
                facts.put(probed.getKey(), probed.getValue().facts());
            } else {
                notProbed.put(probed.getKey(), probed.getValue().error());
            }
        }
        return GuestRemediation.amend(plan, wanting, facts, notProbed);
    }

    /** What one probe gave: the facts, or why there are none. */
    private record Outcome(GuestFacts facts, String error) {}

    private Outcome probe(Provider provider, String target, DesiredVm vm, ObservedVm current)
            throws InterruptedException {
        events.emit(new Event.VerificationStarted(target, vm.name()));
        try {
            return new Outcome(provider.probe(current, vm.desired().guest()), null);
        } catch (ProviderException e) {
            return new Outcome(null, e.getMessage());
        }
    }

    private Map<String, Outcome> runAll(Map<String, Callable<Outcome>> probes) throws InterruptedException {
        List<Outcome> results = SideBySide.run(List.copyOf(probes.values()), parallelism);
        Map<String, Outcome> out = new LinkedHashMap<>();
        int i = 0;
        for (String address : probes.keySet()) {
            out.put(address, results.get(i++));
        }
        return out;
    }
}
