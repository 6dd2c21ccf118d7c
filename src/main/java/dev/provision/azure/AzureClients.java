package dev.provision.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.ExponentialBackoff;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.HttpLogDetailLevel;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RequestRetryCondition;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.policy.RetryStrategy;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.management.serializer.SerializerFactory;
import com.azure.core.util.Configuration;
import com.azure.core.util.serializer.SerializerAdapter;
import com.azure.resourcemanager.compute.fluent.ComputeManagementClient;
import com.azure.resourcemanager.compute.implementation.ComputeManagementClientBuilder;
import com.azure.resourcemanager.network.fluent.NetworkManagementClient;
import com.azure.resourcemanager.network.implementation.NetworkManagementClientBuilder;
import com.azure.resourcemanager.resources.fluent.ResourceManagementClient;
import com.azure.resourcemanager.resources.fluentcore.utils.HttpPipelineProvider;
import com.azure.resourcemanager.resources.implementation.ResourceManagementClientBuilder;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The Azure Resource Manager clients of one connection: Compute, Network and Resources, sharing one HTTP
 * pipeline (JDK HTTP client, retry, bearer token, logging off).
 *
 * <p>They are the SDK's generated service clients, not the fluent managers: a cold start that lists SKUs
 * is ~0.7 s faster without the managers (which build Storage, Authorization and MSI clients too); the
 * generated calls send exactly the bodies we write, with deterministic names, so a retried create is an
 * idempotent PUT (the fluent create names its NIC, VNet and public IP randomly); and every field is
 * reachable (securityProfile, zones, runAsUser). Callers that want the fluent API can build a manager on
 * {@link #pipeline()} and {@link #profile()}.
 *
 * <p>A custom endpoint (an ARM emulator, a private cloud) gets its own trust, per connection: the SSLContext
 * goes into this connection's HTTP client only; the JVM-wide trust store is never touched. HTTP logging is
 * always off, whatever AZURE_HTTP_LOG_DETAIL_LEVEL says: VM create bodies carry the admin password.
 */
public final class AzureClients {
    /** The public Azure cloud's Resource Manager endpoint. */
    public static final URI AZURE_PUBLIC_CLOUD = URI.create("https://management.azure.com/");
    /**
     * The api-version the generated Compute client of azure-resourcemanager-compute 2.55.1 sends for VMs (a literal in
     * its VirtualMachinesClientImpl; checked on the wire by VmCreateBodyTest). What a create body means depends on it:
     * see {@link VmChanges#securityProfile}. Upgrading the SDK moves it: then decide the create body again.
     */
    static final String COMPUTE_API_VERSION = "2025-04-01";
    /** Compute's Retry-After: 0 makes this the wait between polls: never less, or the client polls in a loop. */
    static final Duration MIN_POLL_INTERVAL = Duration.ofMillis(200);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final HttpPipeline pipeline;
    private final AzureProfile profile;
    private final String endpoint;
    private final Duration pollInterval;
    private final SerializerAdapter serializer = SerializerFactory.createDefaultManagementSerializerAdapter();
    private ComputeManagementClient compute;
    private NetworkManagementClient network;
    private ResourceManagementClient resources;

    private AzureClients(HttpPipeline pipeline, AzureProfile profile, Duration pollInterval) {
        this.pipeline = pipeline;
        this.profile = profile;
        this.endpoint = profile.getEnvironment().getResourceManagerEndpoint();
        this.pollInterval = pollInterval;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Compute (VMs, SKUs, usages, Run Command), built on first use. */
    public synchronized ComputeManagementClient compute() {
        if (compute == null) {
            compute = new ComputeManagementClientBuilder().pipeline(pipeline).endpoint(endpoint)
                    .subscriptionId(profile.getSubscriptionId()).environment(profile.getEnvironment())
                    .defaultPollInterval(pollInterval).serializerAdapter(serializer).buildClient();
        }
        return compute;
    }

    /** Network (VNets, NICs, public IPs, NSGs), built on first use. */
    public synchronized NetworkManagementClient network() {
        if (network == null) {
            network = new NetworkManagementClientBuilder().pipeline(pipeline).endpoint(endpoint)
                    .subscriptionId(profile.getSubscriptionId()).environment(profile.getEnvironment())
                    .defaultPollInterval(pollInterval).serializerAdapter(serializer).buildClient();
        }
        return network;
    }

    /** Resources (resource groups), built on first use. */
    public synchronized ResourceManagementClient resources() {
        if (resources == null) {
            resources = new ResourceManagementClientBuilder().pipeline(pipeline).endpoint(endpoint)
                    .subscriptionId(profile.getSubscriptionId()).environment(profile.getEnvironment())
                    .defaultPollInterval(pollInterval).serializerAdapter(serializer).buildClient();
        }
        return resources;
    }

    /** How long to wait between polls of something Azure does in the background (the emulator: 1 s). */
    public Duration pollInterval() {
        return pollInterval;
    }

    public HttpPipeline pipeline() {
        return pipeline;
    }

    public AzureProfile profile() {
        return profile;
    }

    /** Connection settings; only the subscription and the credential are required. */
    public static final class Builder {
        private URI endpoint = AZURE_PUBLIC_CLOUD;
        private AzureEnvironment environment;
        private final List<HttpPipelinePolicy> policies = new ArrayList<>();
        private String subscriptionId;
        private TokenCredential credential;
        private SSLContext sslContext;
        private String trustName;
        private Duration pollInterval = Duration.ofSeconds(5);

        private Builder() {}

        /** The Resource Manager endpoint (default: the public cloud). Must be https: the SDK sends bearer
         *  tokens over HTTPS only. */
        public Builder endpoint(URI endpoint) {
            if (!"https".equalsIgnoreCase(endpoint.getScheme())) {
                throw new IllegalArgumentException("the ARM endpoint must be https (bearer tokens are never sent "
                        + "over http): " + endpoint);
            }
            this.endpoint = endpoint;
            this.environment = null;
            return this;
        }

        /**
         * A whole Azure cloud (public, China, US Government): its Resource Manager endpoint and the token scope
         * that goes with it. A sovereign cloud needs both; replacing only the endpoint would ask for the public
         * cloud's audience.
         */
        public Builder cloud(AzureEnvironment cloud) {
            this.environment = cloud;
            this.endpoint = URI.create(cloud.getResourceManagerEndpoint());
            return this;
        }

        /** A policy run on every attempt of every request (after the retry policy), e.g. write pacing. */
        public Builder policy(HttpPipelinePolicy policy) {
            policies.add(policy);
            return this;
        }

        public Builder subscriptionId(String subscriptionId) {
            this.subscriptionId = subscriptionId;
            return this;
        }

        public Builder credential(TokenCredential credential) {
            this.credential = credential;
            return this;
        }

        /** A pre-obtained bearer token (or any token, for the emulator). */
        public Builder bearerToken(String token) {
            this.credential = StaticTokenCredential.of(token);
            return this;
        }

        /** Trust what this context trusts, for this connection only. */
        public Builder trust(SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        /** How a TLS failure names what this connection trusts, e.g. "caFile /etc/ca.pem" (default: the JDK's). */
        public Builder trustName(String trustName) {
            this.trustName = trustName;
            return this;
        }

        /** Trust this certificate (e.g. the emulator's self-signed one), for this connection only. */
        public Builder trust(X509Certificate certificate) {
            return trust(List.of(certificate));
        }

        /** Trust these certificates (e.g. every CA in a caFile), for this connection only. */
        public Builder trust(Collection<X509Certificate> certificates) {
            this.sslContext = trusting(certificates);
            return this;
        }

        /**
         * The poll interval when the service sends no usable Retry-After. Azure Compute sends {@code Retry-After: 0}
         * on its long-running operations (recorded: VirtualMachineOperationsTests.canRunScriptOnVM.json); the
         * generated clients then wait this long between polls, not the fluent managers' 30 s and never a tight
         * loop (measured against the emulator). Default 5 s: within Compute's async-operation read budget (15 per
         * minute per VM).
         */
        public Builder pollInterval(Duration pollInterval) {
            if (pollInterval.compareTo(MIN_POLL_INTERVAL) < 0) {
                throw new IllegalArgumentException("a poll interval under " + MIN_POLL_INTERVAL.toMillis()
                        + " ms polls Azure in a tight loop: " + pollInterval);
            }
            this.pollInterval = pollInterval;
            return this;
        }

        public AzureClients build() {
            Objects.requireNonNull(subscriptionId, "subscriptionId");
            Objects.requireNonNull(credential, "credential");
            AzureProfile profile = new AzureProfile(null, subscriptionId,
                    environment != null ? environment : environmentFor(endpoint));
            HttpLogOptions noLogging = new HttpLogOptions().setLogLevel(HttpLogDetailLevel.NONE);
            // The SDK's own retry schedule (3 retries, exponential from 0.8 s to 8 s, Retry-After honoured), except
            // that an untrusted certificate is never retried.
            ExponentialBackoffOptions backoff = new ExponentialBackoffOptions().setBaseDelay(Duration.ofMillis(800))
                    .setMaxDelay(Duration.ofSeconds(8));
            RetryPolicy retry = new RetryPolicy(new TrustFailuresNotRetried(new ExponentialBackoff(backoff)));
            List<HttpPipelinePolicy> all = new ArrayList<>(policies);
            all.add(UntrustedEndpoint.policy(endpoint, trustName != null ? trustName
                    : sslContext != null ? "the certificates trusted for this connection" : "the JDK trust store"));
            HttpPipeline pipeline = HttpPipelineProvider.buildHttpPipeline(credential, profile, null, noLogging,
                    null, retry, all, httpClient());
            return new AzureClients(pipeline, profile, pollInterval);
        }

        /**
         * The SDK's retry (408, 429, 5xx, Retry-After honoured, and any exception), except a certificate this
         * connection does not trust: that is not transient, so it fails at the first handshake.
         */
        private record TrustFailuresNotRetried(RetryStrategy backoff) implements RetryStrategy {
            @Override
            public int getMaxRetries() {
                return backoff.getMaxRetries();
            }

            @Override
            public Duration calculateRetryDelay(int retryAttempts) {
                return backoff.calculateRetryDelay(retryAttempts);
            }

            @Override
            public Duration calculateRetryDelay(RequestRetryCondition condition) {
                return backoff.calculateRetryDelay(condition);
            }

            @Override
            public boolean shouldRetry(HttpResponse response) {
                return backoff.shouldRetry(response);
            }

            @Override
            public boolean shouldRetryException(Throwable throwable) {
                return !UntrustedEndpoint.isTrustFailure(throwable) && backoff.shouldRetryException(throwable);
            }

            @Override
            public boolean shouldRetryCondition(RequestRetryCondition condition) {
                if (condition.getThrowable() != null && UntrustedEndpoint.isTrustFailure(condition.getThrowable())) {
                    return false;
                }
                return backoff.shouldRetryCondition(condition);
            }
        }

        private HttpClient httpClient() {
            java.net.http.HttpClient.Builder jdk = java.net.http.HttpClient.newBuilder();
            if (sslContext != null) {
                jdk.sslContext(sslContext);
            }
            JdkHttpClientBuilder builder = new JdkHttpClientBuilder(jdk).connectionTimeout(CONNECT_TIMEOUT);
            if (isLoopback(endpoint)) {
                // A local emulator must never be reached through an HTTPS_PROXY from the environment.
                builder.configuration(Configuration.NONE);
            }
            return builder.build();
        }

        /** The public cloud's endpoints with only the Resource Manager one replaced, so token scopes stay ARM's. */
        private static AzureEnvironment environmentFor(URI endpoint) {
            Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
            String url = endpoint.toString();
            endpoints.put("resourceManagerEndpointUrl", url.endsWith("/") ? url : url + "/");
            return new AzureEnvironment(endpoints);
        }

        /** Literal loopback addresses and "localhost" only: no DNS lookup for real endpoints. */
        static boolean isLoopback(URI endpoint) {
            String host = endpoint.getHost();
            if (host == null) {
                return false;
            }
            if ("localhost".equalsIgnoreCase(host)) {
                return true;
            }
            boolean literal = host.matches("[0-9.]+") || host.startsWith("[");
            try {
                return literal && InetAddress.getByName(host).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }

        private static SSLContext trusting(Collection<X509Certificate> certificates) {
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                int n = 0;
                for (X509Certificate certificate : certificates) {
                    store.setCertificateEntry("arm-endpoint-" + n++, certificate);
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(store);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, tmf.getTrustManagers(), null);
                return context;
            } catch (GeneralSecurityException | java.io.IOException e) {
                throw new IllegalStateException("cannot build a trust context for the ARM endpoint", e);
            }
        }
    }
}
