package dev.provision.vsphere;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import org.junit.jupiter.api.Test;

/** How a guest file URL is resolved and which pin guards it; the downloads themselves run against vcsim. */
class HostFileDownloadTest {
    private static final URI SDK = URI.create("https://esx01.example.com:8443/sdk");

    @Test
    void aStarMeansTheHostWeAreConnectedTo() {
        assertEquals("https://esx01.example.com:8443/guestFile?id=1&token=x",
                HostFileDownload.resolve("https://*/guestFile?id=1&token=x", SDK).toString());
        assertEquals("https://esx01.example.com:443/guestFile?id=1",
                HostFileDownload.resolve("https://*:443/guestFile?id=1", SDK).toString());
        assertEquals("https://esx07.example.com/guestFile?id=1",
                HostFileDownload.resolve("https://esx07.example.com/guestFile?id=1", SDK).toString());
    }

    @Test
    void theThumbprintsLengthSaysItsDigest() {
        assertTrue(HostFileDownload.hostTrust("75:9A:AB:52:AE:8B:0C:30:31:C5:28:7F:87:74:E6:30:11:B7:91:50")
                instanceof PinnedThumbprintTrustManager);
        assertTrue(HostFileDownload.hostTrust("AB".repeat(32)) instanceof PinnedThumbprintTrustManager);
        assertThrows(VsphereException.UntrustedServer.class, () -> HostFileDownload.hostTrust("AB:CD"));
        assertThrows(VsphereException.UntrustedServer.class, () -> HostFileDownload.hostTrust("not hex at all"));
        VsphereException none = assertThrows(VsphereException.UntrustedServer.class, () -> HostFileDownload.hostTrust(null));
        assertTrue(none.getMessage().contains("reports no SSL thumbprint"), none.getMessage());
    }

    @Test
    void theTransfersTicketNeverAppearsInAMessage() throws Exception {
        URL url = new URL("https://esx01.example.com/guestFile?id=7&token=secret-ticket");
        assertEquals("https://esx01.example.com/guestFile", HostFileDownload.redact(url));
    }
}
