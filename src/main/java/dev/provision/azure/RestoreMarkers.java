package dev.provision.azure;

import dev.provision.provider.PowerState;
import dev.provision.provider.ProviderException;

import java.time.Clock;

/**
 * Writes and removes {@link RestoreMarker}s, keeping the VM's other tags (the lease among them) as {@link VmTag}
 * does: a lease renewal landing in between is read again, not dropped.
 */
final class RestoreMarkers {
    private final VmTag tag;
    private final Clock clock;

    RestoreMarkers(AzureClients azure, String resourceGroup, Clock clock) {
        this.tag = new VmTag(azure, resourceGroup, RestoreMarker.TAG);
        this.clock = clock;
    }

    /**
     * Notes on {@code vm} that it is owed {@code owed} while {@code step} runs; written before the VM leaves that
     * state, so a failure here leaves the VM as it was.
     */
    void promise(String vm, PowerState owed, RestoreMarker.Step step) throws ProviderException {
        String text = RestoreMarker.of(owed, step, clock.instant()).text();
        try {
            tag.write(vm, text);
        } catch (RuntimeException e) {
            throw new ProviderException("writing the restore marker on " + vm + " failed: " + AzureErrors.describe(e),
                    "unchanged, " + owed.key(), e);
        }
    }

    /** Drops the marker once the VM is back in its owed state. */
    void remove(String vm) throws ProviderException {
        try {
            tag.write(vm, null);
        } catch (RuntimeException e) {
            throw new ProviderException("removing the restore marker from " + vm + " failed: "
                    + AzureErrors.describe(e), "changed; its tag " + RestoreMarker.TAG + " is left, and the next "
                    + "apply removes it", e);
        }
    }
}
