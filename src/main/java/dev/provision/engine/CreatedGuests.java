package dev.provision.engine;

import dev.provision.apply.NewGuestFeatures;
import dev.provision.model.Change;
import dev.provision.model.DesiredVm;
import dev.provision.plan.GuestRemediation;
import dev.provision.plan.Plan;
import dev.provision.plan.SelectorResolver;
import dev.provision.provider.Inventory;
import dev.provision.provider.ObservedVm;
import dev.provision.provider.Provider;
import dev.provision.provider.ProviderException;
import dev.provision.spec.Diagnostic;
import dev.provision.spec.InvalidInputException;
import dev.provision.spec.Spec;
import dev.provision.spec.TargetSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The guests of VMs an apply creates with {@code guest.enableFeatures: true}: once the provider has made the VM
 * and waited until its guest can be reached (Azure: an agent Ready newer than the create; vSphere: Tools
 * running), the guest is probed as the plan would have probed it, and the features missing are judged by the same
 * rule ({@link GuestRemediation#missing}). Any provider serves, through {@link Provider#probe}.
 */
final class CreatedGuests implements NewGuestFeatures {
    private final Map<String, DesiredVm> byAddress;

    private CreatedGuests(Map<String, DesiredVm> byAddress) {
        this.byAddress = byAddress;
    }

    /**
     * The desired states of the plan's creates that promise features. A VM that does not exist yet can only be
     * named in the spec (a pattern matches existing VMs), so the spec's names are resolved without an inventory.
     */
    static CreatedGuests of(Plan plan, Spec spec) throws InvalidInputException {
        Map<String, DesiredVm> out = new HashMap<>();
        for (TargetSpec target : plan.selection().narrow(spec).targets()) {
            List<Diagnostic> patternsMatchingNothing = new ArrayList<>();
            for (DesiredVm vm : SelectorResolver.resolve(target, new Inventory(List.of()), patternsMatchingNothing)) {
                out.put(target.name() + "/" + vm.name(), vm);
            }
        }
        Map<String, DesiredVm> promised = new HashMap<>();
        for (Change change : plan.changes()) {
            if (change.featuresAfterCreate() && out.containsKey(change.address())) {
                promised.put(change.address(), out.get(change.address()));
            }
        }
        return new CreatedGuests(promised);
    }

    @Override
    public List<String> missing(Provider provider, Change change, ObservedVm created)
            throws ProviderException, InterruptedException {
        DesiredVm vm = byAddress.get(change.address());
        if (vm == null) {
            throw new ProviderException("the spec no longer names " + change.address() + " with guest checks",
                    "created; guest features not enabled", null);
        }
        return GuestRemediation.missing(vm, provider.probe(created, vm.desired().guest()));
    }
}
