package dev.provision.vsphere;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny local HTTPS endpoint that answers like vCenter, once plainly and once with a DOCTYPE carrying an
 * external entity (XXE). The plain answer logs in, so a refusal is caused by the DOCTYPE and nothing else.
 */
class UnsafeResponseTest {
    private static final String ENVELOPE_START = "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
            + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body>";
    private static final String ENVELOPE_END = "</soapenv:Body></soapenv:Envelope>";
    private static final String SERVICE_CONTENT = "<RetrieveServiceContentResponse xmlns=\"urn:vim25\"><returnval>"
            + "<rootFolder type=\"Folder\">group-d1</rootFolder>"
            + "<propertyCollector type=\"PropertyCollector\">propertyCollector</propertyCollector>"
            + "<about><name>Fake vCenter</name><fullName>Fake vCenter &amp;fake;</fullName><vendor>test</vendor><version>6.0.0</version>"
            + "<build>1</build><osType>linux-x64</osType><productLineId>vpx</productLineId><apiType>VirtualCenter</apiType>"
            + "<apiVersion>6.0</apiVersion></about>"
            + "<sessionManager type=\"SessionManager\">SessionManager</sessionManager>"
            + "</returnval></RetrieveServiceContentResponse>";
    private static final String LOGIN = "<LoginResponse xmlns=\"urn:vim25\"><returnval><key>k</key><userName>u</userName>"
            + "<fullName>u</fullName><loginTime>2024-01-01T00:00:00Z</loginTime><lastActiveTime>2024-01-01T00:00:00Z</lastActiveTime>"
            + "<locale>en</locale><messageLocale>en</messageLocale><extensionSession>false</extensionSession>"
            + "<ipAddress>127.0.0.1</ipAddress><userAgent>t</userAgent><callCount>1</callCount></returnval></LoginResponse>";

    private enum Mode { PLAIN, DOCTYPE, UTF16 }

    private static HttpsServer server;
    private static String thumbprint;
    private static volatile Mode mode = Mode.PLAIN;
    private static volatile Path secretFile;
    private static final List<String> requests = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void startFakeVcenter(@TempDir Path dir) throws Exception {
        secretFile = dir.resolve("secret.txt");
        Files.writeString(secretFile, "TOP-SECRET-LOCAL-FILE");
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String keytoolOutput = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool failed: " + keytoolOutput);

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        X509Certificate cert = (X509Certificate) store.getCertificate("server");
        thumbprint = HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);

        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/sdk", exchange -> {
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(request);
            String body = request.contains("RetrieveServiceContent") ? SERVICE_CONTENT : LOGIN;
            byte[] response = respond(body);
            exchange.getResponseHeaders().set("Content-Type", "text/xml; charset=utf-8");
            exchange.sendResponseHeaders(200, response.length);
            exchange.getResponseBody().write(response);
            exchange.close();
        });
        server.start();
    }

    private static byte[] respond(String body) {
        String entity = "<!DOCTYPE soapenv:Envelope [<!ENTITY fake SYSTEM \"" + secretFile.toUri() + "\">]>";
        return switch (mode) {
            case PLAIN -> ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + ENVELOPE_START + body.replace("&amp;fake;", "") + ENVELOPE_END)
                    .getBytes(StandardCharsets.UTF_8);
            case DOCTYPE -> ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + entity + ENVELOPE_START
                    + body.replace("&amp;fake;", "&fake;") + ENVELOPE_END).getBytes(StandardCharsets.UTF_8);
            case UTF16 -> ("<?xml version=\"1.0\" encoding=\"UTF-16\"?>" + entity + ENVELOPE_START
                    + body.replace("&amp;fake;", "&fake;") + ENVELOPE_END).getBytes(Charset.forName("UTF-16LE"));
        };
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static VsphereEndpoint endpoint() {
        return VsphereEndpoint.of("https://127.0.0.1:" + server.getAddress().getPort() + "/sdk", "u", "p",
                VsphereTrust.pinnedSha256(thumbprint));
    }

    @Test
    void thePlainAnswerIsAcceptedSoTheFakeServerIsValid() {
        mode = Mode.PLAIN;
        try (VsphereConnection connection = VsphereConnection.open(endpoint())) {
            assertEquals("Fake vCenter ", connection.productFullName());
        }
    }

    @Test
    void anAnswerWithADoctypeIsRefusedBeforeParsing() {
        mode = Mode.DOCTYPE;
        int before = requests.size();
        VsphereException.UnsafeResponse refused = assertThrows(VsphereException.UnsafeResponse.class, () -> VsphereConnection.open(endpoint()));
        assertTrue(refused.getMessage().contains("DOCTYPE"), refused.getMessage());
        assertFalse(refused.getMessage().contains("TOP-SECRET"), refused.getMessage());
        assertEquals(before + 1, requests.size(), "refused at the first answer (RetrieveServiceContent)");
    }

    @Test
    void aUtf16AnswerIsRefusedBecauseTheDoctypeCheckCouldNotSeeIntoIt() {
        mode = Mode.UTF16;
        VsphereException.UnsafeResponse refused = assertThrows(VsphereException.UnsafeResponse.class, () -> VsphereConnection.open(endpoint()));
        assertTrue(refused.getMessage().contains("not UTF-8"), refused.getMessage());
    }

    @Test
    void encodingSniffing() {
        assertTrue(GuardedWsClient.looksLikeAsciiCompatibleXml("<?xml version=\"1.0\"?><a/>".getBytes(StandardCharsets.UTF_8)));
        assertTrue(GuardedWsClient.looksLikeAsciiCompatibleXml(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '\n', '<', 'a'}));
        assertTrue(GuardedWsClient.looksLikeAsciiCompatibleXml(new byte[0]));
        assertFalse(GuardedWsClient.looksLikeAsciiCompatibleXml("<a/>".getBytes(StandardCharsets.UTF_16)));
        assertFalse(GuardedWsClient.looksLikeAsciiCompatibleXml("<a/>".getBytes(StandardCharsets.UTF_16LE)));
        assertFalse(GuardedWsClient.looksLikeAsciiCompatibleXml("HTTP error".getBytes(StandardCharsets.UTF_8)));
        assertArrayEquals(new byte[] {'<', 0}, "<".getBytes(StandardCharsets.UTF_16LE));
    }
}
