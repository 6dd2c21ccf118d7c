package dev.provision.armlab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compute quotas per location. Names, units and default limits come from a real usage listing (bundled);
 * limits can be overridden; current values are computed from the simulated VMs that hold hardware (running or
 * stopped, not deallocated), per VM family and in total ("cores"), as Azure counts them.
 */
final class QuotaBook {
    private final JsonNode recordedUsages = Json.gzipResource("usages-eastus.json.gz");
    private final Map<String, Long> limitOverrides;
    private final SkuCatalog catalog;

    QuotaBook(Map<String, Long> limitOverrides, SkuCatalog catalog) {
        this.limitOverrides = new HashMap<>();
        limitOverrides.forEach((name, limit) -> this.limitOverrides.put(name.toLowerCase(Locale.ROOT), limit));
        this.catalog = catalog;
    }

    /** The {@code usages} listing body for a location. */
    ObjectNode usages(String location, List<SimulatedVm> vms) {
        ArrayNode value = Json.array();
        for (JsonNode recorded : recordedUsages.path("value")) {
            ObjectNode usage = recorded.deepCopy();
            String name = usage.path("name").path("value").asText();
            usage.put("limit", limit(name, recorded.path("limit").asLong()));
            usage.put("currentValue", current(name, location, vms));
            value.add(usage);
        }
        ObjectNode body = Json.object();
        body.set("value", value);
        return body;
    }

    /** Refuses {@code additionalCores} more of {@code spec}'s family in {@code location} if over a limit. */
    void checkCores(String location, VmSizeSpec spec, int additionalCores, List<SimulatedVm> vms) {
        if (additionalCores <= 0) {
            return;
        }
        check(spec.family(), spec.family() + " Cores", location, additionalCores, vms);
        check("cores", "Total Regional Cores", location, additionalCores, vms);
    }

    private void check(String name, String label, String location, int additional, List<SimulatedVm> vms) {
        Long limit = limitOf(name);
        if (limit == null) {
            return;
        }
        long current = current(name, location, vms);
        if (current + additional > limit) {
            throw exceeded(label, location, limit, current, additional);
        }
    }

    static ArmException exceeded(String label, String location, long limit, long current, long additional) {
        return ArmException.conflict("OperationNotAllowed", "Operation could not be completed as it results in "
                + "exceeding approved " + label + " quota. Additional details - Deployment Model: Resource Manager, "
                + "Location: " + location + ", Current Limit: " + limit + ", Current Usage: " + current
                + ", Additional Required: " + additional + ", (Minimum) New Limit Required: " + (current + additional)
                + ". Please read more about quota limits at "
                + "https://docs.microsoft.com/en-us/azure/azure-supportability/per-vm-quota-requests");
    }

    /** The quota error a fault injects for a request, worded for the size it asks for when there is one. */
    ArmException injectedError(ArmRequest request) {
        String size = null;
        String location = "eastus2";
        if (request.hasBody()) {
            JsonNode body = request.jsonBody();
            size = Json.text(body, "properties", "hardwareProfile", "vmSize");
            location = body.path("location").asText(location);
        }
        VmSizeSpec spec = size == null ? null : catalog.vmSize(location, size).orElse(null);
        String label = spec == null ? "Total Regional Cores" : spec.family() + " Cores";
        int cores = spec == null ? 1 : spec.vCpus();
        return exceeded(label, location, 0, 0, cores);
    }

    private Long limitOf(String name) {
        Long override = limitOverrides.get(name.toLowerCase(Locale.ROOT));
        if (override != null) {
            return override;
        }
        for (JsonNode recorded : recordedUsages.path("value")) {
            if (recorded.path("name").path("value").asText().equalsIgnoreCase(name)) {
                return recorded.path("limit").asLong();
            }
        }
        return null;
    }

    private long limit(String name, long recorded) {
        return limitOverrides.getOrDefault(name.toLowerCase(Locale.ROOT), recorded);
    }

    private long current(String name, String location, List<SimulatedVm> vms) {
        long total = 0;
        for (SimulatedVm vm : vms) {
            if (!SkuCatalog.normalise(vm.location).equals(SkuCatalog.normalise(location))) {
                continue;
            }
            if ("virtualMachines".equalsIgnoreCase(name)) {
                total++;
                continue;
            }
            if (!vm.power.allocated()) {
                continue;
            }
            VmSizeSpec spec = catalog.vmSize(vm.location, vm.size).orElse(null);
            if (spec == null) {
                continue;
            }
            if ("cores".equalsIgnoreCase(name) || spec.family().equalsIgnoreCase(name)) {
                total += spec.vCpus();
            }
        }
        return total;
    }
}
