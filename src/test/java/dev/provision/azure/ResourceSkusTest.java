package dev.provision.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.resourcemanager.compute.fluent.models.ResourceSkuInner;
import com.azure.resourcemanager.compute.models.ResourceSkuCapabilities;
import com.azure.resourcemanager.compute.models.ResourceSkuRestrictionsType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.provision.armlab.ArmEmulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real SDK lists Resource SKUs over HTTPS, follows nextLink, and reads what Azure recorded. */
class ResourceSkusTest {
    private static ArmEmulator arm;
    private static AzureClients azure;

    @BeforeAll
    static void start() {
        arm = EmulatorConnection.emulator().start();
        azure = EmulatorConnection.clientsFor(arm);
    }

    @AfterAll
    static void stop() {
        arm.close();
    }

    @Test
    void listsAllPagesOfEastus2AsRecorded() {
        arm.requestLog().clear();
        List<ResourceSkuInner> skus = new ArrayList<>();
        azure.compute().getResourceSkus().list("location eq 'eastus2'", null, com.azure.core.util.Context.NONE).forEach(skus::add);

        JsonNode recorded = Recordings.json("skus-eastus2.json").path("value");
        assertEquals(recorded.size(), skus.size(), "every recorded SKU, across all pages");
        assertEquals(3, arm.requestLog().count("ResourceSkus_List"), "658 SKUs at 250 per page: 3 pages");
        List<String> recordedNames = new ArrayList<>();
        recorded.forEach(sku -> recordedNames.add(sku.path("resourceType").asText() + "/" + sku.path("name").asText()));
        assertEquals(recordedNames, skus.stream().map(s -> s.resourceType() + "/" + s.name()).collect(Collectors.toList()));

        ResourceSkuInner d4sv5 = skus.stream()
                .filter(s -> "virtualMachines".equals(s.resourceType()) && "Standard_D4s_v5".equals(s.name()))
                .findFirst().orElseThrow();
        Map<String, String> caps = d4sv5.capabilities().stream()
                .collect(Collectors.toMap(ResourceSkuCapabilities::name, ResourceSkuCapabilities::value));
        assertEquals("4", caps.get("vCPUs"));
        assertEquals("16", caps.get("MemoryGB"));
        assertEquals("V1,V2", caps.get("HyperVGenerations"));
        assertEquals("standardDSv5Family", d4sv5.family());
        assertEquals(List.of("eastus2"), d4sv5.locations());
        assertTrue(d4sv5.locationInfo().get(0).zones().containsAll(List.of("1", "2", "3")));
    }

    @Test
    void restrictionsArriveAsRecorded() {
        List<ResourceSkuInner> restricted = new ArrayList<>();
        azure.compute().getResourceSkus().list("location eq 'eastus2'", null, com.azure.core.util.Context.NONE).forEach(sku -> {
            if ("virtualMachines".equals(sku.resourceType()) && !sku.restrictions().isEmpty()) {
                restricted.add(sku);
            }
        });
        assertEquals(117, restricted.size(), "SOURCES.md: 117 VM SKUs with restrictions");
        assertTrue(restricted.stream().anyMatch(s -> s.restrictions().get(0).type() == ResourceSkuRestrictionsType.LOCATION));
        assertTrue(restricted.stream().anyMatch(s -> s.restrictions().get(0).type() == ResourceSkuRestrictionsType.ZONE));
    }

    @Test
    void unknownLocationIsAnEmptyListAsInAzure() {
        List<ResourceSkuInner> skus = new ArrayList<>();
        azure.compute().getResourceSkus().list("location eq 'unknown'", null, com.azure.core.util.Context.NONE).forEach(skus::add);
        assertEquals(0, skus.size());
    }
}
