package dev.provision.cli;

import dev.provision.armlab.ArmEmulator;
import dev.provision.armlab.SeedVm;
import dev.provision.boot.Providers;
import dev.provision.rehearsal.DocumentedNesting;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cloud: emulator} through the composition root: the rehearsal wing starts the embedded emulator and the real
 * Azure provider talks to it; the "local rehearsal" warning is a fact of the spec, so the same emulator reached as a
 * {@code cloud: custom} endpoint is planned as any Resource Manager, without it.
 */
class CliRehearsalTest {
    private static final String WARNING = "local rehearsal: cloud: emulator";

    @TempDir
    Path dir;
    private ArmEmulator arm;

    @AfterEach
    void stop() {
        if (arm != null) {
            arm.close();
        }
    }

    /** No terminal, the SKU cache in the test's folder, and the standard providers of the composition root. */
    private Context context(Map<String, String> secrets) {
        Map<String, String> env = new HashMap<>(secrets);
        env.put("CI", "true");
        env.put("PROVISION_CACHE_DIR", dir.resolve("cache").toString());
        return new Context(Map.copyOf(env), null, folder -> Providers.standard(folder, env));
    }

    @Test
    void anEmulatorCloudIsPlannedAsALocalRehearsal() throws IOException {
        Path spec = dir.resolve("rehearsal.yaml");
        Files.writeString(spec, """
                targets:
                  - name: rehearsal
                    kind: azure
                    azure:
                      cloud: emulator
                      subscription: 00000000-0000-0000-0000-000000000000
                      location: eastus2
                      resourceGroup: rg-lab
                      emulator:
                        vms:
                          - name: az-vdi-02
                            size: Standard_D4s_v5
                    vms:
                      - name: az-vdi-02
                """);
        CliRun plan = CliRun.run(context(Map.of()), "plan", spec.toString());
        assertEquals(0, plan.exit, plan.toString());
        assertTrue(plan.out.contains(WARNING) || plan.err.contains(WARNING), plan.toString());
        assertTrue(plan.out.contains("1 VM already as wanted"), plan.toString());
    }

    @Test
    void theSameEmulatorAtACustomEndpointIsNotCalledARehearsal() throws IOException {
        arm = ArmEmulator.builder().nestingFamilies(DocumentedNesting.families())
                .tlsCacheDir(Path.of("target", "armlab-tls")).resourceGroup("rg", "eastus2")
                .seedVm(SeedVm.of("rg", "vdi-01").location("eastus2").size("Standard_D4s_v5")).start();
        Path spec = dir.resolve("azure.yaml");
        Files.writeString(spec, "targets:\n" + EmulatorTarget.yaml(arm, "rg", dir, List.of("vdi-01")));
        CliRun plan = CliRun.run(context(Map.of("AZURE_ACCESS_TOKEN", "any", "VM_ADMIN_PASSWORD", "Unused-1!")),
                "plan", spec.toString());
        assertEquals(0, plan.exit, plan.toString());
        assertTrue(plan.out.contains("1 VM already as wanted"), plan.toString());
        assertFalse(plan.out.contains(WARNING) || plan.err.contains(WARNING), plan.toString());
    }
}
