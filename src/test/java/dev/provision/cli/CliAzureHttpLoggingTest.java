package dev.provision.cli;

import dev.provision.armlab.ArmEmulator;
import dev.provision.rehearsal.DocumentedNesting;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README promises Azure HTTP logging is off whatever {@code AZURE_HTTP_LOG_DETAIL_LEVEL} says: a VM create's
 * body carries the admin password. azure-core reads that variable, and {@code AZURE_LOG_LEVEL} for its own logger
 * (which prints to the console when no SLF4J binding logs, as with the slf4j-nop that provision ships), from the
 * process environment once per JVM; so the apply runs in a child JVM whose environment asks for bodies and headers
 * at the most verbose level, and everything it prints is searched for the password and the token.
 */
class CliAzureHttpLoggingTest {
    private static final String RG = "log-rg";
    private static final String TOKEN = "log-token-never-printed-31";
    private static final String PASSWORD = "Log-Admin-Never-Printed-7!";

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
    void aCreateLogsNoBodyEvenWhenTheEnvironmentAsksForBodiesAndHeaders() throws Exception {
        arm = ArmEmulator.builder().nestingFamilies(DocumentedNesting.families())
                .tlsCacheDir(Path.of("target", "armlab-tls")).pollsBeforeDone(0).resourceGroup(RG, "eastus2").start();
        Path spec = Files.writeString(dir.resolve("azure.yaml"), """
                extends: docker-desktop
                desired:
                  powerCycle: graceful
                  guest:
                    checks: []
                targets:
                """ + EmulatorTarget.yaml(arm, RG, dir, List.of("vdi-logged")));

        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "apply", "--auto-approve", "--no-verify", "-vv", spec.toString())
                .directory(dir.toFile()).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile());
        pb.environment().putAll(Map.of("AZURE_ACCESS_TOKEN", TOKEN, "VM_ADMIN_PASSWORD", PASSWORD, "CI", "true",
                "PROVISION_CACHE_DIR", dir.resolve("cache").toString(),
                "AZURE_HTTP_LOG_DETAIL_LEVEL", "body_and_headers", "AZURE_LOG_LEVEL", "verbose"));
        Process child = pb.start();
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the apply did not end");
        String printed = "--- stdout\n" + Files.readString(dir.resolve("out.txt")) + "--- stderr\n"
                + Files.readString(dir.resolve("err.txt"));

        assertEquals(0, child.exitValue(), printed);
        assertTrue(arm.vm(RG, "vdi-logged").isPresent(), "the create went through, with its password in the body");
        assertFalse(printed.contains(PASSWORD), "the admin password was logged:\n" + printed);
        assertFalse(printed.contains(TOKEN), "the token was logged:\n" + printed);
        assertFalse(printed.contains("\"adminPassword\""), "a request body was logged:\n" + printed);
    }
}
