package dev.provision.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.boot.Providers;
import dev.provision.vsphere.FakeVcenterEndpoint;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A vsphere url that does not lead to the vSphere SOAP API: one line in words, exit 1, the details only with -vv.
 * The servers are tiny HTTPS endpoints on loopback answering what other web servers answer:
 * <ul>
 *   <li>Apache httpd's default page, {@code <html><body><h1>It works!</h1></body></html>} (httpd's
 *       docs/docroot/index.html): HTML without a DOCTYPE;</li>
 *   <li>an empty 200 answer;</li>
 *   <li>the error document of the Amazon S3 REST API (docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html,
 *       the NoSuchKey sample): XML that is not SOAP.</li>
 * </ul>
 */
class NotVsphereEndpointCliTest {
    private static final String SECRET_VARIABLE = "VSPHERE_PASSWORD";
    private static final String APACHE_DEFAULT_PAGE = "<html><body><h1>It works!</h1></body></html>\n";
    private static final String S3_ERROR = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error>
              <Code>NoSuchKey</Code>
              <Message>The resource you requested does not exist</Message>
              <Resource>/mybucket/myfoto.jpg</Resource>
              <RequestId>4442587FB7D0A2F9</RequestId>
            </Error>
            """;

    @TempDir
    Path dir;

    private CliRun plan(String url, String thumbprint, String... options) throws IOException {
        Path spec = dir.resolve("vsphere.yaml");
        Files.writeString(spec, """
                targets:
                  - name: vc
                    kind: vsphere
                    vsphere:
                      url: %s
                      username: svc
                      password: ${env:%s}
                      thumbprint: "%s"
                    vms:
                      - pattern: "vdi-*"
                """.formatted(url, SECRET_VARIABLE, thumbprint));
        Map<String, String> env = Map.of("CI", "true", SECRET_VARIABLE, "secret");
        List<String> args = new java.util.ArrayList<>(List.of(options));
        args.add(0, "plan");
        args.add(spec.toString());
        return CliRun.run(new Context(env, null, folder -> Providers.standard(folder, env)), args.toArray(String[]::new));
    }

    private CliRun planAgainst(String contentType, String body, String... options) throws IOException {
        try (FakeVcenterEndpoint server = new FakeVcenterEndpoint(dir, contentType, body.getBytes(StandardCharsets.UTF_8))) {
            return plan(server.url(), server.thumbprint(), options);
        }
    }

    /** The one error line; nothing of Java's on stderr. */
    private static String oneLine(CliRun r) {
        assertEquals(ExitCode.FAILURE, r.exit, r.toString());
        List<String> errors = r.err.lines().filter(l -> l.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), r.err);
        assertFalse(r.err.contains("Exception") || r.err.contains("\tat "), "no Java on stderr without -vv:\n" + r.err);
        return errors.get(0);
    }

    @Test
    void aWebPageWithoutDoctypeIsNamedHtml() throws IOException {
        String line = oneLine(planAgainst("text/html", APACHE_DEFAULT_PAGE));
        assertTrue(line.matches("error: target 'vc': https://127\\.0\\.0\\.1:\\d+/sdk answered HTML, not the vSphere "
                + "SOAP API: is 127\\.0\\.0\\.1:\\d+ a vCenter or ESXi host\\?"), line);
    }

    @Test
    void anEmptyAnswerIsNamedEmpty() throws IOException {
        String line = oneLine(planAgainst("text/plain", ""));
        assertTrue(line.contains("/sdk answered with an empty body, not the vSphere SOAP API"), line);
    }

    @Test
    void xmlOfAnotherServiceIsNamedWithItsRootElement() throws IOException {
        String line = oneLine(planAgainst("application/xml", S3_ERROR));
        assertTrue(line.contains("/sdk answered XML that is not SOAP (its root element is <Error>), not the vSphere "
                + "SOAP API"), line);
    }

    @Test
    void aPortWhereNothingListensIsNamed() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        String line = oneLine(plan("https://127.0.0.1:" + port + "/sdk", "00:".repeat(31) + "00"));
        assertTrue(line.contains("nothing answers at 127.0.0.1:" + port + " (connection refused)"), line);
    }

    @Test
    void theDetailsComeWithVeryVerbose() throws IOException {
        CliRun r = planAgainst("text/html", APACHE_DEFAULT_PAGE, "-vv");
        assertEquals(ExitCode.FAILURE, r.exit, r.toString());
        assertTrue(r.err.contains("\tat "), "the stack trace with -vv:\n" + r.err);
        assertTrue(r.err.contains("NotVsphereException: HTML"), r.err);
    }
}
