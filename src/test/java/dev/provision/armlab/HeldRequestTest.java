package dev.provision.armlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.rehearsal.DocumentedNesting;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A held request is neither carried out nor answered until the test decides, the emulator serves other requests
 * meanwhile, and only the first matching request is held: what a crash test needs to kill a client mid-request.
 */
class HeldRequestTest {
    private static final String RG = "hold-rg";
    private ArmEmulator arm;
    private HttpClient http;

    @BeforeEach
    void start() {
        arm = ArmEmulator.builder().nestingFamilies(DocumentedNesting.families())
                .tlsCacheDir(Path.of("target", "armlab-tls")).pollsBeforeDone(0)
                .resourceGroup(RG, "eastus2").seedVm(SeedVm.of(RG, "vm-1")).start();
        http = HttpClient.newBuilder().sslContext(arm.sslContext()).build();
    }

    @AfterEach
    void stop() {
        arm.close();
    }

    @Test
    void aReleasedRequestIsCarriedOutOnlyAfterTheReleaseAndLaterOnesPass() throws Exception {
        HeldRequest hold = arm.faults().hold(RequestMatcher.operation("VirtualMachines_Update"));
        CompletableFuture<HttpResponse<String>> tagging = patchAsync("{\"tags\":{\"owner\":\"held\"}}");
        assertTrue(hold.awaitArrived(Duration.ofSeconds(30)), hold.toString());

        assertEquals(200, get().statusCode(), "other requests are served while one is held");
        assertFalse(tagging.isDone(), "not answered while held");
        assertFalse(arm.vm(RG, "vm-1").orElseThrow().tags().containsKey("owner"), "not carried out while held");

        hold.release();
        assertEquals(200, tagging.get().statusCode());
        assertEquals("held", arm.vm(RG, "vm-1").orElseThrow().tags().get("owner"));
        assertEquals(200, patchAsync("{\"tags\":{\"owner\":\"next\"}}").get().statusCode(), "only the first is held");
    }

    @Test
    void aDroppedRequestHasNoEffectAndIsNeverAnswered() throws Exception {
        HeldRequest hold = arm.faults().hold(RequestMatcher.operation("VirtualMachines_Update"));
        CompletableFuture<HttpResponse<String>> tagging = patchAsync("{\"tags\":{\"owner\":\"dropped\"}}");
        assertTrue(hold.awaitArrived(Duration.ofSeconds(30)), hold.toString());

        hold.drop();
        assertTrue(tagging.handle((response, error) -> response == null).get(), "no answer reached the client");
        assertFalse(arm.vm(RG, "vm-1").orElseThrow().tags().containsKey("owner"), "no effect");
        assertTrue(arm.requestLog().byOperation("VirtualMachines_Update").isEmpty(), "nothing answered, nothing logged");
    }

    private URI vmUri() {
        return URI.create(arm.endpoint() + "/subscriptions/" + arm.subscriptionId() + "/resourceGroups/" + RG
                + "/providers/Microsoft.Compute/virtualMachines/vm-1?api-version=2025-04-01");
    }

    private HttpResponse<String> get() throws Exception {
        return http.send(HttpRequest.newBuilder(vmUri()).header("Authorization", "Bearer t").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> patchAsync(String body) {
        return http.sendAsync(HttpRequest.newBuilder(vmUri()).header("Authorization", "Bearer t")
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
