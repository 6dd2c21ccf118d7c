package dev.provision.azure;

import com.azure.core.util.Context;
import com.azure.resourcemanager.compute.fluent.VirtualMachinesClient;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineInner;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineUpdateInner;
import dev.provision.provider.Lease;
import dev.provision.provider.LeaseHeldException;
import dev.provision.provider.LeaseKeeper;
import dev.provision.provider.LeaseOwner;
import dev.provision.provider.LeaseTerm;
import dev.provision.provider.ProviderException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Leases on Azure: a tag on the VM, written by a PATCH that carries the VM's etag in If-Match. ARM refuses the
 * PATCH with 412 PreconditionFailed when the VM changed since it was read, so of two applies that read the same etag
 * only one writes its lease; the other reads the VM again and finds the winner's. A PATCH replaces the whole tag
 * set, so the VM's other tags are sent along unchanged.
 */
final class AzureLeases {
    static final String TAG = "provision-lease";
    private static final int ATTEMPTS = 3;
    private static final int PRECONDITION_FAILED = 412;

    private final AzureClients azure;
    private final String resourceGroup;
    private final LeaseOwner owner;
    private final Clock clock;
    private final LeaseTerm term;

    AzureLeases(AzureClients azure, String resourceGroup, LeaseOwner owner, Clock clock, LeaseTerm term) {
        this.azure = azure;
        this.resourceGroup = resourceGroup;
        this.owner = owner;
        this.clock = clock;
        this.term = term;
    }

    static Optional<Lease> leaseOf(VirtualMachineInner vm) {
        return Optional.ofNullable(vm.tags() == null ? null : Lease.parse(vm.tags().get(TAG)));
    }

    /**
     * Takes the lease on {@code vm} or throws {@link LeaseHeldException} naming whoever holds it; an expired lease is
     * taken over with a word to {@code progress}. The keeper renews it until it is closed, which releases it.
     */
    LeaseKeeper take(String vm, Consumer<String> progress) throws ProviderException {
        for (int attempt = 1; ; attempt++) {
            VirtualMachineInner read = read(vm);
            Optional<Lease> found = leaseOf(read);
            Instant now = clock.instant();
            Lease.admit(vm, found.orElse(null), owner, now, progress);
            try {
                writeTags(vm, withLease(read.tags(), Lease.of(owner, now, term).text()), read.etag());
                return new LeaseKeeper(store(vm), owner, clock, term, progress);
            } catch (RuntimeException e) {
                if (AzureErrors.status(e) != PRECONDITION_FAILED) {
                    throw new ProviderException("taking the lease on " + vm + " failed: " + AzureErrors.describe(e),
                            "unchanged", e);
                }
                if (attempt == ATTEMPTS) {
                    throw new ProviderException("the VM kept changing while its lease was taken (" + ATTEMPTS
                            + " attempts, 412 PreconditionFailed each time)", "unchanged", e);
                }
            }
        }
    }

    /**
     * Renewals and the release are ours to write, so they need no compare-and-set of the lease itself; {@link VmTag}
     * keeps the VM's other tags (a restore marker written in between is read again, not dropped).
     */
    private LeaseKeeper.Store store(String vm) {
        VmTag tag = new VmTag(azure, resourceGroup, TAG);
        return new LeaseKeeper.Store() {
            @Override
            public void write(Lease lease) {
                tag.write(vm, lease.text());
            }

            @Override
            public void clear() {
                tag.write(vm, null);
            }
        };
    }

    private VirtualMachineInner read(String vm) {
        return vms().getByResourceGroup(resourceGroup, vm);
    }

    private void writeTags(String vm, Map<String, String> tags, String etag) {
        vms().update(resourceGroup, vm, new VirtualMachineUpdateInner().withTags(tags), etag, null, Context.NONE);
    }

    /** Built on first use, like every client of the provider: opening a target sends nothing. */
    private VirtualMachinesClient vms() {
        return azure.compute().getVirtualMachines();
    }

    private static Map<String, String> withLease(Map<String, String> tags, String lease) {
        Map<String, String> out = new LinkedHashMap<>(tags == null ? Map.of() : tags);
        out.put(TAG, lease);
        return out;
    }
}
