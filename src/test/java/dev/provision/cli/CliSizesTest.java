package dev.provision.cli;

import dev.provision.engine.ProviderRegistry;
import dev.provision.provider.ProviderException;
import dev.provision.spec.TargetKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code provision sizes} is a verb like the others: it reaches the cloud through the engine's providers. */
class CliSizesTest {
    @TempDir
    Path dir;

    @Test
    void sizesOpensItsTargetThroughTheProvidersTheCommandLineIsGiven() throws Exception {
        Path spec = dir.resolve("azure.yaml");
        Files.writeString(spec, """
                extends: docker-desktop
                targets:
                  - name: azure
                    kind: azure
                    azure:
                      subscription: 00000000-0000-0000-0000-000000000000
                      location: eastus2
                      resourceGroup: rg
                      endpoint: https://127.0.0.1:9
                      token: ${env:AZURE_ACCESS_TOKEN}
                    vms:
                      - name: vdi-01
                """);
        Context unreachable = CliRun.withProviders(d -> new ProviderRegistry().register(TargetKind.AZURE, t -> {
            throw new ProviderException("connection refused by arm.example:443");
        }));
        CliRun r = CliRun.run(unreachable, "sizes", "--spec", spec.toString());
        assertEquals(ExitCode.FAILURE, r.exit, r.toString());
        assertTrue(r.err.lines().anyMatch(l -> l.equals("error: connection refused by arm.example:443")), r.err);
        assertFalse(r.err.contains("\tat "), "no stack trace without -vv");
    }
}
