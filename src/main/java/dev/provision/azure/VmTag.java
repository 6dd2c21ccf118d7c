package dev.provision.azure;

import com.azure.core.util.Context;
import com.azure.resourcemanager.compute.fluent.VirtualMachinesClient;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineInner;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineUpdateInner;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sets or removes one tag of a VM without losing the others. A PATCH of a VM's tags replaces the whole set, so the
 * VM is read first and its etag sent in If-Match: when another write lands in between (a lease renewal), ARM answers
 * 412 and the write is made again on a fresh read instead of overwriting it.
 */
final class VmTag {
    private static final int ATTEMPTS = 3;
    private static final int PRECONDITION_FAILED = 412;

    private final AzureClients azure;
    private final String resourceGroup;
    private final String key;

    VmTag(AzureClients azure, String resourceGroup, String key) {
        this.azure = azure;
        this.resourceGroup = resourceGroup;
        this.key = key;
    }

    /** Writes {@code value} as the tag on {@code vm}, or removes it for null (no write when it is already absent). */
    void write(String vm, String value) {
        for (int attempt = 1; ; attempt++) {
            VirtualMachineInner read = vms().getByResourceGroup(resourceGroup, vm);
            Map<String, String> tags = new LinkedHashMap<>(read.tags() == null ? Map.of() : read.tags());
            if (value == null) {
                if (tags.remove(key) == null) {
                    return;
                }
            } else {
                tags.put(key, value);
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
