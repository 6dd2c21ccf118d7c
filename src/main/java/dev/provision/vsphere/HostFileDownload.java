package dev.provision.vsphere;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Downloads a file that InitiateFileTransferFromGuest offered. The URL points at the ESXi host running the VM, not
 * at vCenter, and the host has its own certificate: it is pinned to the thumbprint vCenter reports for that host
 * ({@code summary.config.sslThumbprint}, SHA-1 on the vSphere versions we know; a SHA-256 one is accepted too).
 * That pin is trustworthy because it came over the vCenter session, which our own TLS settings already verified.
 * TLS is set on this one request only: no JVM-wide default is touched.
 */
final class HostFileDownload {
    /** The probe's output is under 4 KB; anything this large is not what we asked for. */
    static final int MAX_BYTES = 1 << 20;

    private final Duration timeout;

    HostFileDownload(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * @param offered        the URL vSphere returned; its host is "*" when we talk to the ESXi host directly
     * @param sdkUrl         the connection's URL, whose host stands in for "*"
     * @param hostThumbprint the host's reported thumbprint, or null with {@code insecure}
     * @param insecure       the target was configured with {@code insecure: true}: any certificate is accepted
     */
    byte[] download(String offered, URI sdkUrl, String hostThumbprint, boolean insecure) {
        URL url = resolve(offered, sdkUrl);
        X509ExtendedTrustManager trust = insecure ? PinnedThumbprintTrustManager.acceptingAnything()
                : hostTrust(hostThumbprint);
        try {
            HttpURLConnection connection = (HttpURLConnection) url.openConnection();
            if (connection instanceof HttpsURLConnection https) {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, new TrustManager[] {trust}, null);
                https.setSSLSocketFactory(context.getSocketFactory());
                // The pin is the identity: the host name in the URL is vCenter's inventory name for the host,
                // which its certificate need not carry. Set on this connection only.
                https.setHostnameVerifier((host, session) -> true);
            } else {
                throw new VsphereException.UntrustedServer("refusing to fetch a guest file over plain http: " + redact(url), null);
            }
            int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
            connection.setConnectTimeout(millis);
            connection.setReadTimeout(millis);
            int status = connection.getResponseCode();
            if (status != 200) {
                throw new VsphereException("the ESXi host answered HTTP " + status + " for the guest file at " + redact(url));
            }
            try (InputStream in = connection.getInputStream()) {
                byte[] body = in.readNBytes(MAX_BYTES + 1);
                if (body.length > MAX_BYTES) {
                    throw new VsphereException("the guest file at " + redact(url) + " is larger than " + MAX_BYTES + " bytes");
                }
                return body;
            }
        } catch (javax.net.ssl.SSLException e) {
            throw new VsphereException.UntrustedServer("the ESXi host at " + url.getHost() + " is not the one vCenter "
                    + "vouches for (" + scrub(e.getMessage(), url) + ")", e);
        } catch (IOException e) {
            throw new VsphereException("fetching the guest file from the ESXi host at " + url.getHost() + " failed: "
                    + e.getClass().getSimpleName() + " " + scrub(e.getMessage(), url), e);
        } catch (GeneralSecurityException e) {
            throw new VsphereException("cannot set up TLS for the ESXi host: " + e.getMessage(), e);
        }
    }

    /** vSphere writes "*" for "the host you are talking to" when the client is connected to ESXi directly. */
    static URL resolve(String offered, URI sdkUrl) {
        String text = offered;
        String star = "https://*";
        if (text.startsWith(star) && (text.length() == star.length() || "/:".indexOf(text.charAt(star.length())) >= 0)) {
            String rest = text.substring(star.length());
            String authority = sdkUrl.getHost() + (rest.startsWith(":") || sdkUrl.getPort() < 0 ? "" : ":" + sdkUrl.getPort());
            text = "https://" + authority + rest;
        }
        try {
            return URI.create(text).toURL();
        } catch (IllegalArgumentException | IOException e) {
            throw new VsphereException("vSphere offered a guest file transfer URL that cannot be used: " + e.getMessage());
        }
    }

    /** A pin from vCenter's hex thumbprint; its length says the digest: 20 bytes SHA-1, 32 bytes SHA-256. */
    static X509ExtendedTrustManager hostTrust(String thumbprint) {
        if (thumbprint == null || thumbprint.isBlank()) {
            throw new VsphereException.UntrustedServer("vCenter reports no SSL thumbprint for the ESXi host "
                    + "(summary.config.sslThumbprint), so its certificate cannot be checked; the guest file is not fetched", null);
        }
        String hex = thumbprint.replace(":", "").strip().toLowerCase(Locale.ROOT);
        byte[] bytes;
        try {
            bytes = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new VsphereException.UntrustedServer("the ESXi host's reported thumbprint is not hex: " + thumbprint, e);
        }
        return switch (bytes.length) {
            case 20 -> new PinnedThumbprintTrustManager(bytes, "SHA-1");
            case 32 -> new PinnedThumbprintTrustManager(bytes, "SHA-256");
            default -> throw new VsphereException.UntrustedServer("the ESXi host's reported thumbprint has "
                    + bytes.length + " bytes, neither SHA-1 (20) nor SHA-256 (32): " + thumbprint, null);
        };
    }

    /** The URL's query holds the transfer's one-time ticket: never print it. */
    static String redact(URL url) {
        return url.getProtocol() + "://" + url.getAuthority() + url.getPath();
    }

    private static String scrub(String message, URL url) {
        if (message == null) {
            return "";
        }
        return url.getQuery() == null ? message : message.replace(url.getQuery(), "...");
    }
}
