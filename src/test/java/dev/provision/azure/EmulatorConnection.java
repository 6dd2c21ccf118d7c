package dev.provision.azure;

import dev.provision.armlab.ArmEmulator;
import java.nio.file.Path;
import java.time.Duration;

/** Test wiring: an emulator with its certificate cached under target/, and the SDK clients that trust it. */
final class EmulatorConnection {
    static final Path TLS_CACHE = Path.of("target", "armlab-tls");

    private EmulatorConnection() {}

    static ArmEmulator.Builder emulator() {
        return ArmEmulator.builder().tlsCacheDir(TLS_CACHE);
    }

    static AzureClients clientsFor(ArmEmulator arm) {
        return AzureClients.builder()
                .endpoint(arm.endpoint())
                .subscriptionId(arm.subscriptionId())
                .bearerToken("emulator-accepts-any-token")
                .trust(arm.certificate())
                .pollInterval(Duration.ofSeconds(1))
                .build();
    }
}
