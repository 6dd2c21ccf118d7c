package dev.provision.azure;

import dev.provision.armlab.ArmEmulator;
import dev.provision.rehearsal.DocumentedNesting;
import java.nio.file.Path;
import java.time.Duration;

/** Test wiring: an emulator with its certificate cached under target/, and the SDK clients that trust it. */
final class EmulatorConnection {
    static final Path TLS_CACHE = Path.of("target", "armlab-tls");

    private EmulatorConnection() {}

    /** Operations complete on their first poll (1 s after they start) to keep the suite fast; the
     *  InProgress-then-Succeeded sequence is checked on the wire in RecordedShapesTest. */
    static ArmEmulator.Builder emulator() {
        return ArmEmulator.builder().nestingFamilies(DocumentedNesting.families())
                .tlsCacheDir(TLS_CACHE).pollsBeforeDone(0);
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
