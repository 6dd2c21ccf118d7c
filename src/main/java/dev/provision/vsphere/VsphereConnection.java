package dev.provision.vsphere;

import com.vmware.vim25.AboutInfo;
import com.vmware.vim25.InvalidLogin;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.NotAuthenticated;
import com.vmware.vim25.ServiceContent;
import com.vmware.vim25.VimPortType;
import com.vmware.vim25.mo.ServiceInstance;
import dev.provision.plan.Durations;
import java.net.ConnectException;
import java.net.MalformedURLException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.rmi.RemoteException;
import java.security.cert.CertificateException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import javax.net.ssl.SSLHandshakeException;

/**
 * One logged-in session with a vCenter or ESXi host, over a transport with this connection's own TLS trust
 * (see {@link GuardedWsClient}). Connecting costs 2 round trips: RetrieveServiceContent and Login.
 *
 * <p>vSphere sessions expire after an idle time and yavijava has no keep-alive. Work run through
 * {@link #withSession} that fails with NotAuthenticated is run once more after a fresh Login; the stored
 * cookie must be dropped first, or the server keeps answering for the dead session.
 *
 * <p>Thread-safe: calls run concurrently (yavijava opens one HTTP request per call); only a session
 * renewal waits for the calls in flight and holds the others back.
 */
public final class VsphereConnection implements AutoCloseable {
    static {
        YavijavaLogging.quietExpectedFaults();
    }

    /** The newest API our yavijava model (6.0) understands; newer servers answer 6.0 clients in 6.0 terms. */
    private static final Set<String> SOAP_VERSIONS_YAVIJAVA_KNOWS = Set.of("4.0", "4.1", "5.0", "5.1", "5.5", "6.0");

    private static final ManagedObjectReference SERVICE_INSTANCE = mor("ServiceInstance", "ServiceInstance");

    private final VsphereEndpoint endpoint;
    private final GuardedWsClient client;
    private final VimPortType vim;
    private final ServiceContent content;
    private final AtomicInteger sessionRenewals = new AtomicInteger();
    private final ReentrantReadWriteLock session = new ReentrantReadWriteLock();

    private VsphereConnection(VsphereEndpoint endpoint, GuardedWsClient client, VimPortType vim, ServiceContent content) {
        this.endpoint = endpoint;
        this.client = client;
        this.vim = vim;
        this.content = content;
    }

    /** Connects and logs in; throws {@link VsphereException} (or one of its kinds) with a plain reason. */
    public static VsphereConnection open(VsphereEndpoint endpoint) {
        GuardedWsClient client;
        try {
            client = new GuardedWsClient(endpoint.sdkUrl().toString(), endpoint.trust().trustManager());
        } catch (MalformedURLException | RemoteException e) {
            throw VsphereFaults.translate("preparing a connection to " + endpoint, e);
        }
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, endpoint.timeout().toMillis());
        client.setConnectTimeout(timeoutMillis);
        client.setReadTimeout(timeoutMillis);
        client.setVimNameSpace(ServiceInstance.VIM25_NAMESPACE);
        try {
            VimPortType vim = new VimPortType(client);
            ServiceContent content = vim.retrieveServiceContent(SERVICE_INSTANCE);
            if (content == null || content.getAbout() == null) {
                throw new VsphereException.NotVsphere(endpoint.sdkUrl() + " answered SOAP, but not with vSphere's "
                        + "ServiceContent: " + NotVsphereAnswer.hint(endpoint.sdkUrl()), null);
            }
            String api = content.getAbout().getApiVersion();
            client.setSoapActionOnApiVersion(SOAP_VERSIONS_YAVIJAVA_KNOWS.contains(api) ? api : "6.0");
            VsphereConnection connection = new VsphereConnection(endpoint, client, vim, content);
            connection.login();
            return connection;
        } catch (MalformedURLException | RemoteException e) {
            VsphereException unreachable = VsphereFaults.unreachable(endpoint, e);
            throw unreachable != null ? unreachable : VsphereFaults.translate("connecting to " + endpoint, e);
        }
    }

    /** HTTP round trips made on this connection so far, logins included. */
    public long roundTrips() {
        return client.roundTrips();
    }

    /** How often an expired session was replaced by a fresh login. */
    public int sessionRenewals() {
        return sessionRenewals.get();
    }

    public VsphereEndpoint endpoint() {
        return endpoint;
    }

    /** e.g. "VMware vCenter Server 6.5.0 build-5973321". */
    public String productFullName() {
        AboutInfo about = content.getAbout();
        return about.getFullName();
    }

    public String apiVersion() {
        return content.getAbout().getApiVersion();
    }

    /** Work against the SOAP API; may throw yavijava's faults, which {@link #withSession} translates. */
    @FunctionalInterface
    interface SessionWork<T> {
        T run(VimPortType vim, ServiceContent content) throws RemoteException;
    }

    /**
     * Runs the work; if the session had expired (NotAuthenticated), logs in again and runs it once more.
     * The work must therefore be safe to repeat from the start (reads are).
     */
    <T> T withSession(String action, SessionWork<T> work) {
        try {
            int generation = sessionRenewals.get();
            try {
                return runShared(work);
            } catch (NotAuthenticated expired) {
                renewSession(generation);
                return runShared(work);
            }
        } catch (RemoteException | RuntimeException e) {
            if (e instanceof VsphereException vsphere) {
                throw vsphere;
            }
            throw VsphereFaults.translate(action + " on " + endpoint.sdkUrl(), e);
        }
    }

    /** Work runs under the shared lock, so a renewal never happens while a request is in flight. */
    private <T> T runShared(SessionWork<T> work) throws RemoteException {
        session.readLock().lock();
        try {
            return work.run(vim, content);
        } finally {
            session.readLock().unlock();
        }
    }

    /**
     * Drops the dead cookie and logs in again, unless another thread already did since {@code seenGeneration}
     * was read: threads that hit the same expiry share one new session. Runs under the exclusive lock because
     * yavijava stores the first Set-Cookie it sees after the cookie was cleared — an answer to another
     * thread's request in flight could otherwise take the place of the new session's cookie.
     */
    private void renewSession(int seenGeneration) throws RemoteException {
        session.writeLock().lock();
        try {
            if (sessionRenewals.get() != seenGeneration) {
                return;
            }
            client.forgetSession();
            login();
            sessionRenewals.incrementAndGet();
        } finally {
            session.writeLock().unlock();
        }
    }

    private void login() throws RemoteException {
        try {
            vim.login(content.getSessionManager(), endpoint.username(), endpoint.password(), null);
        } catch (InvalidLogin e) {
            throw new VsphereException.LoginRefused("the server refused the login of " + endpoint.username() + " at " + endpoint.sdkUrl(), e);
        }
    }

    /** Logs out; a failure here only means the session will expire on its own. */
    @Override
    public void close() {
        try {
            vim.logout(content.getSessionManager());
        } catch (RemoteException | RuntimeException ignored) {
            // Nothing to undo on our side; the server drops idle sessions itself.
        }
    }

    static ManagedObjectReference mor(String type, String value) {
        ManagedObjectReference ref = new ManagedObjectReference();
        ref.setType(type);
        ref.setVal(value);
        return ref;
    }

    /** Turns yavijava's exceptions into ours, keeping the cause chain. */
    static final class VsphereFaults {
        private VsphereFaults() {}

        static VsphereException translate(String action, Exception e) {
            VsphereException ours = cause(e, VsphereException.class);
            if (ours != null) {
                return ours;
            }
            GuardedWsClient.UnsafeResponseException unsafe = cause(e, GuardedWsClient.UnsafeResponseException.class);
            if (unsafe != null) {
                return new VsphereException.UnsafeResponse(action + ": " + unsafe.getMessage(), e);
            }
            CertificateException untrusted = cause(e, CertificateException.class);
            if (untrusted != null) {
                return new VsphereException.UntrustedServer(action + ": the server's certificate is not trusted: " + untrusted.getMessage(), e);
            }
            SSLHandshakeException handshake = cause(e, SSLHandshakeException.class);
            if (handshake != null) {
                return new VsphereException.UntrustedServer(action + ": TLS handshake failed: " + handshake.getMessage(), e);
            }
            if (cause(e, InvalidLogin.class) != null) {
                return new VsphereException.LoginRefused(action + ": login refused", e);
            }
            return new VsphereException(action + " failed: " + describe(e), e);
        }

        /**
         * One line in words for an endpoint that is not vSphere or cannot be reached; null for anything else.
         * Only when connecting: later, the same endpoint has already proved itself.
         */
        static VsphereException unreachable(VsphereEndpoint endpoint, Exception e) {
            URI url = endpoint.sdkUrl();
            GuardedWsClient.NotVsphereException notSoap = cause(e, GuardedWsClient.NotVsphereException.class);
            if (notSoap != null) {
                return new VsphereException.NotVsphere(url + " answered " + notSoap.getMessage() + ", not the vSphere "
                        + "SOAP API: " + NotVsphereAnswer.hint(url), e);
            }
            if (cause(e, UnknownHostException.class) != null) {
                return new VsphereException.NotVsphere("the host name " + url.getHost() + " of " + url + " is unknown "
                        + "(no DNS entry): check the url", e);
            }
            if (cause(e, ConnectException.class) != null) {
                return new VsphereException.NotVsphere("nothing answers at " + url.getAuthority() + " (connection "
                        + "refused): check the url and that vCenter is running", e);
            }
            if (cause(e, SocketTimeoutException.class) != null) {
                return new VsphereException.NotVsphere(url + " did not answer within " + Durations.format(endpoint.timeout())
                        + ": check the url and the network path (firewall, proxy)", e);
            }
            return null;
        }

        private static <X extends Throwable> X cause(Throwable e, Class<X> kind) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (kind.isInstance(t)) {
                    return kind.cast(t);
                }
            }
            return null;
        }

        private static String describe(Throwable e) {
            String message = e.getMessage();
            return message == null || message.isBlank() ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + message;
        }
    }
}
