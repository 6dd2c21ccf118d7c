package dev.provision.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provision.armlab.ArmEmulator;
import dev.provision.armlab.SeedVm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The emulator's answers against what Azure really sent (session records) and the REST specification's
 * official examples, in ../shared/azure-recordings: field names, nesting and value types. Fields the
 * emulator does not model are listed by name here, so a gap is a visible decision, not an accident.
 */
class RecordedShapesTest {
    private static final String RG = "shapes-rg";
    private static final String API = "api-version=2025-04-01";
    private static ArmEmulator arm;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        Recordings.dir(); // fail at once, and clearly, without the recordings
        arm = EmulatorConnection.emulator().seedVm(SeedVm.of(RG, "seeded")).start();
        http = HttpClient.newBuilder().sslContext(arm.sslContext()).build();
        Vms.createWindowsVm(EmulatorConnection.clientsFor(arm), RG, "shaped", "Standard_D4s_v5",
                "2022-datacenter-g2", "Standard");
    }

    @AfterAll
    static void stop() {
        arm.close();
    }

    @Test
    void skuEntriesAreTheRecordedOnesByteForByte() throws Exception {
        JsonNode recorded = Recordings.recordedBody("ComputeSkuTests.canListSkusByRegion.json", "GET",
                "location%20eq%20%27eastus2%27").path("value");
        List<JsonNode> served = new ArrayList<>();
        String next = arm.endpoint() + "/subscriptions/" + arm.subscriptionId()
                + "/providers/Microsoft.Compute/skus?api-version=2021-07-01&$filter=location%20eq%20%27eastus2%27";
        while (next != null) {
            JsonNode page = get(next, 200);
            page.path("value").forEach(served::add);
            next = page.hasNonNull("nextLink") ? page.path("nextLink").asText() : null;
        }
        assertEquals(recorded.size(), served.size());
        for (int i = 0; i < served.size(); i++) {
            assertEquals(recorded.get(i), served.get(i), "SKU #" + i);
        }
        JsonNode example = Recordings.json("rest-api-examples/ListAvailableResourceSkusForARegion.json")
                .path("responses").path("200").path("body").path("value").get(0);
        // Real Azure sends zoneDetails[].Name (capitalised, as recorded and served); the spec example says "name".
        assertShape(example, served.get(indexOf(served, "Standard_D4s_v5")), Set.of("$.locationInfo[].zoneDetails[].name"));
        assertTrue(served.get(indexOf(served, "Standard_D4s_v5")).path("locationInfo").get(0).path("zoneDetails").get(0)
                .has("Name"));
    }

    @Test
    void usagesHaveTheRecordedShape() throws Exception {
        JsonNode served = get(arm.endpoint() + sub() + "/providers/Microsoft.Compute/locations/eastus2/usages?" + API, 200);
        JsonNode recorded = Recordings.recordedBody("ComputeUsageOperationsTests.canListComputeUsages.json", "GET",
                "/usages");
        assertEquals(recorded.path("value").size(), served.path("value").size());
        for (int i = 0; i < served.path("value").size(); i++) {
            assertShape(recorded.path("value").get(i), served.path("value").get(i), Set.of());
            assertEquals(recorded.path("value").get(i).path("name"), served.path("value").get(i).path("name"));
        }
        JsonNode example = Recordings.json("rest-api-examples/Usage_List_MaximumSet_Gen.json")
                .path("responses").path("200").path("body");
        // nextLink: the usage list is one page in Azure's recording as in the emulator.
        assertShape(example, served, Set.of("$.nextLink"));
    }

    @Test
    void vmGetHasTheShapeOfAzuresAnswers() throws Exception {
        JsonNode served = get(arm.endpoint() + sub() + "/resourceGroups/" + RG
                + "/providers/Microsoft.Compute/virtualMachines/shaped?" + API, 200);
        JsonNode example = Recordings.json("rest-api-examples/VirtualMachine_Get.json")
                .path("responses").path("200").path("body");
        assertShape(example, served, Set.of(
                // Not modelled: the project creates none of these.
                "$.etag", "$.tags", "$.resources", "$.managedBy", "$.properties.availabilitySet",
                "$.properties.proximityPlacementGroup", "$.properties.applicationProfile", "$.properties.userData",
                "$.properties.diagnosticsProfile", "$.properties.extensionsTimeBudget",
                "$.properties.storageProfile.dataDisks[]", "$.properties.osProfile.windowsConfiguration.enableAutomaticUpdates"));
        // The Linux VM Azure returned in the Run Command session, minus what only Linux has.
        JsonNode recorded = Recordings.recordedBody("VirtualMachineOperationsTests.canRunScriptOnVM.json", "GET",
                "/virtualMachines/javavm?");
        assertShape(recorded, served, Set.of("$.tags", "$.properties.storageProfile.imageReference.exactVersion",
                "$.properties.osProfile.linuxConfiguration", "$.properties.networkProfile.networkInterfaces[].properties"));
        assertEquals("Succeeded", served.path("properties").path("provisioningState").asText());
        assertTrue(served.path("properties").path("osProfile").path("adminPassword").isMissingNode());
    }

    @Test
    void runCommandResultsHaveBothRecordedShapes() throws Exception {
        ArmEmulator slow = EmulatorConnection.emulator().pollsBeforeDone(2).seedVm(SeedVm.of(RG, "vm")).start();
        try (slow) {
            String vm = slow.endpoint() + sub() + "/resourceGroups/" + RG + "/providers/Microsoft.Compute/virtualMachines/vm";
            // Windows: the REST example's ComponentStatus/StdOut + StdErr entries.
            HttpResponse<String> accepted = post(vm + "/runCommand?" + API,
                    "{\"commandId\":\"RunPowerShellScript\",\"script\":[\"hostname\"]}");
            assertEquals(202, accepted.statusCode());
            // Real Compute answers Retry-After: 0 (record 5 of VirtualMachineOperationsTests.canRunScriptOnVM.json).
            assertEquals("0", accepted.headers().firstValue("Retry-After").orElseThrow());
            String status = accepted.headers().firstValue("Azure-AsyncOperation").orElseThrow();
            String location = accepted.headers().firstValue("Location").orElseThrow();
            assertTrue(status.matches("https://127\\.0\\.0\\.1:\\d+/subscriptions/[^/]+/providers/Microsoft\\.Compute/"
                    + "locations/eastus2/operations/[0-9a-f-]+\\?api-version=2025-04-01"), status);
            assertTrue(location.contains("monitor=true"), location);

            JsonNode recordedInProgress = Recordings.recordedBody("VirtualMachineOperationsTests.canRunScriptOnVM.json",
                    "GET", "/operations/87010332");
            JsonNode inProgress = get(status, 200);
            assertEquals("InProgress", inProgress.path("status").asText());
            assertShape(recordedInProgress, inProgress, Set.of());
            assertEquals(202, send(HttpRequest.newBuilder(URI.create(location)).GET()).statusCode(),
                    "the Location answers 202 while the operation runs");
            JsonNode done = get(status, 200);
            assertEquals("Succeeded", done.path("status").asText());
            assertTrue(done.has("endTime") && done.path("properties").path("output").path("value").isArray());

            JsonNode result = get(location, 200);
            JsonNode example = Recordings.json("rest-api-examples/VirtualMachineRunCommand.json")
                    .path("responses").path("200").path("body");
            assertShape(example, result, Set.of());
            assertEquals(codes(example), codes(result));

            // Linux: the recording's single ProvisioningState/succeeded entry with [stdout] and [stderr].
            HttpResponse<String> linux = post(vm + "/runCommand?" + API,
                    "{\"commandId\":\"RunShellScript\",\"script\":[\"uname -a\"]}");
            String linuxStatus = linux.headers().firstValue("Azure-AsyncOperation").orElseThrow();
            get(linuxStatus, 200);
            get(linuxStatus, 200);
            JsonNode linuxDone = get(linuxStatus, 200);
            JsonNode recordedDone = recordedFinalStatus();
            assertShape(recordedDone, linuxDone, Set.of());
            JsonNode linuxResult = get(linux.headers().firstValue("Location").orElseThrow(), 200);
            JsonNode recordedResult = recordedDone.path("properties").path("output");
            assertShape(recordedResult, linuxResult, Set.of());
            assertEquals(codes(recordedResult), codes(linuxResult));
            String message = linuxResult.path("value").get(0).path("message").asText();
            assertTrue(message.startsWith("Enable succeeded: \n[stdout]\n") && message.contains("\n[stderr]\n"), message);
        }
    }

    @Test
    void resourceGroupHasTheRecordedShape() throws Exception {
        JsonNode recorded = Recordings.recordedBody("VirtualMachineOperationsTests.canRunScriptOnVM.json", "PUT",
                "/resourcegroups/javacsmrg66648");
        JsonNode served = get(arm.endpoint() + sub() + "/resourcegroups/" + RG + "?api-version=2024-11-01", 200);
        assertShape(recorded, served, Set.of());
        assertEquals(fieldNames(recorded), fieldNames(served));
    }

    private static JsonNode recordedFinalStatus() {
        for (JsonNode call : Recordings.json("session-records/VirtualMachineOperationsTests.canRunScriptOnVM.json")
                .path("networkCallRecords")) {
            String body = call.path("Response").path("Body").asText();
            if (call.path("Uri").asText().contains("/operations/87010332") && body.contains("\"Succeeded\"")
                    && !call.path("Uri").asText().contains("monitor=true")) {
                try {
                    return Recordings.MAPPER.readTree(body);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        }
        throw new AssertionError("recording has no final Run Command status");
    }

    /**
     * Every field of {@code expected} is in {@code actual} with the same kind of value (object, array, text,
     * number, boolean), recursively; arrays compare their first elements. Paths in {@code notModelled} skip.
     */
    static void assertShape(JsonNode expected, JsonNode actual, Set<String> notModelled) {
        List<String> problems = new ArrayList<>();
        compare(expected, actual, "$", notModelled, problems);
        assertTrue(problems.isEmpty(), "shape differs from Azure's: " + problems);
    }

    private static void compare(JsonNode expected, JsonNode actual, String path, Set<String> skip, List<String> problems) {
        if (skip.contains(path)) {
            return;
        }
        if (actual == null || actual.isMissingNode()) {
            problems.add("missing " + path);
            return;
        }
        if (expected.isObject()) {
            if (!actual.isObject()) {
                problems.add(path + " is not an object");
                return;
            }
            for (Iterator<String> names = expected.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                compare(expected.get(name), actual.get(name), path + "." + name, skip, problems);
            }
        } else if (expected.isArray()) {
            if (!actual.isArray()) {
                problems.add(path + " is not an array");
            } else if (expected.size() > 0 && actual.size() > 0) {
                compare(expected.get(0), actual.get(0), path + "[]", skip, problems);
            } else if (expected.size() > 0 && !skip.contains(path + "[]")) {
                problems.add(path + " is empty");
            }
        } else if (expected.isNumber() != actual.isNumber() || expected.isTextual() != actual.isTextual()
                || expected.isBoolean() != actual.isBoolean()) {
            problems.add(path + " is " + actual.getNodeType() + ", Azure sends " + expected.getNodeType());
        }
    }

    private static List<String> codes(JsonNode result) {
        List<String> codes = new ArrayList<>();
        result.path("value").forEach(status -> codes.add(status.path("code").asText()));
        return codes;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        node.path("properties").fieldNames().forEachRemaining(name -> names.add("properties." + name));
        return names;
    }

    private static int indexOf(List<JsonNode> skus, String name) {
        for (int i = 0; i < skus.size(); i++) {
            if (name.equals(skus.get(i).path("name").asText())) {
                return i;
            }
        }
        throw new AssertionError("no " + name);
    }

    private static String sub() {
        return "/subscriptions/" + arm.subscriptionId();
    }

    private static JsonNode get(String url, int expectedStatus) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url)).GET());
        assertEquals(expectedStatus, response.statusCode(), url + " -> " + response.body());
        return Recordings.MAPPER.readTree(response.body());
    }

    private static HttpResponse<String> post(String url, String json) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.header("Authorization", "Bearer shape-test").build(),
                HttpResponse.BodyHandlers.ofString());
    }

}
