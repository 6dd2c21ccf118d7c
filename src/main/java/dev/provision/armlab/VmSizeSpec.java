package dev.provision.armlab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What the emulator needs to know about one VM size in one location, read from a Resource SKU entry:
 * cores and family for quota, Hyper-V generations for the Gen2 boot check, restrictions for capacity.
 */
record VmSizeSpec(String name, String family, int vCpus, double memoryGb, Set<String> hyperVGenerations,
        long osDiskMb, long resourceDiskMb, int maxDataDisks, boolean restrictedInLocation, Set<String> restrictedZones) {

    static VmSizeSpec fromSku(JsonNode sku, String location) {
        boolean locationRestricted = false;
        Set<String> zones = new LinkedHashSet<>();
        for (JsonNode restriction : sku.path("restrictions")) {
            boolean here = false;
            for (JsonNode value : restriction.path("values")) {
                here |= value.asText().equalsIgnoreCase(location);
            }
            if (!here) {
                continue;
            }
            if ("Location".equals(restriction.path("type").asText())) {
                locationRestricted = true;
            } else {
                for (JsonNode info : restriction.path("restrictionInfo").path("zones")) {
                    zones.add(info.asText());
                }
            }
        }
        Set<String> generations = new LinkedHashSet<>();
        for (String gen : capability(sku, "HyperVGenerations", "V1").split(",")) {
            generations.add(gen.trim().toUpperCase(Locale.ROOT));
        }
        return new VmSizeSpec(sku.path("name").asText(), sku.path("family").asText(""),
                (int) Double.parseDouble(capability(sku, "vCPUs", "0")),
                Double.parseDouble(capability(sku, "MemoryGB", "0")), Set.copyOf(generations),
                Long.parseLong(capability(sku, "OSVhdSizeMB", "1047552")),
                Long.parseLong(capability(sku, "MaxResourceVolumeMB", "0")),
                Integer.parseInt(capability(sku, "MaxDataDiskCount", "0")),
                locationRestricted, Set.copyOf(zones));
    }

    private static String capability(JsonNode sku, String name, String fallback) {
        for (JsonNode capability : sku.path("capabilities")) {
            if (name.equals(capability.path("name").asText())) {
                return capability.path("value").asText(fallback);
            }
        }
        return fallback;
    }

    boolean availableIn(Iterable<String> requestedZones) {
        if (restrictedInLocation) {
            return false;
        }
        for (String zone : requestedZones) {
            if (restrictedZones.contains(zone)) {
                return false;
            }
        }
        return true;
    }

    /** The {@code VirtualMachineSize} shape of the vmSizes / listAvailableSizes APIs. */
    ObjectNode toVirtualMachineSize() {
        ObjectNode size = Json.object();
        size.put("name", name);
        size.put("numberOfCores", vCpus);
        size.put("osDiskSizeInMB", osDiskMb);
        size.put("resourceDiskSizeInMB", resourceDiskMb);
        size.put("memoryInMB", Math.round(memoryGb * 1024));
        size.put("maxDataDiskCount", maxDataDisks);
        return size;
    }
}
