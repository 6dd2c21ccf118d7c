package dev.provision.azure;

import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.Context;
import com.azure.resourcemanager.compute.fluent.models.ResourceSkuInner;
import com.azure.resourcemanager.compute.fluent.models.UsageInner;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineInner;
import dev.provision.provider.Lease;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineSizeInner;
import com.azure.resourcemanager.compute.models.ExpandTypeForListVMs;
import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceInner;
import dev.provision.azure.sizing.NestedVirtualizationCatalog;
import dev.provision.azure.sizing.QuotaUsage;
import dev.provision.azure.sizing.VmSku;
import dev.provision.model.DesiredVm;
import dev.provision.plan.SelectorResolver;
import dev.provision.provider.Inventory;
import dev.provision.provider.ObservedVm;
import dev.provision.provider.PowerState;
import dev.provision.provider.ProviderException;
import dev.provision.spec.AzureSettings;
import dev.provision.spec.TargetSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads one target (one resource group in one region) in a number of calls that does not grow with its VMs:
 * one paged VM listing with instance views (power states for all), the region's SKU list from the disk cache
 * (3 pages when it is cold), one usages listing, one NIC listing only when a VM of the spec is missing (a create cut
 * short after its NIC, {@link CreateMarker}), and {@code listAvailableSizes} only for allocated VMs whose size
 * must change — the one fact that decides between an in-place resize and a deallocation.
 */
final class AzureReader {
    private final AzureClients azure;
    private final AzureSettings connection;
    private final SkuCache cache;
    private final String cloudKey;
    private final NestedVirtualizationCatalog catalog;
    /** The size list once read in this run: parallel read-backs after changes must not re-read the cache file. */
    private volatile List<VmSku> known;

    AzureReader(AzureClients azure, AzureSettings connection, SkuCache cache, String cloudKey,
                NestedVirtualizationCatalog catalog) {
        this.azure = azure;
        this.connection = connection;
        this.cache = cache;
        this.cloudKey = cloudKey;
        this.catalog = catalog;
    }

    /** A reader of the same subscription in another region, for sizes asked about a region the target is not in. */
    AzureReader at(String location) {
        return location.equals(connection.location()) ? this
                : new AzureReader(azure, connection.withLocation(location), cache, cloudKey, catalog);
    }

    Inventory read(TargetSpec target) throws ProviderException {
        String rg = connection.resourceGroup();
        List<VirtualMachineInner> listed = new ArrayList<>();
        boolean groupExists = true;
        try {
            azure.compute().getVirtualMachines().listByResourceGroup(rg, null, ExpandTypeForListVMs.INSTANCE_VIEW,
                    Context.NONE).forEach(listed::add);
        } catch (ManagementException e) {
            if (!"ResourceGroupNotFound".equals(AzureErrors.code(e))) {
                throw failure("listing the VMs of resource group " + rg, e);
            }
            groupExists = false;
        } catch (RuntimeException e) {
            throw failure("listing the VMs of resource group " + rg, e);
        }
        List<VmSku> skus = skus(false);
        List<QuotaUsage> usages = usages();
        Map<String, VmSku> byName = skus.stream().collect(Collectors.toMap(s -> s.name().toLowerCase(java.util.Locale.ROOT),
                s -> s, (a, b) -> a));
        List<ObservedVm> vms = new ArrayList<>();
        Map<String, Lease> leases = new LinkedHashMap<>();
        for (VirtualMachineInner vm : listed) {
            vms.add(VmReadings.observe(vm, size -> Optional.ofNullable(byName.get(size.toLowerCase(java.util.Locale.ROOT))), catalog));
            AzureLeases.leaseOf(vm).ifPresent(lease -> leases.put(vm.name(), lease)); // tags come with the listing
        }
        Map<String, Set<String>> available = new LinkedHashMap<>();
        for (ObservedVm vm : toResize(target, vms, byName)) {
            availableSizes(vm.name()).ifPresent(sizes -> available.put(vm.name(), sizes));
        }
        Set<String> nicsLeft = groupExists ? nicsLeftByCreates(missing(target, vms)) : Set.of();
        return new Inventory(vms, new AzureFacts(connection.location(), groupExists, skus, usages, available,
                nicsLeft), leases);
    }

    /** The spec's VMs that do not exist. */
    private static List<String> missing(TargetSpec target, List<ObservedVm> vms) {
        Inventory preliminary = new Inventory(vms);
        return SelectorResolver.resolve(target, preliminary, new ArrayList<>()).stream().map(DesiredVm::name)
                .filter(vm -> preliminary.vm(vm).isEmpty()).toList();
    }

    /**
     * Of the VMs to create, those whose NIC a create cut short left behind ({@link CreateMarker}): one listing of
     * the group's NICs, only when there is a VM to create. It only explains the plan, so when Azure will not list
     * them the plan goes on without it.
     */
    private Set<String> nicsLeftByCreates(List<String> toCreate) {
        if (toCreate.isEmpty()) {
            return Set.of();
        }
        Set<String> left = new java.util.HashSet<>();
        try {
            for (NetworkInterfaceInner nic : azure.network().getNetworkInterfaces()
                    .listByResourceGroup(connection.resourceGroup(), Context.NONE)) {
                toCreate.stream().filter(vm -> VmNames.nic(vm).equalsIgnoreCase(nic.name())
                        && CreateMarker.on(nic.tags()).isPresent()).forEach(left::add);
            }
        } catch (RuntimeException e) {
            return Set.of();
        }
        return left;
    }

    /** The region's VM sizes: from the cache unless it is stale or a refresh is asked for. */
    List<VmSku> skus(boolean refresh) throws ProviderException {
        String location = connection.location();
        if (!refresh && known != null) {
            return known;
        }
        if (!refresh) {
            Optional<List<VmSku>> cached = cache.fresh(cloudKey, connection.subscription(), location);
            if (cached.isPresent()) {
                known = cached.get();
                return known;
            }
        }
        List<VmSku> skus = new ArrayList<>();
        try {
            for (ResourceSkuInner sku : azure.compute().getResourceSkus().list("location eq '" + location + "'",
                    null, Context.NONE)) {
                if (SkuMapping.isVmSize(sku)) {
                    skus.add(SkuMapping.toVmSku(sku, location));
                }
            }
        } catch (RuntimeException e) {
            throw failure("listing the VM sizes of " + location, e);
        }
        cache.store(cloudKey, connection.subscription(), location, skus);
        known = List.copyOf(skus);
        return known;
    }

    List<QuotaUsage> usages() throws ProviderException {
        List<QuotaUsage> out = new ArrayList<>();
        try {
            for (UsageInner usage : azure.compute().getUsages().list(connection.location(), Context.NONE)) {
                out.add(SkuMapping.toQuota(usage));
            }
        } catch (RuntimeException e) {
            throw failure("reading the compute quotas of " + connection.location(), e);
        }
        return out;
    }

    /**
     * The sizes the VM's hardware cluster offers, or empty when Azure would not say: one VM's answer only decides
     * between an in-place resize and deallocate-resize-start, so its failure must not stop the plan of the others;
     * without it the rules take the path that always works (deallocate, resize, start) and say why.
     */
    private Optional<Set<String>> availableSizes(String vm) {
        try {
            return Optional.of(azure.compute().getVirtualMachines()
                    .listAvailableSizes(connection.resourceGroup(), vm, Context.NONE).stream()
                    .map(VirtualMachineSizeInner::name).collect(Collectors.toSet()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Allocated VMs the spec names whose size will have to change (deallocated ones can take any size). */
    private List<ObservedVm> toResize(TargetSpec target, List<ObservedVm> vms, Map<String, VmSku> byName) {
        Inventory preliminary = new Inventory(vms);
        List<ObservedVm> out = new ArrayList<>();
        for (DesiredVm desired : SelectorResolver.resolve(target, preliminary, new ArrayList<>())) {
            Optional<ObservedVm> vm = preliminary.vm(desired.name());
            if (vm.isEmpty() || vm.get().power() == PowerState.DEALLOCATED
                    || vm.get().power() == PowerState.UNKNOWN) {
                continue;
            }
            String size = vm.get().property(VmProperties.SIZE);
            if (!SizeNeeds.problems(size, Optional.ofNullable(byName.get(size.toLowerCase(java.util.Locale.ROOT))), desired.desired(),
                    catalog, connection.location()).isEmpty()) {
                out.add(vm.get());
            }
        }
        return out;
    }

    private static ProviderException failure(String doing, Throwable e) {
        return new ProviderException("Azure: " + doing + " failed: " + AzureErrors.describe(e), null, e);
    }
}
