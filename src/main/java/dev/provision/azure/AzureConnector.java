package dev.provision.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.management.AzureEnvironment;
import com.azure.identity.DefaultAzureCredentialBuilder;
import dev.provision.spec.AzureSettings;
import dev.provision.spec.InvalidInputException;
import dev.provision.spec.SourceLocation;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a spec's {@code azure:} block into SDK clients: the cloud (public, China, US Government, or a custom
 * Resource Manager endpoint such as Azure Stack Hub or an emulator), the credential (a pre-obtained token by
 * reference, resolved only now, or the DefaultAzureCredential chain: environment, workload identity, managed
 * identity, Azure CLI...), a CA file trusted for this connection only, and write pacing per subscription.
 */
final class AzureConnector {
    /** Between polls of a Resource Manager on this machine (an emulator). */
    static final Duration LOCAL_POLL_INTERVAL = Duration.ofSeconds(1);

    private AzureConnector() {}

    static AzureClients connect(AzureSettings azure, Map<String, String> env) throws InvalidInputException {
        return connect(azure, env, AzureClients.builder());
    }

    /** @param builder with settings of the caller's own (a benchmark's poll interval) */
    static AzureClients connect(AzureSettings azure, Map<String, String> env, AzureClients.Builder builder)
            throws InvalidInputException {
        builder.subscriptionId(azure.subscription())
                .policy(WritePacing.forSubscription(azure.subscription()));
        AzureEnvironment cloud = environment(azure);
        if (cloud != null) {
            builder.cloud(cloud);
        } else {
            URI endpoint = URI.create(azure.endpoint());
            builder.endpoint(endpoint);
            if (AzureClients.Builder.isLoopback(endpoint)) {
                // Compute answers Retry-After: 0, so polls go at this interval; 5 s spares real Azure's read budget,
                // a local emulator has none.
                builder.pollInterval(LOCAL_POLL_INTERVAL);
            }
        }
        if (azure.caFile() != null) {
            builder.trust(certificates(azure)).trustName("caFile " + azure.caFile());
        }
        builder.credential(credential(azure, env, cloud == null ? AzureEnvironment.AZURE : cloud));
        return builder.build();
    }

    /** The named cloud's environment, or null for a custom endpoint. */
    static AzureEnvironment environment(AzureSettings azure) {
        String cloud = azure.cloud() == null ? "AzureCloud" : azure.cloud();
        return switch (cloud) {
            case "AzureChinaCloud" -> AzureEnvironment.AZURE_CHINA;
            case "AzureUSGovernment" -> AzureEnvironment.AZURE_US_GOVERNMENT;
            case "custom" -> null;
            default -> AzureEnvironment.AZURE;
        };
    }

    /** What the SKU cache is keyed by besides subscription and region: the cloud, or a custom endpoint's host. */
    static String cloudKey(AzureSettings azure) {
        if (azure.endpoint() != null) {
            URI uri = URI.create(azure.endpoint());
            return uri.getHost() + (uri.getPort() > 0 ? "_" + uri.getPort() : "");
        }
        return azure.cloud() == null ? "AzureCloud" : azure.cloud();
    }

    private static TokenCredential credential(AzureSettings azure, Map<String, String> env, AzureEnvironment cloud)
            throws InvalidInputException {
        if (azure.token() != null) {
            String token = azure.token().resolve(env);
            if (token.isBlank()) {
                // Whitespace only: bad input at the reference, like an unset variable (exit 2), not an SDK error.
                throw new InvalidInputException(azure.token().location(), "secret " + azure.token().reference()
                        + " is empty: set it to a bearer token (e.g. az account get-access-token --query "
                        + "accessToken -o tsv), or remove token: to sign in with the DefaultAzureCredential chain");
            }
            return StaticTokenCredential.of(token);
        }
        // Tried in order: environment (AZURE_CLIENT_ID/SECRET/TENANT...), workload identity (federated tokens in
        // pipelines), managed identity, Azure CLI, Azure PowerShell, azd. Nothing is contacted until the first call.
        return new DefaultAzureCredentialBuilder().authorityHost(cloud.getActiveDirectoryEndpoint()).build();
    }

    private static List<X509Certificate> certificates(AzureSettings azure) throws InvalidInputException {
        try (InputStream in = Files.newInputStream(azure.caFile())) {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new InvalidInputException(SourceLocation.UNKNOWN, "caFile " + azure.caFile()
                        + " holds no certificate");
            }
            return out;
        } catch (IOException | GeneralSecurityException e) {
            throw new InvalidInputException(SourceLocation.UNKNOWN, "caFile " + azure.caFile()
                    + " cannot be read as PEM certificates (" + e.getClass().getSimpleName() + ")");
        }
    }
}
