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
import java.util.Map;
import java.util.Optional;

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

    RemediationProbe(EventSink events) {
        this.events = events;
    }

    Plan amend(Plan plan, Spec spec, Map<String, Inventory> observed, Providers providers)
            throws InvalidInputException, ProviderException, InterruptedException {
        Map<String, DesiredVm> wanting = new LinkedHashMap<>();
        Map<String, GuestFacts> facts = new LinkedHashMap<>();
        Map<String, String> notProbed = new LinkedHashMap<>();
        for (TargetSpec target : spec.targets()) {
            Inventory inventory = observed.get(target.name());
            for (DesiredVm vm : GuestVerification.resolve(target, inventory)) {
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
                try {
                    events.emit(new Event.VerificationStarted(target.name(), vm.name()));
                    facts.put(address, providers.of(target).probe(current.get(), vm.desired().guest()));
                } catch (ProviderException e) {
                    notProbed.put(address, e.getMessage());
                }
            }
        }
        return wanting.isEmpty() ? plan : GuestRemediation.amend(plan, wanting, facts, notProbed);
    }
}
