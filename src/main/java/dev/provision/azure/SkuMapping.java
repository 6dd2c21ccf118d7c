package dev.provision.azure;

import com.azure.resourcemanager.compute.fluent.models.ResourceSkuInner;
import com.azure.resourcemanager.compute.fluent.models.UsageInner;
import com.azure.resourcemanager.compute.models.ResourceSkuCapabilities;
import com.azure.resourcemanager.compute.models.ResourceSkuLocationInfo;
import com.azure.resourcemanager.compute.models.ResourceSkuRestrictions;
import com.azure.resourcemanager.compute.models.ResourceSkuRestrictionsType;
import dev.provision.azure.sizing.QuotaUsage;
import dev.provision.azure.sizing.VmSku;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reduces the SDK's Resource SKU and usage models to what size selection judges. */
final class SkuMapping {
    private SkuMapping() {}

    static boolean isVmSize(ResourceSkuInner sku) {
        return "virtualMachines".equalsIgnoreCase(sku.resourceType());
    }

    static VmSku toVmSku(ResourceSkuInner sku, String location) {
        String locationRestriction = null;
        Set<String> restrictedZones = new HashSet<>();
        for (ResourceSkuRestrictions r : nullSafe(sku.restrictions())) {
            if (r.values() != null && r.values().stream().noneMatch(v -> v.equalsIgnoreCase(location))) {
                continue;
            }
            if (r.type() == ResourceSkuRestrictionsType.LOCATION) {
                locationRestriction = r.reasonCode() == null ? "Restricted" : r.reasonCode().toString();
            } else if (r.type() == ResourceSkuRestrictionsType.ZONE && r.restrictionInfo() != null) {
                restrictedZones.addAll(nullSafe(r.restrictionInfo().zones()));
            }
        }
        Set<String> zones = new HashSet<>();
        for (ResourceSkuLocationInfo info : nullSafe(sku.locationInfo())) {
            if (location.equalsIgnoreCase(info.location())) {
                zones.addAll(nullSafe(info.zones()));
            }
        }
        Set<String> generations = new HashSet<>();
        for (String g : capability(sku, "HyperVGenerations", "V1").split(",")) {
            generations.add(g.trim().toUpperCase(java.util.Locale.ROOT));
        }
        int vcpus = (int) Double.parseDouble(capability(sku, "vCPUs", "0"));
        return new VmSku(sku.name(), sku.family() == null ? "" : sku.family(), vcpus,
                Double.parseDouble(capability(sku, "MemoryGB", "0")), generations,
                capability(sku, "CpuArchitectureType", "x64"),
                "True".equalsIgnoreCase(capability(sku, "PremiumIO", "False")),
                locationRestriction, restrictedZones, zones,
                (int) Double.parseDouble(capability(sku, "vCPUsAvailable", String.valueOf(vcpus))));
    }

    static QuotaUsage toQuota(UsageInner usage) {
        return new QuotaUsage(usage.name().value(), usage.currentValue(), usage.limit());
    }

    private static String capability(ResourceSkuInner sku, String name, String otherwise) {
        for (ResourceSkuCapabilities c : nullSafe(sku.capabilities())) {
            if (name.equals(c.name()) && c.value() != null) {
                return c.value();
            }
        }
        return otherwise;
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }
}
