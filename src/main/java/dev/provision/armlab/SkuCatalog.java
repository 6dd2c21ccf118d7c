package dev.provision.armlab;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Resource SKU list the emulator serves, per location. By default the real eastus2 list recorded from
 * Azure (bundled in the jar, see DATA-SOURCES.md beside the data); more lists can be added from files of the
 * same {@code {"value":[...]}} shape.
 */
final class SkuCatalog {
    private static volatile SkuCatalog bundled;

    private final Map<String, List<JsonNode>> byLocation;
    private final Map<String, Map<String, VmSizeSpec>> vmSizes;

    private SkuCatalog(Map<String, List<JsonNode>> byLocation) {
        this.byLocation = byLocation;
        this.vmSizes = new LinkedHashMap<>();
        byLocation.forEach((location, skus) -> {
            Map<String, VmSizeSpec> sizes = new LinkedHashMap<>();
            for (JsonNode sku : skus) {
                if ("virtualMachines".equals(sku.path("resourceType").asText())) {
                    VmSizeSpec spec = VmSizeSpec.fromSku(sku, location);
                    sizes.put(spec.name().toLowerCase(Locale.ROOT), spec);
                }
            }
            vmSizes.put(location, sizes);
        });
    }

    /** The bundled recording, parsed once per JVM (it is ~0.9 MB of JSON; tests start many emulators). */
    static SkuCatalog bundled() {
        SkuCatalog catalog = bundled;
        if (catalog == null) {
            synchronized (SkuCatalog.class) {
                if (bundled == null) {
                    bundled = of(List.of(Json.gzipResource("skus-eastus2.json.gz")));
                }
                catalog = bundled;
            }
        }
        return catalog;
    }

    /** The bundled list plus SKU lists read from {@code extraFiles}. */
    static SkuCatalog bundledPlus(List<Path> extraFiles) {
        if (extraFiles.isEmpty()) {
            return bundled();
        }
        List<JsonNode> documents = new ArrayList<>();
        documents.add(Json.gzipResource("skus-eastus2.json.gz"));
        for (Path file : extraFiles) {
            try {
                documents.add(Json.MAPPER.readTree(Files.readAllBytes(file)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read SKU list " + file, e);
            }
        }
        return of(documents);
    }

    private static SkuCatalog of(List<JsonNode> documents) {
        Map<String, List<JsonNode>> byLocation = new LinkedHashMap<>();
        for (JsonNode document : documents) {
            for (JsonNode sku : document.path("value")) {
                for (JsonNode location : sku.path("locations")) {
                    byLocation.computeIfAbsent(normalise(location.asText()), l -> new ArrayList<>()).add(sku);
                }
            }
        }
        return new SkuCatalog(byLocation);
    }

    /**
     * This catalog with some VM sizes restricted for the subscription in every location that offers them, as
     * Azure lists a size the subscription may not deploy: a {@code Location} restriction with reason code
     * {@code NotAvailableForSubscription}. The SKU list, vmSizes and creates all follow.
     */
    SkuCatalog restricting(java.util.Set<String> sizes) {
        if (sizes.isEmpty()) {
            return this;
        }
        java.util.Set<String> lower = new java.util.HashSet<>();
        sizes.forEach(size -> lower.add(size.toLowerCase(Locale.ROOT)));
        Map<String, List<JsonNode>> copy = new LinkedHashMap<>();
        byLocation.forEach((location, skus) -> {
            List<JsonNode> list = new ArrayList<>();
            for (JsonNode sku : skus) {
                boolean hit = "virtualMachines".equals(sku.path("resourceType").asText())
                        && lower.contains(sku.path("name").asText().toLowerCase(Locale.ROOT));
                list.add(hit ? restricted(sku) : sku);
            }
            copy.put(location, list);
        });
        return new SkuCatalog(copy);
    }

    private static JsonNode restricted(JsonNode sku) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = sku.deepCopy();
        com.fasterxml.jackson.databind.node.ArrayNode restrictions = copy.putArray("restrictions");
        com.fasterxml.jackson.databind.node.ObjectNode r = restrictions.addObject();
        r.put("type", "Location");
        com.fasterxml.jackson.databind.node.ArrayNode values = r.putArray("values");
        sku.path("locations").forEach(values::add);
        com.fasterxml.jackson.databind.node.ObjectNode info = r.putObject("restrictionInfo");
        info.set("locations", values.deepCopy());
        r.put("reasonCode", "NotAvailableForSubscription");
        return copy;
    }

    /** ARM accepts "East US 2" and "eastus2" alike. */
    static String normalise(String location) {
        return location.replace(" ", "").toLowerCase(Locale.ROOT);
    }

    boolean knows(String location) {
        return byLocation.containsKey(normalise(location));
    }

    List<String> locations() {
        return List.copyOf(byLocation.keySet());
    }

    /** All SKUs of a location in the recorded order; empty for an unknown location, as Azure answers. */
    List<JsonNode> skus(String location) {
        return byLocation.getOrDefault(normalise(location), Collections.emptyList());
    }

    /** All SKUs of all locations (the unfiltered list). */
    List<JsonNode> allSkus() {
        List<JsonNode> all = new ArrayList<>();
        byLocation.values().forEach(all::addAll);
        return all;
    }

    Optional<VmSizeSpec> vmSize(String location, String size) {
        Map<String, VmSizeSpec> sizes = vmSizes.get(normalise(location));
        return sizes == null || size == null ? Optional.empty()
                : Optional.ofNullable(sizes.get(size.toLowerCase(Locale.ROOT)));
    }

    /** Sizes a subscription can deploy in the location (restricted ones left out, as Azure's vmSizes does). */
    List<VmSizeSpec> deployableSizes(String location) {
        List<VmSizeSpec> sizes = new ArrayList<>();
        for (VmSizeSpec spec : vmSizes.getOrDefault(normalise(location), Map.of()).values()) {
            if (!spec.restrictedInLocation()) {
                sizes.add(spec);
            }
        }
        return sizes;
    }
}
