package dev.provision.vsphere;

import dev.provision.event.Event;
import dev.provision.event.EventSink;
import dev.provision.guest.GuestFacts;
import dev.provision.plan.Change;
import dev.provision.plan.ChangeRules;
import dev.provision.provider.Inventory;
import dev.provision.provider.ObservedVm;
import dev.provision.provider.Provider;
import dev.provision.provider.ProviderException;
import dev.provision.spec.GuestSpec;
import dev.provision.spec.InvalidInputException;
import dev.provision.spec.TargetSpec;
import dev.provision.spec.VsphereConnection;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code kind: vsphere}: exposes hardware-assisted virtualization on existing VMs of a vCenter or ESXi host.
 * One logged-in session per target, shared by every worker of an apply and renewed when it expires; the whole
 * inventory in a constant number of round trips; every change bounded per vCenter and per host
 * ({@link ApplySlots}). It never creates VMs.
 */
public final class VsphereProvider implements Provider {
    private final String target;
    private final String datacenter;
    private final dev.provision.vsphere.VsphereConnection connection;
    private final InventoryReader reader;
    private final VmOperations vms;
    private final ApplySlots slots;
    /** Name to managed object id, from the last read, for names that are unique. */
    private volatile Map<String, String> moids = Map.of();

    VsphereProvider(String target, String datacenter, dev.provision.vsphere.VsphereConnection connection,
                    ApplySlots slots) {
        this.target = target;
        this.datacenter = datacenter;
        this.connection = connection;
        this.reader = new InventoryReader(connection);
        this.vms = new VmOperations(connection);
        this.slots = slots;
    }

    /**
     * Resolves the password now (never earlier, never logged) and logs in.
     *
     * @param environment where {@code ${env:...}} references are looked up
     */
    public static VsphereProvider open(TargetSpec target, Map<String, String> environment)
            throws InvalidInputException, ProviderException {
        VsphereConnection spec = (VsphereConnection) target.connection();
        VsphereEndpoint endpoint;
        try {
            endpoint = new VsphereEndpoint(URI.create(spec.url()), spec.username(),
                    spec.password().resolve(environment), trust(spec), VsphereEndpoint.DEFAULT_TIMEOUT);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(target.location(), "target '" + target.name() + "': " + e.getMessage());
        }
        try {
            return new VsphereProvider(target.name(), spec.datacenter(),
                    dev.provision.vsphere.VsphereConnection.open(endpoint),
                    new ApplySlots(ApplySlots.DEFAULT_PER_VCENTER, ApplySlots.DEFAULT_PER_HOST));
        } catch (VsphereException e) {
            throw new ProviderException("target '" + target.name() + "': " + e.getMessage());
        }
    }

    private static VsphereTrust trust(VsphereConnection spec) {
        if (spec.insecure()) {
            return VsphereTrust.insecureAcceptAnyCertificate();
        }
        if (spec.thumbprint() != null) {
            return VsphereTrust.pinnedSha256(spec.thumbprint());
        }
        return spec.caFile() != null ? VsphereTrust.caFile(spec.caFile()) : VsphereTrust.jdkDefault();
    }

    @Override
    public Inventory read() throws ProviderException {
        List<VsphereVm> all;
        try {
            all = reader.readVms().vms();
        } catch (VsphereException e) {
            throw new ProviderException("target '" + target + "': " + e.getMessage());
        }
        Map<String, List<String>> pathsByName = new LinkedHashMap<>();
        Set<String> toolsNotRunning = new HashSet<>();
        List<ObservedVm> observed = new ArrayList<>();
        Map<String, String> ids = new HashMap<>();
        for (VsphereVm vm : all) {
            if (datacenter != null && !vm.path().startsWith("/" + datacenter + "/")) {
                continue;
            }
            pathsByName.computeIfAbsent(vm.name(), n -> new ArrayList<>()).add(vm.path());
            if (ids.putIfAbsent(vm.name(), vm.moid()) != null) {
                continue; // the rules refuse names that are not unique; the first VM stands in the inventory
            }
            observed.add(ObservedVms.of(vm));
            if (vm.powerState() == VsphereVm.PowerState.POWERED_ON && !vm.toolsRunning()) {
                toolsNotRunning.add(vm.name());
            }
        }
        pathsByName.values().removeIf(paths -> paths.size() < 2);
        pathsByName.keySet().forEach(ids::remove);
        moids = Map.copyOf(ids);
        return new Inventory(observed, new VsphereFacts(pathsByName, toolsNotRunning));
    }

    @Override
    public ChangeRules rules() {
        return new VsphereRules();
    }

    @Override
    public ObservedVm apply(Change change, EventSink events) throws ProviderException, InterruptedException {
        return slots.change(() -> {
            VsphereVm start = locate(change.vm());
            try {
                new VmChange(change, step -> events.emit(new Event.ChangeProgress(change, step)), vms, reader, slots)
                        .run(start);
                VsphereVm after = reader.readVm(start.moid());
                if (after == null) {
                    throw new ProviderException("the VM disappeared during the change", "gone", null);
                }
                return ObservedVms.of(after);
            } catch (VsphereException e) {
                throw new ProviderException(e.getMessage(), "unknown: read it with 'provision plan'", e);
            }
        });
    }

    /** The VM as it is now, found by the id the last read gave its name. */
    private VsphereVm locate(String name) throws ProviderException {
        try {
            if (!moids.containsKey(name)) {
                read();
            }
            String moid = moids.get(name);
            VsphereVm vm = moid == null ? null : reader.readVm(moid);
            if (vm == null || !vm.name().equals(name)) {
                throw new ProviderException("VM '" + name + "' is not (or no longer uniquely) in the inventory of "
                        + "target '" + target + "': plan again");
            }
            return vm;
        } catch (VsphereException e) {
            throw new ProviderException("reading VM '" + name + "': " + e.getMessage());
        }
    }

    /** Guest verification over VMware guest operations is issue 5; until then no result is made up. */
    @Override
    public GuestFacts probe(ObservedVm vm, GuestSpec guest) throws ProviderException {
        if (!vm.power().isRunning()) {
            throw new ProviderException("VM '" + vm.name() + "' is " + vm.power().key()
                    + ": the guest cannot be probed until it runs");
        }
        throw new ProviderException("VM '" + vm.name() + "': guest verification over VMware guest operations is "
                + "not available in this build yet, so the guest was not checked");
    }

    @Override
    public void close() {
        connection.close();
    }

    /** The shared session (for tests: round trips, renewals). */
    dev.provision.vsphere.VsphereConnection connection() {
        return connection;
    }

    ApplySlots slots() {
        return slots;
    }

    @Override
    public String toString() {
        return "vsphere target " + target;
    }
}
