package dev.provision.provider;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a provider read about one target for a plan: its VMs, and the target-wide facts some plans need
 * (an Azure region's sizes and quotas) as an opaque value only that provider interprets.
 */
public final class Inventory {
    private final Map<String, ObservedVm> vmsByName = new LinkedHashMap<>();
    private final Object targetFacts;
    private final Map<String, Lease> leasesByVm;

    public Inventory(List<ObservedVm> vms, Object targetFacts) {
        this(vms, targetFacts, Map.of());
    }

    /**
     * @param leases the leases found on VMs, by VM name. Kept apart from the VMs' properties: a lease comes and goes
     *               with every apply, and must not make a saved plan stale.
     */
    public Inventory(List<ObservedVm> vms, Object targetFacts, Map<String, Lease> leases) {
        for (ObservedVm vm : vms) {
            vmsByName.put(vm.name(), vm);
        }
        this.targetFacts = targetFacts;
        this.leasesByVm = Map.copyOf(leases);
    }

    public Inventory(List<ObservedVm> vms) {
        this(vms, null);
    }

    public List<ObservedVm> vms() {
        return List.copyOf(vmsByName.values());
    }

    public Optional<ObservedVm> vm(String name) {
        return Optional.ofNullable(vmsByName.get(name));
    }

    /** The lease another (or an earlier, crashed) apply left on the VM, live or not. */
    public Optional<Lease> lease(String vm) {
        return Optional.ofNullable(leasesByVm.get(vm));
    }

    /** The provider's own target-wide facts, or null when it has none. */
    public Object targetFacts() {
        return targetFacts;
    }
}
