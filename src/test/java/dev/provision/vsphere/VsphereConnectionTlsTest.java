package dev.provision.vsphere;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.vsphere.sim.VcsimServer;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Per-connection TLS trust against a real vcsim with a certificate generated for this run. */
class VsphereConnectionTlsTest {
    @RegisterExtension
    static final VcsimServer VCSIM = new VcsimServer().withVms(2).withHosts(1);

    private static final String WRONG_PIN = "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF";

    private static VsphereEndpoint endpoint(VsphereTrust trust) {
        return VsphereEndpoint.of(VCSIM.url(), VCSIM.username(), VCSIM.password(), trust);
    }

    @Test
    void logsInWithTheRightThumbprintInTwoRoundTrips() {
        try (VsphereConnection connection = VsphereConnection.open(endpoint(VsphereTrust.pinnedSha256(VCSIM.thumbprint())))) {
            assertEquals(2, connection.roundTrips(), "RetrieveServiceContent + Login");
            assertTrue(connection.productFullName().contains("vCenter"), connection.productFullName());
        }
    }

    @Test
    void pinAcceptsLowerCaseHexWithoutColons() {
        String bare = VCSIM.thumbprint().replace(":", "").toLowerCase(java.util.Locale.ROOT);
        try (VsphereConnection connection = VsphereConnection.open(endpoint(VsphereTrust.pinnedSha256(bare)))) {
            assertEquals(2, connection.roundTrips());
        }
    }

    @Test
    void wrongThumbprintIsRefusedEvenAfterASuccessfulConnectionInTheSameJvm() {
        // Stock yavijava caches the first SSLContext JVM-wide; this proves each connection keeps its own.
        try (VsphereConnection good = VsphereConnection.open(endpoint(VsphereTrust.pinnedSha256(VCSIM.thumbprint())))) {
            VsphereException.UntrustedServer refused = assertThrows(VsphereException.UntrustedServer.class,
                    () -> VsphereConnection.open(endpoint(VsphereTrust.pinnedSha256(WRONG_PIN))));
            assertTrue(refused.getMessage().contains("does not match the pinned"), refused.getMessage());
            assertEquals(2, good.roundTrips());
        }
    }

    @Test
    void caFileTrustAcceptsTheServerItsCertificateSigned() {
        try (VsphereConnection connection = VsphereConnection.open(endpoint(VsphereTrust.caFile(VCSIM.certificateFile())))) {
            assertEquals(2, connection.roundTrips());
        }
    }

    @Test
    void caFileTrustStillChecksTheHostName() {
        // The certificate names IP 127.0.0.1 only; "localhost" reaches the same server under another name.
        String byHostName = VCSIM.url().replace("127.0.0.1", "localhost");
        VsphereEndpoint endpoint = VsphereEndpoint.of(byHostName, VCSIM.username(), VCSIM.password(),
                VsphereTrust.caFile(VCSIM.certificateFile()));
        assertThrows(VsphereException.UntrustedServer.class, () -> VsphereConnection.open(endpoint));
    }

    @Test
    void jdkDefaultTrustRefusesASelfSignedCertificate() {
        assertThrows(VsphereException.UntrustedServer.class, () -> VsphereConnection.open(endpoint(VsphereTrust.jdkDefault())));
    }

    @Test
    void insecureModeWorksOnlyWhenAskedFor() {
        try (VsphereConnection connection = VsphereConnection.open(endpoint(VsphereTrust.insecureAcceptAnyCertificate()))) {
            assertEquals(2, connection.roundTrips());
        }
    }

    @Test
    void wrongPasswordIsALoginRefusal() {
        VsphereEndpoint endpoint = VsphereEndpoint.of(VCSIM.url(), VCSIM.username(), "not-the-password",
                VsphereTrust.pinnedSha256(VCSIM.thumbprint()));
        assertThrows(VsphereException.LoginRefused.class, () -> VsphereConnection.open(endpoint));
    }

    @Test
    void connectingChangesNoJvmWideTlsSetting() throws Exception {
        HostnameVerifier verifier = HttpsURLConnection.getDefaultHostnameVerifier();
        SSLSocketFactory factory = HttpsURLConnection.getDefaultSSLSocketFactory();
        SSLContext context = SSLContext.getDefault();
        try (VsphereConnection connection = VsphereConnection.open(endpoint(VsphereTrust.insecureAcceptAnyCertificate()))) {
            assertEquals(2, connection.roundTrips());
            assertSame(verifier, HttpsURLConnection.getDefaultHostnameVerifier());
            assertSame(factory, HttpsURLConnection.getDefaultSSLSocketFactory());
            assertSame(context, SSLContext.getDefault());
        }
    }

    @Test
    void malformedThumbprintIsRejectedBeforeConnecting() {
        assertThrows(IllegalArgumentException.class, () -> VsphereTrust.pinnedSha256("AB:CD"));
    }
}
