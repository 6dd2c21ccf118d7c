package dev.provision.armlab;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The emulator's TLS identity: an RSA-2048 key and a self-signed certificate whose SAN names the loopback
 * address, so clients keep hostname verification on. Made once and cached as a PKCS#12 file, because key
 * generation costs a noticeable fraction of a second on a small machine and tests start many emulators.
 *
 * <p>The key only ever protects a loopback test server that clients trust explicitly and per connection;
 * the cache file is still written owner-only where the file system allows it.
 */
public final class TlsIdentity {
    static final String CACHE_FILE = "armlab-tls.p12";
    private static final String ALIAS = "armlab";
    // Not a secret: PKCS#12 needs a password, and the file is protected by its permissions instead.
    private static final char[] STORE_PASSWORD = "armlab".toCharArray();
    private static final Duration VALIDITY = Duration.ofDays(730);
    private static final Duration RENEW_BEFORE = Duration.ofDays(7);

    private final PrivateKey key;
    private final X509Certificate certificate;
    private final boolean loadedFromCache;
    private final Duration creationTime;

    private TlsIdentity(PrivateKey key, X509Certificate certificate, boolean loadedFromCache, Duration creationTime) {
        this.key = key;
        this.certificate = certificate;
        this.loadedFromCache = loadedFromCache;
        this.creationTime = creationTime;
    }

    /** Loads the cached identity for {@code address} from {@code cacheDir}, or makes and caches a new one. */
    public static synchronized TlsIdentity loadOrCreate(Path cacheDir, InetAddress address) {
        Path file = cacheDir.resolve(CACHE_FILE);
        long start = System.nanoTime();
        TlsIdentity cached = tryLoad(file, address, start);
        if (cached != null) {
            return cached;
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            X509Certificate cert = selfSign(pair, address);
            store(file, pair.getPrivate(), cert);
            return new TlsIdentity(pair.getPrivate(), cert, false, Duration.ofNanos(System.nanoTime() - start));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the emulator's TLS certificate", e);
        }
    }

    private static TlsIdentity tryLoad(Path file, InetAddress address, long start) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, STORE_PASSWORD);
            if (!(store.getKey(ALIAS, STORE_PASSWORD) instanceof PrivateKey key)
                    || !(store.getCertificate(ALIAS) instanceof X509Certificate cert)) {
                return null;
            }
            boolean fresh = cert.getNotAfter().toInstant().isAfter(Instant.now().plus(RENEW_BEFORE));
            if (!fresh || !namesAddress(cert, address)) {
                return null;
            }
            return new TlsIdentity(key, cert, true, Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException | GeneralSecurityException e) {
            return null; // a damaged or foreign cache file is simply replaced
        }
    }

    private static boolean namesAddress(X509Certificate cert, InetAddress address) throws GeneralSecurityException {
        if (cert.getSubjectAlternativeNames() == null) {
            return false;
        }
        for (List<?> name : cert.getSubjectAlternativeNames()) {
            if (Integer.valueOf(7).equals(name.get(0)) && address.getHostAddress().equals(name.get(1))) {
                return true;
            }
        }
        return false;
    }

    private static X509Certificate selfSign(KeyPair pair, InetAddress address) throws GeneralSecurityException {
        byte[] sha256WithRsa = Der.sequence(Der.oid("1.2.840.113549.1.1.11"), Der.nul());
        byte[] name = Der.sequence(Der.set(Der.sequence(Der.oid("2.5.4.3"), Der.utf8String("provision armlab"))));
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC).withNano(0);
        byte[] validity = Der.sequence(Der.utcTime(now.minusDays(1)), Der.utcTime(now.plus(VALIDITY)));
        byte[] subjectAltName = Der.sequence(
                Der.implicitPrimitive(7, address.getAddress()),
                Der.implicitPrimitive(2, "localhost".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        byte[] serverAuth = Der.sequence(Der.oid("1.3.6.1.5.5.7.3.1"));
        byte[] extensions = Der.explicit(3, Der.sequence(
                Der.sequence(Der.oid("2.5.29.17"), Der.octetString(subjectAltName)),
                Der.sequence(Der.oid("2.5.29.37"), Der.octetString(serverAuth))));
        byte[] serial = new BigInteger(63, new SecureRandom()).add(BigInteger.ONE).toByteArray();
        byte[] tbs = Der.sequence(
                Der.explicit(0, Der.smallInteger(2)),
                Der.integer(serial),
                sha256WithRsa,
                name,
                validity,
                name,
                pair.getPublic().getEncoded(),
                extensions);
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(pair.getPrivate());
        signer.update(tbs);
        byte[] der = Der.sequence(tbs, sha256WithRsa, Der.bitString(signer.sign()));
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
        cert.verify(pair.getPublic());
        return cert;
    }

    private static void store(Path file, PrivateKey key, X509Certificate cert) throws GeneralSecurityException {
        try {
            Files.createDirectories(file.getParent());
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key, STORE_PASSWORD, new java.security.cert.Certificate[] {cert});
            Path temp = Files.createTempFile(file.getParent(), "armlab-tls", ".tmp");
            restrictToOwner(temp);
            try (OutputStream out = Files.newOutputStream(temp)) {
                store.store(out, STORE_PASSWORD);
            }
            // Atomic so that two JVMs starting at once never read a half-written file.
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot cache the emulator's TLS certificate in " + file.getParent(), e);
        }
    }

    private static void restrictToOwner(Path path) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the user's cache directory is already private to the user.
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The certificate in PEM, for tools that take a CA file (e.g. {@code curl --cacert}). */
    public String certificatePem() {
        try {
            String body = Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded());
            return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when this identity came from the cache rather than being generated now. */
    public boolean loadedFromCache() {
        return loadedFromCache;
    }

    /** How long loading or generating this identity took. */
    public Duration creationTime() {
        return creationTime;
    }

    public Date notAfter() {
        return certificate.getNotAfter();
    }

    /** The server side: presents this certificate. */
    SSLContext serverContext() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key, STORE_PASSWORD, new java.security.cert.Certificate[] {certificate});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, STORE_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the emulator's TLS context", e);
        }
    }

    /** The client side: trusts this certificate and nothing else (never the JVM-wide trust store). */
    public SSLContext clientContext() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry(ALIAS, certificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a client TLS context for the emulator", e);
        }
    }
}
