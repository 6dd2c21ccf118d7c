package dev.provision.armlab;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The emulator's TLS identity: an RSA-2048 key and a self-signed certificate whose SAN names the loopback
 * address, so clients keep hostname verification on. Made once and cached, because RSA key generation costs
 * 0.3-2 s on a small machine and tests start many emulators.
 *
 * <p>The cache is two PEM files: {@code armlab-key.pem} (PKCS#8, owner-only where the file system allows)
 * and {@code armlab-cert.pem} (usable as is with {@code curl --cacert}). Plain PEM rather than a PKCS#12 store:
 * a store's password would sit in this source anyway, and its key derivation cost ~0.3-1 s per load.
 * The key only ever protects a loopback test server that clients trust explicitly and per connection.
 */
public final class TlsIdentity {
    static final String KEY_FILE = "armlab-key.pem";
    static final String CERT_FILE = "armlab-cert.pem";
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
        long start = System.nanoTime();
        TlsIdentity cached = tryLoad(cacheDir, address, start);
        if (cached != null) {
            return cached;
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            X509Certificate cert = selfSign(pair, address);
            store(cacheDir, pair.getPrivate(), cert);
            return new TlsIdentity(pair.getPrivate(), cert, false, Duration.ofNanos(System.nanoTime() - start));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the emulator's TLS certificate", e);
        }
    }

    private static TlsIdentity tryLoad(Path cacheDir, InetAddress address, long start) {
        Path keyFile = cacheDir.resolve(KEY_FILE);
        Path certFile = cacheDir.resolve(CERT_FILE);
        if (!Files.isRegularFile(keyFile) || !Files.isRegularFile(certFile)) {
            return null;
        }
        try {
            PrivateKey key = KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(pemBody(Files.readString(keyFile), "PRIVATE KEY")));
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pemBody(Files.readString(certFile), "CERTIFICATE")));
            boolean fresh = cert.getNotAfter().toInstant().isAfter(Instant.now().plus(RENEW_BEFORE));
            if (!fresh || !namesAddress(cert, address)) {
                return null;
            }
            return new TlsIdentity(key, cert, true, Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            return null; // a damaged or foreign cache is simply replaced
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

    private static void store(Path cacheDir, PrivateKey key, X509Certificate cert) throws GeneralSecurityException {
        try {
            Files.createDirectories(cacheDir);
            // Certificate first: a reader that finds the key also finds its certificate.
            write(cacheDir, CERT_FILE, pem("CERTIFICATE", cert.getEncoded()));
            write(cacheDir, KEY_FILE, pem("PRIVATE KEY", key.getEncoded()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot cache the emulator's TLS certificate in " + cacheDir, e);
        }
    }

    /** Written to a temporary file, owner-only, then moved atomically: two JVMs never read half a file. */
    private static void write(Path dir, String name, String text) throws IOException {
        Path temp = Files.createTempFile(dir, "armlab-tls", ".tmp");
        restrictToOwner(temp);
        Files.writeString(temp, text, StandardCharsets.US_ASCII);
        Files.move(temp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static byte[] pemBody(String text, String type) {
        int from = text.indexOf("-----BEGIN " + type + "-----");
        int to = text.indexOf("-----END " + type + "-----");
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("no " + type + " in PEM text");
        }
        return Base64.getMimeDecoder().decode(text.substring(from + type.length() + 16, to));
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
            return pem("CERTIFICATE", certificate.getEncoded());
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

    /** The server side: presents this certificate (a one-key key manager, no key store to decrypt). */
    SSLContext serverContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new javax.net.ssl.KeyManager[] {new SingleKeyManager(key, certificate)}, null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the emulator's TLS context", e);
        }
    }

    /** The client side: trusts this certificate and nothing else (never the JVM-wide trust store). */
    public SSLContext clientContext() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("armlab", certificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a client TLS context for the emulator", e);
        }
    }

    /** Presents one key and certificate, whatever the client asks for. */
    private static final class SingleKeyManager extends X509ExtendedKeyManager {
        private static final String ALIAS = "armlab";
        private final PrivateKey key;
        private final X509Certificate[] chain;

        SingleKeyManager(PrivateKey key, X509Certificate certificate) {
            this.key = key;
            this.chain = new X509Certificate[] {certificate};
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return "RSA".equals(keyType) ? ALIAS : null;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return "RSA".equals(keyType) ? ALIAS : null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return chain.clone();
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return key;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }
}
