package dev.provision.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.compute.models.PowerState;
import com.azure.resourcemanager.compute.models.RunCommandResult;
import com.azure.resourcemanager.compute.models.VirtualMachine;
import com.azure.resourcemanager.compute.models.VirtualMachineSizeTypes;
import dev.provision.armlab.ArmEmulator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fluent ComputeManager on the same pipeline: its Windows VM create (resource group, public IP, VNet,
 * NIC, VM, in parallel where it can) and its power/resize/Run Command calls hold up against the emulator.
 */
class FluentComputeTest {
    private static ArmEmulator arm;
    private static ComputeManager compute;

    @BeforeAll
    static void start() {
        // The fluent managers bring their own 30 s poll interval for Compute's Retry-After: 0; provision's clients
        // do not use them, so this plumbing test asks the emulator for Retry-After: 1 instead.
        arm = EmulatorConnection.emulator().retryAfterSeconds(1).start();
        AzureClients azure = EmulatorConnection.clientsFor(arm);
        compute = ComputeManager.authenticate(azure.pipeline(), azure.profile());
    }

    @AfterAll
    static void stop() {
        arm.close();
    }

    @Test
    void fluentWindowsVmCreateDeallocateResizeStartAndRunCommand() {
        VirtualMachine vm = compute.virtualMachines().define("fluent-vm")
                .withRegion(Vms.LOCATION)
                .withNewResourceGroup("fluent-rg")
                .withNewPrimaryNetwork("10.0.0.0/28")
                .withPrimaryPrivateIPAddressDynamic()
                .withNewPrimaryPublicIPAddress("fluent-vm-ip")
                .withLatestWindowsImage("MicrosoftWindowsServer", "WindowsServer", "2022-datacenter-g2")
                .withAdminUsername("labadmin")
                .withAdminPassword("Not-a-real-password-1!")
                .withSize(VirtualMachineSizeTypes.fromString("Standard_D2s_v5"))
                .create();
        assertEquals("Succeeded", vm.provisioningState());
        assertEquals(PowerState.RUNNING, vm.powerState());
        System.out.println("[armlab] fluent Windows VM create: " + arm.requestLog().size() + " requests");

        vm.deallocate();
        assertEquals(PowerState.DEALLOCATED, vm.powerState());
        vm.update().withSize(VirtualMachineSizeTypes.fromString("Standard_E4s_v5")).apply();
        vm.start();
        vm.refreshInstanceView(); // vm.start() leaves powerState() stale, as the SDK facts say
        assertEquals(PowerState.RUNNING, vm.powerState());
        assertEquals("Standard_E4s_v5", vm.size().toString());

        RunCommandResult result = vm.runPowerShellScript(List.of("hostname"), List.of());
        String stdout = result.value().stream().filter(s -> s.code().equals("ComponentStatus/StdOut/succeeded"))
                .findFirst().orElseThrow().message();
        assertTrue(stdout.contains("VmSize=Standard_E4s_v5"), stdout);
    }
}
