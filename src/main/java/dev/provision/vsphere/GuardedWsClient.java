package dev.provision.vsphere;

import com.vmware.vim25.ws.Argument;
import com.vmware.vim25.ws.WSClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.nio.charset.StandardCharsets;
import java.rmi.RemoteException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * yavijava's SOAP transport, made safe for one connection:
 * <ul>
 *   <li>its own SSLContext built from this connection's trust manager — stock yavijava caches the first
 *       SSLContext JVM-wide, so a second connection with a different (even wrong) pin would succeed;</li>
 *   <li>never the trust-all path, which also installs an accept-all JVM-wide HostnameVerifier;</li>
 *   <li>responses containing {@code <!DOCTYPE} are refused before parsing: yavijava's SAX reader resolves
 *       external entities, so a hostile endpoint could make us read local files (XXE). An answer streamed to
 *       our own reader ({@link #exchange}) is scanned byte by byte before the reader sees the bytes, and refused
 *       as a whole as soon as the declaration passes;</li>
 *   <li>requests leave out the two NPIV fields yavijava always writes as 0 (see {@link #withoutUnsetPrimitives});</li>
 *   <li>answers that are not SOAP at all (HTML, an empty body, other XML) are named as such before parsing;</li>
 *   <li>every HTTP request is counted, so callers can prove how many round trips an operation costs.</li>
 * </ul>
 */
final class GuardedWsClient extends WSClient {
    /** Bytes of an answer judged before it is streamed (see {@link StreamedAnswer}); a whole answer when shorter. */
    private static final int START_BYTES = 4096;
    private static final Pattern UNSET_NPIV = Pattern.compile("<npivDesired(Node|Port)Wwns(?:\\s[^>]*)?>0</npivDesired\\1Wwns>");

    private final AtomicLong roundTrips = new AtomicLong();
    /** Set by {@link #exchange(String, Argument[], AnswerReader)} around its post: the answer may be streamed. */
    private final ThreadLocal<Boolean> streamAnswer = ThreadLocal.withInitial(() -> Boolean.FALSE);

    GuardedWsClient(String sdkUrl, X509ExtendedTrustManager trustManager) throws MalformedURLException, RemoteException {
        super(sdkUrl, false, trustManager); // calls getCustomTrustManagerSocketFactory below
    }

    long roundTrips() {
        return roundTrips.get();
    }

    /** Forgets the session cookie so that the next Login starts a fresh session. */
    void forgetSession() {
        setCookie(null);
    }

    /** Reads an answer as it arrives (see {@link StreamedAnswer}). */
    @FunctionalInterface
    interface AnswerReader<T> {
        T read(StreamedAnswer answer) throws IOException;
    }

    /**
     * One SOAP call whose answer the reader parses while it arrives; the whole answer passes the same checks as
     * any other before the call returns (a DOCTYPE after what the reader needed is still refused).
     */
    <T> T exchange(String method, Argument[] arguments, AnswerReader<T> reader) throws RemoteException {
        String request = marshall(method, arguments);
        InputStream posted;
        streamAnswer.set(Boolean.TRUE);
        try {
            posted = post(request);
        } catch (RemoteException refused) {
            throw refused;
        } catch (IOException e) {
            throw new RemoteException("Exception caught trying to invoke method " + method, e);
        } finally {
            streamAnswer.set(Boolean.FALSE);
        }
        try (StreamedAnswer answer = (StreamedAnswer) posted) {
            T read = reader.read(answer);
            answer.finish();
            return read;
        } catch (RemoteException refused) {
            throw refused;
        } catch (IOException e) {
            throw new RemoteException("Exception caught trying to invoke method " + method, e);
        }
    }

    /** yavijava's own reading of the bytes of an answer: a SOAP fault is thrown typed, as by invoke. */
    Object parse(String returnType, byte[] answer) throws RemoteException {
        try {
            return unMarshall(returnType, new ByteArrayInputStream(answer));
        } catch (RemoteException fault) {
            throw fault;
        } catch (Exception e) {
            throw new RemoteException("Exception caught trying to read the answer as " + returnType, e);
        }
    }

    @Override
    protected SSLSocketFactory getCustomTrustManagerSocketFactory(TrustManager trustManager) throws RemoteException {
        // Runs inside the super constructor: use only the argument, not this object's fields.
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustManager}, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new RemoteException("cannot create this connection's TLS context", e);
        }
    }

    @Override
    protected SSLSocketFactory getTrustAllSocketFactory(boolean ignoreCert) throws RemoteException {
        if (ignoreCert) {
            throw new IllegalStateException("yavijava's trust-all mode changes JVM-wide TLS settings and is never used");
        }
        return null;
    }

    @Override
    protected InputStream post(String soapMessage) throws IOException {
        roundTrips.incrementAndGet();
        return super.post(withoutUnsetPrimitives(soapMessage));
    }

    /**
     * yavijava 6.0.05 declares VirtualMachineConfigSpec.npivDesiredNodeWwns and npivDesiredPortWwns as primitive
     * {@code short} (the WSDL makes them optional), so its serializer writes both, as 0, into every reconfigure.
     * provision never asks for NPIV WWNs, and a reconfigure must carry only what it means to change: a host may
     * read "0 WWNs desired" as a request. Only these two elements with the value 0 are dropped, and they exist in
     * no other type.
     */
    static String withoutUnsetPrimitives(String soapMessage) {
        if (!soapMessage.contains("npivDesired")) {
            return soapMessage;
        }
        return UNSET_NPIV.matcher(soapMessage).replaceAll("");
    }

    @Override
    protected InputStream getInputStreamFromConnection(HttpURLConnection connection) throws RemoteException {
        String contentType = connection.getContentType();
        if (connection.getContentLengthLong() == 0) {
            // Before yavijava's own reading: it asks the connection for the server's certificates after the
            // body, which the JDK has already closed after an empty one ("connection not yet open").
            throw new NotVsphereException(NotVsphereAnswer.describe(new byte[0], contentType));
        }
        InputStream raw = super.getInputStreamFromConnection(connection);
        try {
            if (streamAnswer.get()) {
                byte[] start = raw.readNBytes(START_BYTES);
                if (start.length == START_BYTES && NotVsphereAnswer.startsAsSoap(start, contentType)
                        && looksLikeAsciiCompatibleXml(start)) {
                    return new StreamedAnswer(start, raw, doctypeRefusal()); // scanned as it is read
                }
                return StreamedAnswer.whole(checked(concat(start, readRest(raw)), contentType), doctypeRefusal());
            }
            return new ByteArrayInputStream(checked(readRest(raw), contentType));
        } catch (IOException e) {
            if (e instanceof RemoteException checkFailed) {
                throw checkFailed;
            }
            throw new RemoteException("reading the response from " + getBaseUrl() + " failed", e);
        }
    }

    private static byte[] readRest(InputStream raw) throws IOException {
        try (raw) {
            return raw.readAllBytes();
        }
    }

    private static byte[] concat(byte[] start, byte[] rest) {
        byte[] all = Arrays.copyOf(start, start.length + rest.length);
        System.arraycopy(rest, 0, all, start.length, rest.length);
        return all;
    }

    /** The checks on a whole answer; it is returned unchanged when it passes them. */
    private byte[] checked(byte[] body, String contentType) throws RemoteException {
        String notSoap = NotVsphereAnswer.describe(body, contentType);
        if (notSoap != null) {
            throw new NotVsphereException(notSoap);
        }
        if (!looksLikeAsciiCompatibleXml(body)) {
            throw new UnsafeResponseException("refused a response from " + getBaseUrl()
                    + " that is not UTF-8 XML (vSphere sends UTF-8; other encodings could hide a DOCTYPE)");
        }
        if (containsDoctype(body)) {
            throw doctypeRefusal();
        }
        return body;
    }

    private UnsafeResponseException doctypeRefusal() {
        return new UnsafeResponseException("refused a response from " + getBaseUrl()
                + " that contains a DOCTYPE declaration (vSphere never sends one; it could carry an XML external entity attack)");
    }

    /**
     * Whether "<!DOCTYPE", in any mix of ASCII case, occurs anywhere in the body: in any ASCII-compatible encoding
     * the marker is these bytes. A byte scan, because answers run to megabytes (1,000 VMs: 3.4 MB from vcsim) and
     * a case-insensitive regular expression over the decoded text cost milliseconds per answer.
     */
    static boolean containsDoctype(byte[] body) {
        return DoctypeScanner.contains(body);
    }

    /**
     * True if the body is empty or starts (after an optional UTF-8 byte order mark and white space) with
     * '<' followed by a non-zero byte. That rules out UTF-16/UTF-32 and EBCDIC, in which the DOCTYPE
     * check above would not see the marker but the XML parser would still honour it.
     */
    static boolean looksLikeAsciiCompatibleXml(byte[] body) {
        int i = 0;
        if (body.length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb && (body[2] & 0xff) == 0xbf) {
            i = 3;
        }
        while (i < body.length && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n')) {
            i++;
        }
        if (i == body.length) {
            return true;
        }
        return body[i] == '<' && (i + 1 == body.length || body[i + 1] != 0);
    }

    /** The server answered something other than SOAP; the message says what, e.g. "HTML". */
    static final class NotVsphereException extends RemoteException {
        private static final long serialVersionUID = 1L;

        NotVsphereException(String what) {
            super(what);
        }
    }

    /** Thrown through yavijava, which only lets RemoteExceptions pass unwrapped. */
    static final class UnsafeResponseException extends RemoteException {
        private static final long serialVersionUID = 1L;

        UnsafeResponseException(String message) {
            super(message);
        }
    }
}
