package dev.provision.cli;

import dev.provision.armlab.ArmEmulator;
import dev.provision.rehearsal.DocumentedNesting;
import dev.provision.armlab.TlsIdentity;
import dev.provision.boot.Providers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An Azure endpoint whose certificate does not chain to the spec's caFile: one TLS attempt (a trust failure is not
 * transient, so the SDK's retries must not repeat it), one line naming the endpoint, the caFile and how to get the
 * right CA, exit 1, and the Java details only with -vv.
 */
class CliAzureTlsTest {
    private static final String RG = "tls-rg";

    @TempDir
    Path dir;

    private ArmEmulator arm;

    @AfterEach
    void stop() {
        if (arm != null) {
            arm.close();
        }
    }

    @Test
    void aCertificateThatDoesNotChainIsTriedOnceAndNamedWithTheEndpointAndTheCaFile() throws Exception {
        arm = ArmEmulator.builder().nestingFamilies(DocumentedNesting.families()).tlsCacheDir(Path.of("target", "armlab-tls")).resourceGroup(RG, "eastus2").start();
        Path spec = dir.resolve("azure.yaml");
        Files.writeString(spec, "extends: docker-desktop\ntargets:\n" + EmulatorTarget.yaml(arm, RG, dir,
                List.of("vdi-1")));
        // Another self-signed certificate for 127.0.0.1, made by the JDK: valid, but not the emulator's.
        TlsIdentity stranger = TlsIdentity.loadOrCreate(dir.resolve("stranger"), InetAddress.getByName("127.0.0.1"));
        Path caFile = dir.resolve("arm-ca.pem");
        Files.writeString(caFile, stranger.certificatePem());
        Map<String, String> env = Map.of("AZURE_ACCESS_TOKEN", "tls-token", "VM_ADMIN_PASSWORD", "Tls-Pass-1!",
                "CI", "true", "PROVISION_CACHE_DIR", dir.resolve("cache").toString());
        Context context = new Context(env, null, specDir -> Providers.standard(specDir, env));

        CliRun plan = CliRun.run(context, "plan", spec.toString());

        assertEquals(1, plan.exit, plan.toString());
        assertEquals(1, arm.tlsConnections(), "a trust failure is not retried: " + plan);
        List<String> errors = plan.err.lines().filter(line -> line.startsWith("error:")).toList();
        assertEquals(1, errors.size(), "one line: " + plan);
        String message = errors.get(0);
        assertTrue(message.contains(arm.endpoint().toString()), message);
        assertTrue(message.contains(caFile.toString()), message);
        assertTrue(message.contains("openssl s_client -showcerts -connect 127.0.0.1:" + arm.endpoint().getPort()),
                message);
        assertFalse(message.contains("Exception"), "no Java text without -vv: " + message);

        CliRun verbose = CliRun.run(context, "plan", "-vv", spec.toString());
        assertTrue(verbose.err.contains("SSLHandshakeException") || verbose.err.contains("CertPath")
                || verbose.err.contains("PKIX"), "details with -vv: " + verbose);
    }
}
