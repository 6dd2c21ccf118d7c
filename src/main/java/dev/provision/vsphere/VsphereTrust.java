package dev.provision.vsphere;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Locale;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * How one connection decides whether to trust a vCenter's certificate. Each connection gets its own
 * trust manager and SSLContext: nothing here changes JVM-wide TLS defaults or host name verification.
 *
 * <p>The trust managers are {@link X509ExtendedTrustManager}s on purpose: the JDK then leaves the host
 * name check to them (the PKIX ones check it, the pinned one deliberately does not, since the pin
 * identifies the server) instead of wrapping them in its own checks.
 */
public sealed interface VsphereTrust {

    X509ExtendedTrustManager trustManager();

    /** The JDK's default trust store (cacerts), with host name verification. The default. */
    static VsphereTrust jdkDefault() {
        return new JdkDefault();
    }

    /** Only the CA certificate(s) in this PEM or DER file, with host name verification. */
    static VsphereTrust caFile(Path file) {
        return new CaFile(file);
    }

    /** Exactly the server certificate with this SHA-256 thumbprint (hex, colons optional). */
    static VsphereTrust pinnedSha256(String thumbprint) {
        return new PinnedSha256(PinnedSha256.normalize(thumbprint));
    }

    /** Trusts any certificate. For throw-away labs only; callers must ask for it explicitly. */
    static VsphereTrust insecureAcceptAnyCertificate() {
        return new Insecure();
    }

    record JdkDefault() implements VsphereTrust {
        @Override
        public X509ExtendedTrustManager trustManager() {
            return pkix(null);
        }
    }

    record CaFile(Path file) implements VsphereTrust {
        @Override
        public X509ExtendedTrustManager trustManager() {
            try (InputStream in = Files.newInputStream(file)) {
                Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
                if (certs.isEmpty()) {
                    throw new VsphereException("no certificate in CA file " + file);
                }
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                int i = 0;
                for (Certificate cert : certs) {
                    store.setCertificateEntry("ca-" + i++, cert);
                }
                return pkix(store);
            } catch (IOException | GeneralSecurityException e) {
                throw new VsphereException("cannot read CA file " + file + ": " + e.getMessage(), e);
            }
        }
    }

    record PinnedSha256(String thumbprintHex) implements VsphereTrust {
        static String normalize(String thumbprint) {
            String hex = thumbprint.replace(":", "").strip().toLowerCase(Locale.ROOT);
            if (hex.length() != 64 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new IllegalArgumentException("not a SHA-256 thumbprint (64 hex digits): " + thumbprint);
            }
            return hex;
        }

        @Override
        public X509ExtendedTrustManager trustManager() {
            return new PinnedThumbprintTrustManager(HexFormat.of().parseHex(thumbprintHex));
        }
    }

    record Insecure() implements VsphereTrust {
        @Override
        public X509ExtendedTrustManager trustManager() {
            return PinnedThumbprintTrustManager.acceptingAnything();
        }
    }

    private static X509ExtendedTrustManager pkix(KeyStore store) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager tm : factory.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager extended) {
                    return extended;
                }
            }
            throw new VsphereException("the JDK offers no X509ExtendedTrustManager");
        } catch (GeneralSecurityException e) {
            throw new VsphereException("cannot initialise the JDK trust manager: " + e.getMessage(), e);
        }
    }
}
