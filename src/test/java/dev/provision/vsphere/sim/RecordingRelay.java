package dev.provision.vsphere.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import dev.provision.vsphere.FakeVcenterEndpoint;

/**
 * A loopback TLS relay in front of an https server (vcsim) that keeps a copy of every byte the client sent, after
 * decryption: what provision put on the wire, headers and SOAP bodies, for tests that must see exactly that (a
 * secret that has to reach vCenter, and only vCenter). The client pins the relay's own certificate
 * ({@link #thumbprint()}); the relay trusts the server it was given, on loopback, without checking it.
 */
public final class RecordingRelay implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final SSLSocketFactory upstream;
    private final String thumbprint;
    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private final List<Socket> sockets = new ArrayList<>();

    /** Relays to the host and port of {@code url} (an https URL on loopback); its key pair is made in workDir. */
    public RecordingRelay(String url, Path workDir) {
        URI uri = URI.create(url);
        target = new InetSocketAddress(uri.getHost(), uri.getPort());
        try {
            KeyStore store = FakeVcenterEndpoint.generateKeyStore(workDir.resolve("relay.p12"));
            thumbprint = HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(store.getCertificate("server").getEncoded()));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, "changeit".toCharArray());
            SSLContext serving = SSLContext.getInstance("TLS");
            serving.init(keys.getKeyManagers(), null, null);
            listener = serving.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
            SSLContext relaying = SSLContext.getInstance("TLS");
            relaying.init(null, new TrustManager[] {new AnyLoopbackServer()}, null);
            upstream = relaying.getSocketFactory();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        Thread accepting = new Thread(this::accept, "relay-accept");
        accepting.setDaemon(true);
        accepting.start();
    }

    /** The URL to give the client instead of the server's: same path, the relay's port. */
    public String url(String serverUrl) {
        URI uri = URI.create(serverUrl);
        return uri.getScheme() + "://127.0.0.1:" + listener.getLocalPort() + uri.getRawPath();
    }

    /** SHA-256 of the relay's certificate, for the spec's thumbprint. */
    public String thumbprint() {
        return thumbprint;
    }

    /** Everything clients sent so far, as UTF-8 text. */
    public String sent() {
        synchronized (sent) {
            return sent.toString(StandardCharsets.UTF_8);
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = upstream.createSocket(target.getAddress(), target.getPort());
                synchronized (sockets) {
                    sockets.add(client);
                    sockets.add(server);
                }
                pump(client.getInputStream(), server.getOutputStream(), true);
                pump(server.getInputStream(), client.getOutputStream(), false);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pump(InputStream from, OutputStream to, boolean record) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = from.read(buffer)) > 0; ) {
                    if (record) {
                        synchronized (sent) {
                            sent.write(buffer, 0, n);
                        }
                    }
                    to.write(buffer, 0, n);
                    to.flush();
                }
                to.close();
            } catch (IOException ignored) {
                // one side closed: the other side's pump ends too
            }
        }, "relay-pump");
        thread.setDaemon(true);
        thread.start();
    }

    /** The relay's upstream trust: the one loopback server this relay was pointed at, in a test. */
    private static final class AnyLoopbackServer implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("the relay is only a client upstream");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // loopback only: the target is the test's own vcsim
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        synchronized (sockets) {
            for (Socket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }
}
