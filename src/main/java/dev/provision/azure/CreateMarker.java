package dev.provision.azure;

import com.azure.core.util.Context;
import com.azure.resourcemanager.network.models.TagsObject;
import dev.provision.provider.ProviderException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a create leaves on what it made until it is done, so that a create cut short (a {@code kill -9}, a lost
 * machine, an operation that failed in Azure) is named by the next plan and finished by the next apply rather than
 * taken for a VM that is as wanted.
 *
 * <p><b>Decision.</b> The tag {@code provision-create} (value: the run that wrote it, as in a lease) is sent in the
 * NIC's PUT and in the VM's PUT, and removed once the VM's agent has reported Ready after the create — a create is
 * done when its guest has booted. It is not kept through the {@code guest.enableFeatures} step: should that step be
 * cut short, the next plan probes the running guest and plans the features as for any VM. A tag rather than
 * provision's own state: provision keeps none, and ARM returns tags with the VM listing a plan reads anyway. The
 * NIC's marker only explains a NIC without its VM; the VM's is the one the plan acts on. Removal goes NIC first,
 * then VM, so a kill between the two leaves the VM's, and the next apply finishes (harmlessly) once more.
 */
final class CreateMarker {
    static final String TAG = "provision-create";
    private final AzureClients azure;
    private final String resourceGroup;
    private final VmTag vmTag;

    CreateMarker(AzureClients azure, String resourceGroup) {
        this.azure = azure;
        this.resourceGroup = resourceGroup;
        this.vmTag = new VmTag(azure, resourceGroup, TAG);
    }

    /** The marker's value on these tags, if they carry one. */
    static Optional<String> on(Map<String, String> tags) {
        return Optional.ofNullable(tags == null ? null : tags.get(TAG));
    }

    /** {@code tags} plus the marker. */
    static Map<String, String> marked(Map<String, String> tags, String run) {
        Map<String, String> out = new LinkedHashMap<>(tags);
        out.put(TAG, run);
        return out;
    }

    /**
     * Removes the marker from the NIC (whose tags the create has just written: {@code nicTags}), then from the VM,
     * keeping the VM's other tags; the VM's PATCH carries its etag, so a tag another apply writes meanwhile (a lease)
     * is not overwritten but read again.
     */
    void remove(String vm, Map<String, String> nicTags) throws ProviderException {
        try {
            azure.network().getNetworkInterfaces().updateTagsWithResponse(resourceGroup, VmNames.nic(vm),
                    new TagsObject().withTags(nicTags), Context.NONE);
            vmTag.write(vm, null);
        } catch (RuntimeException e) {
            throw new ProviderException(vm + " was created and booted, but removing its tag " + TAG + " failed: "
                    + AzureErrors.describe(e), "created and running; the next plan shows its create as interrupted "
                    + "and the next apply finishes it again (nothing is duplicated)", e);
        }
    }
}
