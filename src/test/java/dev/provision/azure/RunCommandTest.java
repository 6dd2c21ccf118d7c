package dev.provision.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.Context;
import com.azure.resourcemanager.compute.fluent.models.RunCommandResultInner;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineRunCommandInner;
import com.azure.resourcemanager.compute.models.InstanceViewStatus;
import com.azure.resourcemanager.compute.models.RunCommandInput;
import com.azure.resourcemanager.compute.models.RunCommandInputParameter;
import com.azure.resourcemanager.compute.models.VirtualMachineRunCommandScriptSource;
import dev.provision.armlab.ArmEmulator;
import dev.provision.armlab.GuestScript;
import dev.provision.armlab.GuestScriptResult;
import dev.provision.armlab.ArmPowerState;
import dev.provision.armlab.SecurityType;
import dev.provision.armlab.SeedVm;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Run Command (action and managed) through the real SDK: 202, polling, output at Location, guest plumbing. */
class RunCommandTest {
    private static final String RG = "runcmd-rg";
    private static final List<GuestScript> seenByGuest = new CopyOnWriteArrayList<>();
    private static ArmEmulator arm;
    private static AzureClients azure;

    @BeforeAll
    static void start() {
        arm = EmulatorConnection.emulator()
                .seedVm(SeedVm.of(RG, "win").securityType(SecurityType.TRUSTED_LAUNCH))
                .seedVm(SeedVm.of(RG, "parked").powerState(ArmPowerState.DEALLOCATED))
                .guestAgent(script -> {
                    seenByGuest.add(script);
                    if (script.script().contains("big")) {
                        return GuestScriptResult.ok("x".repeat(10_000) + "END");
                    }
                    if (script.script().contains("fail")) {
                        return new GuestScriptResult("", "boom", 3);
                    }
                    return new GuestScriptResult("hello from " + script.vm().name() + " as "
                            + (script.runAsUser() == null ? "SYSTEM" : script.runAsUser()), "a warning", 0);
                })
                .start();
        azure = EmulatorConnection.clientsFor(arm);
    }

    @AfterAll
    static void stop() {
        arm.close();
    }

    @Test
    void actionRunCommandRoundTrip() {
        arm.requestLog().clear();
        RunCommandResultInner result = azure.compute().getVirtualMachines().runCommand(RG, "win",
                new RunCommandInput().withCommandId("RunPowerShellScript").withScript(List.of("Get-Date", "whoami")));

        assertEquals("hello from win as SYSTEM", message(result.value(), "ComponentStatus/StdOut/succeeded"));
        assertEquals("a warning", message(result.value(), "ComponentStatus/StdErr/succeeded"));
        GuestScript seen = seenByGuest.get(seenByGuest.size() - 1);
        assertEquals(List.of("Get-Date", "whoami"), seen.script());
        assertEquals("RunPowerShellScript", seen.commandId());
        assertEquals(SecurityType.TRUSTED_LAUNCH, seen.vm().securityType());
        assertEquals(1, arm.requestLog().byOperation("VirtualMachines_RunCommand").stream()
                .filter(e -> e.status() == 202).count());
    }

    @Test
    void outputKeepsOnlyTheLast4096Bytes() {
        RunCommandResultInner result = azure.compute().getVirtualMachines().runCommand(RG, "win",
                new RunCommandInput().withCommandId("RunPowerShellScript").withScript(List.of("big")));
        String stdout = message(result.value(), "ComponentStatus/StdOut/succeeded");
        assertEquals(4096, stdout.length());
        assertTrue(stdout.endsWith("END"));
    }

    @Test
    void runCommandOnADeallocatedVmIsRefused() {
        ManagementException refused = assertThrows(ManagementException.class, () ->
                azure.compute().getVirtualMachines().runCommand(RG, "parked",
                        new RunCommandInput().withCommandId("RunPowerShellScript").withScript(List.of("hostname"))));
        assertEquals(409, refused.getResponse().getStatusCode());
        assertEquals("OperationNotAllowed", refused.getValue().getCode());
    }

    @Test
    void managedRunCommandRunsAsTheUserAndNeverEchoesThePassword() {
        VirtualMachineRunCommandInner created = azure.compute().getVirtualMachineRunCommands().createOrUpdate(RG,
                "win", "check-wsl", new VirtualMachineRunCommandInner().withLocation(Vms.LOCATION)
                        .withSource(new VirtualMachineRunCommandScriptSource().withScript("wsl --status\nexit 0"))
                        .withParameters(List.of(new RunCommandInputParameter().withName("Mode").withValue("check")))
                        .withRunAsUser("labuser").withRunAsPassword("Secret-Pass-1!"));
        assertEquals("Succeeded", created.provisioningState());
        assertNull(created.runAsPassword(), "Azure never returns runAsPassword");

        VirtualMachineRunCommandInner read = azure.compute().getVirtualMachineRunCommands()
                .getByVirtualMachineWithResponse(RG, "win", "check-wsl", "instanceView", Context.NONE).getValue();
        assertEquals("labuser", read.runAsUser());
        assertEquals("Succeeded", read.instanceView().executionState().toString());
        assertEquals(0, read.instanceView().exitCode());
        assertEquals("hello from win as labuser", read.instanceView().output());
        GuestScript seen = seenByGuest.get(seenByGuest.size() - 1);
        assertTrue(seen.managed());
        assertEquals(List.of("wsl --status", "exit 0"), seen.script());
        assertEquals("check", seen.parameters().get("Mode"));
    }

    @Test
    void managedRunCommandReportsANonZeroExitCode() {
        azure.compute().getVirtualMachineRunCommands().createOrUpdate(RG, "win", "failing",
                new VirtualMachineRunCommandInner().withLocation(Vms.LOCATION)
                        .withSource(new VirtualMachineRunCommandScriptSource().withScript("fail")));
        VirtualMachineRunCommandInner read = azure.compute().getVirtualMachineRunCommands()
                .getByVirtualMachineWithResponse(RG, "win", "failing", "instanceView", Context.NONE).getValue();
        assertEquals("Failed", read.instanceView().executionState().toString());
        assertEquals(3, read.instanceView().exitCode());
        assertEquals("boom", read.instanceView().error());
        assertFalse(read.instanceView().output() != null && !read.instanceView().output().isEmpty());
    }

    static String message(List<InstanceViewStatus> statuses, String code) {
        return statuses.stream().filter(s -> code.equals(s.code())).map(InstanceViewStatus::message)
                .findFirst().orElseThrow(() -> new AssertionError("no status " + code + " in " + statuses));
    }
}
