package dev.provision.armlab;

import dev.provision.rehearsal.DocumentedNesting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The emulator on the wire, with a plain JDK HTTP client: TLS identity, bearer token, ARM's basic checks. */
class WireTest {
    private static final Path TLS_CACHE = Path.of("target", "armlab-tls");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static ArmEmulator arm;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        arm = ArmEmulator.builder().nestingFamilies(DocumentedNesting.families()).tlsCacheDir(TLS_CACHE).start();
        http = HttpClient.newBuilder().sslContext(arm.sslContext()).build();
    }

    @AfterAll
    static void stop() {
        arm.close();
    }

    @Test
    void certificateIsRsa2048ForTheLoopbackAddressAndCached() throws Exception {
        X509Certificate cert = arm.certificate();
        assertEquals(2048, ((RSAPublicKey) cert.getPublicKey()).getModulus().bitLength());
        assertTrue(cert.getSubjectAlternativeNames().stream()
                .anyMatch(name -> Integer.valueOf(7).equals(name.get(0)) && "127.0.0.1".equals(name.get(1))));
        assertTrue(arm.endpoint().toString().startsWith("https://127.0.0.1:"));
        try (ArmEmulator second = ArmEmulator.builder().nestingFamilies(DocumentedNesting.families())
                .tlsCacheDir(TLS_CACHE).start()) {
            assertTrue(second.tlsIdentity().loadedFromCache());
            assertEquals(cert, second.certificate());
            assertTrue(second.endpoint().getPort() != arm.endpoint().getPort(), "a free port each time");
        }
    }

    @Test
    void certificateGenerationIsMeasured(@org.junit.jupiter.api.io.TempDir Path dir) {
        // A folder JUnit removes afterwards: one under target/ named by pid was left behind by every run.
        Path fresh = dir.resolve("armlab-tls-fresh");
        TlsIdentity made = TlsIdentity.loadOrCreate(fresh, java.net.InetAddress.getLoopbackAddress());
        TlsIdentity cached = TlsIdentity.loadOrCreate(fresh, java.net.InetAddress.getLoopbackAddress());
        System.out.println("[armlab] certificate generated in " + made.creationTime().toMillis() + " ms, loaded from "
                + "cache in " + cached.creationTime().toMillis() + " ms");
        assertTrue(!made.loadedFromCache() && cached.loadedFromCache());
    }

    @Test
    void aClientThatDoesNotTrustTheEmulatorIsRefused() {
        HttpClient untrusting = HttpClient.newHttpClient();
        assertThrows(SSLHandshakeException.class, () -> untrusting.send(
                get("/subscriptions/" + arm.subscriptionId() + "/resourcegroups?api-version=2021-04-01", "t"),
                HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void bearerTokenIsRequired() throws Exception {
        String path = "/subscriptions/" + arm.subscriptionId() + "/resourcegroups?api-version=2021-04-01";
        HttpResponse<String> none = http.send(get(path, null), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, none.statusCode());
        assertEquals("AuthenticationFailed", error(none).path("code").asText());
        assertTrue(none.headers().firstValue("WWW-Authenticate").isPresent());
        HttpResponse<String> any = http.send(get(path, "any-token"), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, any.statusCode());
    }

    @Test
    void armBasicsApiVersionSubscriptionAndUnservedPaths() throws Exception {
        HttpResponse<String> noVersion = http.send(get("/subscriptions/" + arm.subscriptionId() + "/resourcegroups", "t"),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, noVersion.statusCode());
        assertEquals("MissingApiVersionParameter", error(noVersion).path("code").asText());

        HttpResponse<String> otherSub = http.send(get("/subscriptions/11111111-1111-1111-1111-111111111111"
                + "/resourcegroups?api-version=2021-04-01", "t"), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, otherSub.statusCode());
        assertEquals("SubscriptionNotFound", error(otherSub).path("code").asText());

        HttpResponse<String> unserved = http.send(get("/subscriptions/" + arm.subscriptionId()
                + "/providers/Microsoft.Storage/storageAccounts?api-version=2023-01-01", "t"),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, unserved.statusCode());
        assertEquals("EmulatorUnsupportedRequest", error(unserved).path("code").asText());
        List<RequestLog.Entry> log = arm.requestLog().entries();
        assertTrue(log.stream().anyMatch(e -> e.operationId().equals("Unrouted") && e.status() == 400));
        assertTrue(log.stream().noneMatch(e -> e.toString().contains("token")), "no secret in the request log");
    }

    private static HttpRequest get(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(arm.endpoint() + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    private static JsonNode error(HttpResponse<String> response) throws Exception {
        return MAPPER.readTree(response.body()).path("error");
    }
}
