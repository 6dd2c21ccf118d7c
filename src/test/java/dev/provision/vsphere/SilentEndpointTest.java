package dev.provision.vsphere;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * An endpoint that accepts the connection and never answers (a firewall that swallows packets, a hung proxy):
 * the connection gives up after the endpoint's timeout and says so in words. Through the CLI this would take the
 * default 60 s, so the timeout is shortened here, on the connection itself.
 */
class SilentEndpointTest {
    @Test
    void aServerThatNeverAnswersIsNamedWithTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread accepter = new Thread(() -> {
                try (Socket held = silent.accept()) {
                    Thread.sleep(10_000);
                } catch (Exception closed) {
                    // the test is over
                }
            });
            accepter.setDaemon(true);
            accepter.start();
            String url = "https://127.0.0.1:" + silent.getLocalPort() + "/sdk";
            VsphereEndpoint endpoint = VsphereEndpoint.of(url, "u", "p", VsphereTrust.pinnedSha256("00:".repeat(31) + "00"))
                    .withTimeout(Duration.ofSeconds(2));
            VsphereException e = assertThrows(VsphereException.NotVsphere.class, () -> VsphereConnection.open(endpoint));
            assertEquals(url + " did not answer within 2s: check the url and the network path (firewall, proxy)",
                    e.getMessage());
        }
    }
}
