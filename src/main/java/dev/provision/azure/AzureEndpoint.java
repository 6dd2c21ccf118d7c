package dev.provision.azure;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;

/**
 * A Resource Manager that is not one of the named clouds and is not described by the spec's connection: the endpoint,
 * the one certificate to trust for it (this connection only, never JVM-wide), the bearer token it takes, how often
 * to poll it, and what to do after each change and at close. The rehearsal wing opens the provider at its embedded
 * emulator this way, so that this package knows nothing of the emulator.
 *
 * @param cloudKey    what the SKU cache is keyed by besides subscription and region
 * @param afterChange runs after every change (and failed change) the provider makes, e.g. to save a rehearsal
 * @param onClose     runs when the provider closes, e.g. to stop a local server
 */
public record AzureEndpoint(URI resourceManager, X509Certificate trust, String bearerToken, Duration pollInterval,
                            String cloudKey, Runnable afterChange, Runnable onClose) {
}
