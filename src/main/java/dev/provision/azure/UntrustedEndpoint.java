package dev.provision.azure;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import reactor.core.publisher.Mono;

/**
 * The endpoint's TLS certificate does not chain to what this connection trusts. Not transient: retrying it only
 * costs the SDK's backoff (measured: 4 handshakes, ~7 s), and the cure is on the user's side, so the message says
 * which endpoint, which trust (the caFile, or the JDK trust store) and how to fetch the right CA.
 */
final class UntrustedEndpoint extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UntrustedEndpoint(URI endpoint, String trust, Throwable cause) {
        super("the TLS certificate of " + endpoint + " does not chain to " + trust + " (" + reason(cause) + "): put "
                + "the CA that signed it in caFile — 'openssl s_client -showcerts -connect " + endpoint.getHost() + ":"
                + port(endpoint) + "' prints the chain; for Azure Stack Hub export its root CA, for the provision "
                + "ARM emulator use its certificate (armlab-cert.pem in ~/.cache/provision/armlab)", cause);
    }

    /**
     * A certificate the client refused: a certificate, path or signature check failed somewhere in the chain (all
     * GeneralSecurityExceptions). A handshake cut short by the network (an EOF, a reset) carries none and stays
     * retryable. The SDK's retry asks about every cause of a failure in turn, so each of them must answer alike.
     */
    static boolean isTrustFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UntrustedEndpoint || t instanceof GeneralSecurityException) {
                return true;
            }
        }
        return false;
    }

    /** A policy that turns a trust failure of this connection into this exception, on every attempt. */
    static HttpPipelinePolicy policy(URI endpoint, String trust) {
        return new HttpPipelinePolicy() {
            @Override
            public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
                return next.process().onErrorMap(e -> isTrustFailure(e) && !(e instanceof UntrustedEndpoint),
                        e -> new UntrustedEndpoint(endpoint, trust, e));
            }

            @Override
            public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
                try {
                    return next.processSync();
                } catch (RuntimeException e) {
                    if (isTrustFailure(e) && !(e instanceof UntrustedEndpoint)) {
                        throw new UntrustedEndpoint(endpoint, trust, e);
                    }
                    throw e;
                }
            }
        };
    }

    private static String reason(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CertPathBuilderException) {
                return "no trusted certification path";
            }
            if (t instanceof CertPathValidatorException) {
                return "not signed by a trusted CA";
            }
            if (t instanceof CertificateException c && c.getMessage() != null
                    && c.getMessage().startsWith("No subject alternative")) {
                return "the certificate does not name this host";
            }
        }
        return "the certificate was not accepted";
    }

    private static int port(URI endpoint) {
        return endpoint.getPort() > 0 ? endpoint.getPort() : 443;
    }
}
