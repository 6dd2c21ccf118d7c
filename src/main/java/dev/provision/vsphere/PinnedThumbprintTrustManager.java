package dev.provision.vsphere;

import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts exactly one server certificate, identified by the SHA-256 of its DER encoding — the way vSphere
 * administrators identify a vCenter or ESXi host. The host name is not checked: the pin is the identity.
 * Used only for server certificates; client authentication is never trusted.
 */
final class PinnedThumbprintTrustManager extends X509ExtendedTrustManager {
    private final byte[] expectedSha256; // null: accept any certificate (explicit insecure mode)

    PinnedThumbprintTrustManager(byte[] expectedSha256) {
        this.expectedSha256 = expectedSha256.clone();
    }

    private PinnedThumbprintTrustManager() {
        this.expectedSha256 = null;
    }

    static PinnedThumbprintTrustManager acceptingAnything() {
        return new PinnedThumbprintTrustManager();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (expectedSha256 == null) {
            return;
        }
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the server sent no certificate");
        }
        byte[] actual = sha256(chain[0].getEncoded());
        if (!MessageDigest.isEqual(actual, expectedSha256)) {
            throw new CertificateException("server certificate thumbprint " + HexFormat.ofDelimiter(":").withUpperCase().formatHex(actual)
                    + " does not match the pinned " + HexFormat.ofDelimiter(":").withUpperCase().formatHex(expectedSha256));
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("client certificates are not trusted by a vSphere client");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }

    private static byte[] sha256(byte[] der) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(der);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
