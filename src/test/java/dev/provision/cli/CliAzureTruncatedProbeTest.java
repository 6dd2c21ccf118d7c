package dev.provision.cli;

import dev.provision.armlab.ArmEmulator;
import dev.provision.armlab.GuestAgent;
import dev.provision.armlab.GuestScriptResult;
import dev.provision.armlab.SeedVm;
import dev.provision.armlab.WindowsGuest;
import dev.provision.armlab.WindowsGuestAgent;
import dev.provision.boot.Providers;
import dev.provision.guest.ProbeDocument;
import dev.provision.rehearsal.DocumentedNesting;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Run Command output cut by Azure, through the real Azure guest probe, into {@code verify}. Action Run Command
 * keeps only the last 4,096 bytes of output (../shared/domain/nested-virtualization.md, from the Azure Compute docs'
 * windows/run-command page); the ARM emulator cuts the same way. The fault here makes the guest print more than
 * that after the system probe's document, so the cut takes the document's beginning: verify must report the VM as
 * not verified with the truncation named, exit 6, and never pass it.
 */
class CliAzureTruncatedProbeTest {
    private static final String RG = "cut-rg";
    private static final String VM = "vdi-cut";

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
    void aProbeDocumentThatLostItsBeginningIsAnErrorNeverAPass() throws Exception {
        AtomicBoolean cut = new AtomicBoolean(false);
        GuestAgent windows = new WindowsGuestAgent();
        // Fault injection: output past the system document, sized so that the last 4,096 bytes the emulator keeps
        // start about halfway into the document. The rest of the emulator (and the guest's state) is unchanged.
        GuestAgent agent = script -> {
            GuestScriptResult real = windows.run(script);
            if (!cut.get() || !real.stdout().contains("\"part\":\"system\"")) {
                return real;
            }
            int document = real.stdout().getBytes(StandardCharsets.UTF_8).length;
            String past = "x".repeat(ProbeDocument.RUN_COMMAND_OUTPUT_LIMIT - document / 2);
            return new GuestScriptResult(real.stdout() + past + "\n", real.stderr(), real.exitCode(),
                    real.notRunReason());
        };
        arm = ArmEmulator.builder().nestingFamilies(DocumentedNesting.families())
                .tlsCacheDir(Path.of("target", "armlab-tls")).pollsBeforeDone(0).resourceGroup(RG, "eastus2")
                .guestAgent(agent)
                .seedVm(SeedVm.of(RG, VM).guest(new WindowsGuest().edition(WindowsGuest.Edition.WINDOWS_11_ENTERPRISE)
                        .allFeaturesEnabled()))
                .start();
        Path spec = Files.writeString(dir.resolve("azure.yaml"), """
                extends: docker-desktop
                targets:
                """ + EmulatorTarget.yaml(arm, RG, dir, List.of(VM)));
        Map<String, String> env = Map.of("AZURE_ACCESS_TOKEN", "cut-token", "VM_ADMIN_PASSWORD", "Cut-Admin-1!",
                "CI", "true", "PROVISION_CACHE_DIR", dir.resolve("cache").toString());
        Context context = new Context(env, null, specDir -> Providers.standard(specDir, env));

        CliRun whole = CliRun.run(context, "verify", spec.toString());
        assertEquals(ExitCode.OK, whole.exit, "the same guest passes when its output arrives whole: " + whole);

        cut.set(true);
        CliRun truncated = CliRun.run(context, "verify", spec.toString());

        assertEquals(ExitCode.VERIFICATION_FAILED, truncated.exit, truncated.toString());
        String said = truncated.out + truncated.err;
        assertTrue(said.contains("cut") && said.contains("4096 bytes"), "the truncation is named: " + truncated);
        assertFalse(said.contains("Exception"), truncated.toString());
    }
}
