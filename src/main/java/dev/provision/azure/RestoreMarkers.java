package dev.provision.azure;

import com.azure.core.util.Context;
import com.azure.resourcemanager.compute.fluent.VirtualMachinesClient;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineInner;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineUpdateInner;
import dev.provision.provider.PowerState;
import dev.provision.provider.ProviderException;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes and removes {@link RestoreMarker}s. A PATCH of a VM's tags replaces the whole set, so each write reads the
 * VM, keeps every other tag (the lease among them) and sends its etag in If-Match: a lease renewal landing in
 * between makes ARM answer 412, and the write is made again on a fresh read instead of dropping the renewal.
 */
final class RestoreMarkers {
    private static final int ATTEMPTS = 3;
    private static final int PRECONDITION_FAILED = 412;

    private final AzureClients azure;
    private final String resourceGroup;
    private final Clock clock;

    RestoreMarkers(AzureClients azure, String resourceGroup, Clock clock) {
        this.azure = azure;
        this.resourceGroup = resourceGroup;
        this.clock = clock;
    }

    /**
     * Notes on {@code vm} that it is owed {@code owed} while {@code step} runs; written before the VM leaves that
     * state, so a failure here leaves the VM as it was.
     */
    void promise(String vm, PowerState owed, RestoreMarker.Step step) throws ProviderException {
        String text = RestoreMarker.of(owed, step, clock.instant()).text();
        try {
            writeTag(vm, text);
        } catch (RuntimeException e) {
            throw new ProviderException("writing the restore marker on " + vm + " failed: " + AzureErrors.describe(e),
                    "unchanged, " + owed.key(), e);
        }
    }

    /** Drops the marker once the VM is back in its owed state. */
    void remove(String vm) throws ProviderException {
        try {
            writeTag(vm, null);
        } catch (RuntimeException e) {
            throw new ProviderException("removing the restore marker from " + vm + " failed: "
                    + AzureErrors.describe(e), "changed; its tag " + RestoreMarker.TAG + " is left, and the next "
                    + "apply removes it", e);
        }
    }

    private void writeTag(String vm, String text) {
        for (int attempt = 1; ; attempt++) {
            VirtualMachineInner read = vms().getByResourceGroup(resourceGroup, vm);
            Map<String, String> tags = new LinkedHashMap<>(read.tags() == null ? Map.of() : read.tags());
            if (text == null) {
                if (tags.remove(RestoreMarker.TAG) == null) {
                    return;
                }
            } else {
                tags.put(RestoreMarker.TAG, text);
            }
            try {
                vms().update(resourceGroup, vm, new VirtualMachineUpdateInner().withTags(tags), read.etag(), null,
                        Context.NONE);
                return;
            } catch (RuntimeException e) {
                if (AzureErrors.status(e) != PRECONDITION_FAILED || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Built on first use, like every client of the provider: opening a target sends nothing. */
    private VirtualMachinesClient vms() {
        return azure.compute().getVirtualMachines();
    }
}
