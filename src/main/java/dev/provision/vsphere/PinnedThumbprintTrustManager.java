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
 * administrators identify a vCenter or ESXi host — or, for an ESXi host's guest file transfers, by the SHA-1
 * that vSphere reports as the host's {@code summary.config.sslThumbprint}. The host name is not checked: the pin
 * is the identity. Used only for server certificates; client authentication is never trusted.
 */
final class PinnedThumbprintTrustManager extends X509ExtendedTrustManager {
    private final byte[] expected; // null: accept any certificate (explicit insecure mode)
    private final String algorithm;

    PinnedThumbprintTrustManager(byte[] expectedSha256) {
        this(expectedSha256, "SHA-256");
    }

    /** @param algorithm the digest the thumbprint was made with: SHA-256 or SHA-1 */
    PinnedThumbprintTrustManager(byte[] expected, String algorithm) {
        this.expected = expected.clone();
        this.algorithm = algorithm;
    }

    private PinnedThumbprintTrustManager() {
        this.expected = null;
        this.algorithm = "SHA-256";
    }

    static PinnedThumbprintTrustManager acceptingAnything() {
        return new PinnedThumbprintTrustManager();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (expected == null) {
            return;
        }
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the server sent no certificate");
        }
        byte[] actual = digest(chain[0].getEncoded());
        if (!MessageDigest.isEqual(actual, expected)) {
            String which = algorithm.equals("SHA-256") ? "" : " " + algorithm;
            throw new CertificateException("server certificate" + which + " thumbprint "
                    + HexFormat.ofDelimiter(":").withUpperCase().formatHex(actual) + " does not match the pinned "
                    + HexFormat.ofDelimiter(":").withUpperCase().formatHex(expected));
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

    private byte[] digest(byte[] der) {
        try {
            return MessageDigest.getInstance(algorithm).digest(der);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has " + algorithm, e);
        }
    }
}
