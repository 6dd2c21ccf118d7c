package dev.provision.azure;

import dev.provision.azure.sizing.QuotaUsage;
import dev.provision.azure.sizing.VmSku;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the Azure provider read about a target beyond its VMs, handed to {@link AzureRules} as the inventory's
 * target facts: the region's VM sizes, its compute usages, and the hardware-cluster sizes of the VMs that need a
 * resize (read only for those: one call per such VM, none for the others).
 *
 * @param availableSizes by VM name (lower case): the sizes its current hardware cluster offers; a VM missing here
 *                       was not asked about, and the rules then plan the safe path (deallocate, resize, start)
 * @param nicsLeftByCreates the VMs (lower case) that do not exist but whose NIC does, still carrying the
 *                          {@link CreateMarker} of a create cut short after the NIC
 */
public record AzureFacts(String location, boolean resourceGroupExists, List<VmSku> skus, List<QuotaUsage> usages,
                         Map<String, Set<String>> availableSizes, Set<String> nicsLeftByCreates) {
    public AzureFacts(String location, boolean resourceGroupExists, List<VmSku> skus, List<QuotaUsage> usages,
                      Map<String, Set<String>> availableSizes) {
        this(location, resourceGroupExists, skus, usages, availableSizes, Set.of());
    }

    public AzureFacts {
        nicsLeftByCreates = Set.copyOf(nicsLeftByCreates.stream().map(vm -> vm.toLowerCase(Locale.ROOT)).toList());
        skus = List.copyOf(skus);
        usages = List.copyOf(usages);
        Map<String, Set<String>> copy = new TreeMap<>();
        availableSizes.forEach((vm, sizes) -> copy.put(vm.toLowerCase(Locale.ROOT),
                Set.copyOf(sizes.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList())));
        availableSizes = java.util.Collections.unmodifiableMap(copy);
    }

    public Optional<VmSku> sku(String size) {
        return skus.stream().filter(s -> s.name().equalsIgnoreCase(size)).findFirst();
    }

    /** Whether a create of this VM was cut short after its NIC was made. */
    public boolean nicLeftByCreate(String vm) {
        return nicsLeftByCreates.contains(vm.toLowerCase(Locale.ROOT));
    }

    /** The sizes the VM's hardware cluster offers, or null when they were not read. */
    public Set<String> availableSizesOf(String vm) {
        return availableSizes.get(vm.toLowerCase(Locale.ROOT));
    }
}
