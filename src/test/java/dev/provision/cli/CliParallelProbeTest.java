package dev.provision.cli;

import dev.provision.armlab.ArmEmulator;
import dev.provision.rehearsal.DocumentedNesting;
import dev.provision.armlab.RunCommandLoad;
import dev.provision.armlab.SeedVm;
import dev.provision.armlab.WindowsGuest;
import dev.provision.boot.Providers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Guest probes of a fleet run side by side, within Azure's rule of one Run Command at a time per VM: the ARM
 * emulator counts the Run Commands in flight (each takes 300 ms in the guest), over the subscription and per VM.
 * No wall-clock assertion: the overlap is what the emulator saw.
 */
class CliParallelProbeTest {
    private static final String RG = "probe-rg";
    private static final String USER = "vdiuser";
    private static final String GUEST_PASSWORD = "Vdi-User-Parallel-3!";
    private static final int VMS = 4;

    @TempDir
    Path dir;

    private ArmEmulator arm;
    private Path spec;
    private Context context;

    @AfterEach
    void stop() {
        if (arm != null) {
            arm.close();
        }
    }

    private void start() throws Exception {
        ArmEmulator.Builder builder = ArmEmulator.builder().nestingFamilies(DocumentedNesting.families()).tlsCacheDir(Path.of("target", "armlab-tls"))
                .pollsBeforeDone(0).runCommandLatency(Duration.ofMillis(300)).resourceGroup(RG, "eastus2");
        List<String> names = IntStream.range(0, VMS).mapToObj(i -> "vdi-" + i).toList();
        // Hyper-V and WSL on, Virtual Machine Platform off: every guest has a feature for the plan to enable.
        names.forEach(name -> builder.seedVm(SeedVm.of(RG, name).guest(new WindowsGuest()
                .edition(WindowsGuest.Edition.WINDOWS_11_ENTERPRISE).account(USER, GUEST_PASSWORD)
                .feature(WindowsGuest.HYPERV, WindowsGuest.ENABLED).feature(WindowsGuest.WSL, WindowsGuest.ENABLED))));
        arm = builder.start();
        spec = dir.resolve("fleet.yaml");
        Files.writeString(spec, """
                extends: docker-desktop
                desired:
                  powerCycle: graceful
                  guest:
                    user: %s
                    password: ${env:GUEST_PASSWORD}
                    enableFeatures: true
                targets:
                """.formatted(USER) + EmulatorTarget.yaml(arm, RG, dir, names));
        Map<String, String> env = Map.of("AZURE_ACCESS_TOKEN", "parallel-token", "VM_ADMIN_PASSWORD",
                "Parallel-Admin-1!", "GUEST_PASSWORD", GUEST_PASSWORD, "CI", "true",
                "PROVISION_CACHE_DIR", dir.resolve("cache").toString());
        context = new Context(env, null, specDir -> Providers.standard(specDir, env));
    }

    @Test
    void planProbesTheGuestsForRemediationSideBySideButOneScriptAtATimePerVm() throws Exception {
        start();
        CliRun plan = CliRun.run(context, "plan", "--parallelism", "4", spec.toString());

        assertEquals(0, plan.exit, plan.toString());
        assertTrue(plan.out.contains("VirtualMachinePlatform"), plan.toString());
        RunCommandLoad load = arm.runCommandLoad();
        assertEquals(2 * VMS, load.started(), "system and user part of each of the " + VMS + " guests");
        assertTrue(load.peakInFlight() > 1, "the probes ran one after another: peak " + load.peakInFlight());
        assertEquals(1, load.peakOnOneVm(), "two Run Commands at once on one VM");
    }

    @Test
    void parallelismOneProbesOneGuestAtATime() throws Exception {
        start();
        CliRun plan = CliRun.run(context, "plan", "--parallelism", "1", spec.toString());

        assertEquals(0, plan.exit, plan.toString());
        assertEquals(2 * VMS, arm.runCommandLoad().started());
        assertEquals(1, arm.runCommandLoad().peakInFlight());
    }

    @Test
    void verifyProbesTheGuestsSideBySideButOneScriptAtATimePerVm() throws Exception {
        start();
        CliRun verify = CliRun.run(context, "verify", "--parallelism", "4", spec.toString());

        assertEquals(ExitCode.VERIFICATION_FAILED, verify.exit, verify.toString());
        RunCommandLoad load = arm.runCommandLoad();
        assertEquals(2 * VMS, load.started());
        assertTrue(load.peakInFlight() > 1, "the probes ran one after another: peak " + load.peakInFlight());
        assertEquals(1, load.peakOnOneVm(), "two Run Commands at once on one VM");
    }

    @Test
    void parallelismMustBePositive() throws Exception {
        start();
        CliRun plan = CliRun.run(context, "plan", "--parallelism", "0", spec.toString());

        assertEquals(ExitCode.INVALID_INPUT, plan.exit, plan.toString());
        assertEquals(0, arm.runCommandLoad().started());
    }
}
