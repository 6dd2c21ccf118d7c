package dev.provision.azure;

import com.azure.resourcemanager.compute.models.InstanceViewStatus;
import dev.provision.armlab.ArmEmulator;
import dev.provision.armlab.GuestScriptResult;
import dev.provision.armlab.RequestMatcher;
import dev.provision.armlab.SeedVm;
import dev.provision.provider.ProviderException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Run Command plumbing guest verification will use: both flavours, both output shapes, no password leaks. */
class RunCommandsTest {
    private static final String RG = "rc-rg";
    private static final String PASSWORD = "Guest-Secret-Never-Printed-9!";
    private static ArmEmulator arm;
    private static RunCommands runCommands;

    @BeforeAll
    static void start() {
        arm = EmulatorConnection.emulator().seedVm(SeedVm.of(RG, "win"))
                .guestAgent(script -> script.managed()
                        ? new GuestScriptResult("5.15.167.4-microsoft-standard-WSL2 as " + script.runAsUser(), "", 0)
                        : new GuestScriptResult("{\"v\":1,\"lines\":" + script.script().size() + "}", "warn", 0))
                .start();
        runCommands = new RunCommands(EmulatorConnection.clientsFor(arm), RG, "eastus2");
    }

    @AfterAll
    static void stop() {
        arm.close();
    }

    @Test
    void asSystemReturnsStdoutAndStderrWithoutAnExitCode() throws Exception {
        RunCommands.Result r = runCommands.asSystem("win", List.of("$x = 1", "Write-Output $x"));
        assertEquals("{\"v\":1,\"lines\":2}", r.stdout());
        assertEquals("warn", r.stderr());
        assertNull(r.exitCode(), "the action flavour reports none");
    }

    @Test
    void asUserRunsAsThatUserReportsTheExitCodeAndCleansUp() throws Exception {
        arm.requestLog().clear();
        RunCommands.Result r = runCommands.asUser("win", VmNames.userProbeCommand(), "wsl -d Ubuntu -e uname -r",
                "vdiuser", PASSWORD, 300);
        assertEquals("5.15.167.4-microsoft-standard-WSL2 as vdiuser", r.stdout());
        assertEquals(0, r.exitCode());
        assertEquals("Succeeded", r.executionState());
        assertEquals(1, arm.requestLog().count("VirtualMachineRunCommands_Delete"), "not left behind");
        arm.requestLog().entries().forEach(e -> assertFalse(e.toString().contains(PASSWORD)));
    }

    @Test
    void aFailedManagedRunCommandNamesTheUserButNeverThePassword() {
        arm.faults().reject(RequestMatcher.operation("VirtualMachineRunCommands_CreateOrUpdate"), 1, 409,
                "OperationNotAllowed", "VM agent is not ready");
        ProviderException e = assertThrows(ProviderException.class, () -> runCommands.asUser("win", "probe",
                "exit 0", "vdiuser", PASSWORD, 60));
        assertTrue(e.getMessage().contains("OperationNotAllowed"), e.getMessage());
        assertTrue(e.getMessage().contains("vdiuser"));
        assertFalse(e.getMessage().contains(PASSWORD));
    }

    @Test
    void theRecordedLinuxShapeWithBothStreamsInOneMessageIsReadToo() {
        RunCommands.Result r = RunCommands.parse(List.of(new InstanceViewStatus().withCode(
                "ProvisioningState/succeeded").withMessage("Enable succeeded: \n[stdout]\nhello\n\n[stderr]\noops\n")));
        assertEquals("hello\n", r.stdout());
        assertEquals("oops", r.stderr());
    }
}
