package dev.provision.armlab;

import dev.provision.rehearsal.DocumentedNesting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Optimistic concurrency on VMs, as ARM does it: every VM carries an {@code etag}, a quoted counter as in the REST
 * specification's example VirtualMachine_Get.json ({@code "etag": "\"1\""}, ../shared/azure-recordings/SOURCES.md);
 * a write with a stale If-Match is refused with 412 PreconditionFailed and changes nothing (RFC 9110 13.1.1).
 */
class EtagTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String RG = "etag-rg";
    private static ArmEmulator arm;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        arm = ArmEmulator.builder().nestingFamilies(DocumentedNesting.families()).tlsCacheDir(Path.of("target", "armlab-tls")).pollsBeforeDone(0)
                .resourceGroup(RG, "eastus2").seedVm(SeedVm.of(RG, "vm-1")).start();
        http = HttpClient.newBuilder().sslContext(arm.sslContext()).build();
    }

    @AfterAll
    static void stop() {
        arm.close();
    }

    @Test
    void aPatchWithAStaleIfMatchIsRefusedWith412AndChangesNothing() throws Exception {
        String etag = get().path("etag").asText();
        assertEquals("\"1\"", etag, "a quoted counter, as Compute writes it");

        HttpResponse<String> first = patch("{\"tags\":{\"owner\":\"first\"}}", etag);
        assertEquals(200, first.statusCode(), first.body());
        String next = get().path("etag").asText();
        assertNotEquals(etag, next, "an accepted write moves the etag on");

        HttpResponse<String> stale = patch("{\"tags\":{\"owner\":\"second\"}}", etag);
        assertEquals(412, stale.statusCode(), stale.body());
        assertEquals("PreconditionFailed", MAPPER.readTree(stale.body()).path("error").path("code").asText());
        assertEquals("first", arm.vm(RG, "vm-1").orElseThrow().tags().get("owner"), "the stale write changed nothing");

        assertEquals(200, patch("{\"tags\":{\"owner\":\"third\"}}", "*").statusCode(), "* matches any VM");
        assertEquals(200, patch("{\"tags\":{\"owner\":\"fourth\"}}", null).statusCode(), "no If-Match: unconditional");
        assertFalse(get().path("etag").asText().isEmpty());
    }

    private static URI vmUri() {
        return URI.create(arm.endpoint() + "/subscriptions/" + arm.subscriptionId() + "/resourceGroups/" + RG
                + "/providers/Microsoft.Compute/virtualMachines/vm-1?api-version=2025-04-01");
    }

    private static JsonNode get() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(vmUri()).header("Authorization", "Bearer t").GET().build();
        return MAPPER.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    private static HttpResponse<String> patch(String body, String ifMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(vmUri()).header("Authorization", "Bearer t")
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
