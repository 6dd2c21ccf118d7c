package dev.provision.vsphere;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A tiny HTTPS endpoint on loopback that answers SOAP requests with canned bytes, for the cases vcsim cannot
 * show: hostile answers (DOCTYPE, UTF-16) and paged property reads with continuation tokens. Its key pair is
 * made by the JDK's keytool for each test class.
 */
public final class FakeVcenterEndpoint implements AutoCloseable {
    static final String ENVELOPE_START = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
            + " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body>";
    static final String ENVELOPE_END = "</soapenv:Body></soapenv:Envelope>";

    static final String SERVICE_CONTENT = "<RetrieveServiceContentResponse xmlns=\"urn:vim25\"><returnval>"
            + "<rootFolder type=\"Folder\">group-d1</rootFolder>"
            + "<propertyCollector type=\"PropertyCollector\">propertyCollector</propertyCollector>"
            + "<viewManager type=\"ViewManager\">ViewManager</viewManager>"
            + "<about><name>Fake vCenter</name><fullName>Fake vCenter</fullName><vendor>test</vendor><version>6.0.0</version>"
            + "<build>1</build><osType>linux-x64</osType><productLineId>vpx</productLineId><apiType>VirtualCenter</apiType>"
            + "<apiVersion>6.0</apiVersion></about>"
            + "<sessionManager type=\"SessionManager\">SessionManager</sessionManager>"
            + "</returnval></RetrieveServiceContentResponse>";
    static final String LOGIN = "<LoginResponse xmlns=\"urn:vim25\"><returnval><key>k</key><userName>u</userName>"
            + "<fullName>u</fullName><loginTime>2024-01-01T00:00:00Z</loginTime><lastActiveTime>2024-01-01T00:00:00Z</lastActiveTime>"
            + "<locale>en</locale><messageLocale>en</messageLocale><extensionSession>false</extensionSession>"
            + "<ipAddress>127.0.0.1</ipAddress><userAgent>t</userAgent><callCount>1</callCount></returnval></LoginResponse>";

    /**
     * The answers every inventory read needs around its property reads (service content, login, creating and
     * destroying the container view), or null for any other request.
     */
    static String sessionOrViewAnswer(String request) {
        if (request.contains("RetrieveServiceContent")) {
            return SERVICE_CONTENT;
        } else if (request.contains("<Login")) {
            return LOGIN;
        } else if (request.contains("CreateContainerView")) {
            return "<CreateContainerViewResponse xmlns=\"urn:vim25\"><returnval type=\"ContainerView\">session[1]view-1</returnval>"
                    + "</CreateContainerViewResponse>";
        } else if (request.contains("DestroyView")) {
            return "<DestroyViewResponse xmlns=\"urn:vim25\"></DestroyViewResponse>";
        }
        return null;
    }

    private final HttpsServer server;
    private final String thumbprint;
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

    /** @param answer turns a SOAP request into the complete response bytes */
    FakeVcenterEndpoint(Path workDir, Function<String, byte[]> answer) {
        this(workDir, "text/xml; charset=utf-8", answer);
    }

    /** An endpoint that answers every request with the given bytes and Content-Type: some other web server. */
    public FakeVcenterEndpoint(Path workDir, String contentType, byte[] answer) {
        this(workDir, contentType, request -> answer);
    }

    private FakeVcenterEndpoint(Path workDir, String contentType, Function<String, byte[]> answer) {
        try {
            KeyStore store = generateKeyStore(workDir.resolve("fake-vcenter.p12"));
            X509Certificate cert = (X509Certificate) store.getCertificate("server");
            thumbprint = HexFormat.ofDelimiter(":").withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, "changeit".toCharArray());
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(keys.getKeyManagers(), null, null);

            server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(tls));
            server.createContext("/sdk", exchange -> {
                String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                requests.add(request);
                byte[] response = answer.apply(request);
                exchange.getResponseHeaders().set("Content-Type", contentType);
                exchange.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
                exchange.getResponseBody().write(response);
                exchange.close();
            });
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A UTF-8 SOAP envelope around the given body element. */
    static byte[] envelope(String body) {
        return (ENVELOPE_START + body + ENVELOPE_END).getBytes(StandardCharsets.UTF_8);
    }

    public String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort() + "/sdk";
    }

    public String thumbprint() {
        return thumbprint;
    }

    VsphereEndpoint endpoint() {
        return VsphereEndpoint.of("https://127.0.0.1:" + server.getAddress().getPort() + "/sdk", "u", "p",
                VsphereTrust.pinnedSha256(thumbprint));
    }

    List<String> requests() {
        return requests;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** A fresh self-signed RSA key pair for 127.0.0.1 in a PKCS12 store (password changeit), alias "server". */
    public static KeyStore generateKeyStore(Path keystore) throws IOException, GeneralSecurityException {
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        return store;
    }
}
