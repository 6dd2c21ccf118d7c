package dev.provision.azure.sizing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Real Azure answers recorded by the Azure SDK team (../shared/azure-recordings): the eastus2 Resource SKU list and
 * a compute usages list, read the way Azure sends them. A missing recording fails the test, never skips it.
 */
public final class RecordedAzure {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordedAzure() {}

    public static Path recordings() {
        Path dir = Path.of("..", "shared", "azure-recordings");
        if (!Files.isDirectory(dir)) {
            fail("the recorded Azure traffic is missing: expected " + dir.toAbsolutePath().normalize()
                    + " (shared/ beside the checkout, as CI has it)");
        }
        return dir;
    }

    /** The VM sizes of the recorded eastus2 SKU list. */
    public static List<VmSku> eastus2Skus() throws IOException {
        JsonNode root = JSON.readTree(recordings().resolve("skus-eastus2.json").toFile());
        List<VmSku> out = new ArrayList<>();
        for (JsonNode sku : root.get("value")) {
            if (sku.path("resourceType").asText().equals("virtualMachines")) {
                out.add(toVmSku(sku, "eastus2"));
            }
        }
        return out;
    }

    static VmSku toVmSku(JsonNode sku, String location) {
        String locationRestriction = null;
        Set<String> restrictedZones = new HashSet<>();
        for (JsonNode r : sku.path("restrictions")) {
            if (r.path("type").asText().equals("Location")) {
                locationRestriction = r.path("reasonCode").asText();
            } else if (r.path("type").asText().equals("Zone")) {
                r.path("restrictionInfo").path("zones").forEach(z -> restrictedZones.add(z.asText()));
            }
        }
        Set<String> zones = new HashSet<>();
        for (JsonNode info : sku.path("locationInfo")) {
            if (info.path("location").asText().equalsIgnoreCase(location)) {
                info.path("zones").forEach(z -> zones.add(z.asText()));
            }
        }
        int vcpus = (int) capability(sku, "vCPUs", 0);
        return new VmSku(sku.get("name").asText(), sku.path("family").asText(), vcpus,
                capability(sku, "MemoryGB", 0), Set.of(text(sku, "HyperVGenerations", "V1").split(",")),
                text(sku, "CpuArchitectureType", "x64"), text(sku, "PremiumIO", "False").equalsIgnoreCase("True"),
                locationRestriction, restrictedZones, zones, (int) capability(sku, "vCPUsAvailable", vcpus));
    }

    private static double capability(JsonNode sku, String name, double otherwise) {
        String t = text(sku, name, null);
        return t == null ? otherwise : Double.parseDouble(t);
    }

    private static String text(JsonNode sku, String name, String otherwise) {
        for (JsonNode c : sku.path("capabilities")) {
            if (c.path("name").asText().equals(name)) {
                return c.path("value").asText();
            }
        }
        return otherwise;
    }

    /** The recorded compute usages (eastus; its families are the same names eastus2 uses). */
    public static List<QuotaUsage> usages() throws IOException {
        JsonNode session = JSON.readTree(recordings().resolve(
                "session-records/ComputeUsageOperationsTests.canListComputeUsages.json").toFile());
        JsonNode body = JSON.readTree(session.get("networkCallRecords").get(0).get("Response").get("Body").asText());
        List<QuotaUsage> out = new ArrayList<>();
        for (JsonNode u : body.get("value")) {
            out.add(new QuotaUsage(u.get("name").get("value").asText(), u.get("currentValue").asLong(),
                    u.get("limit").asLong()));
        }
        return out;
    }
}
