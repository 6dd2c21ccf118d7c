package dev.provision.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.Context;
import com.azure.resourcemanager.compute.fluent.VirtualMachinesClient;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineInner;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineSizeInner;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineUpdateInner;
import com.azure.resourcemanager.compute.models.ExpandTypeForListVMs;
import com.azure.resourcemanager.compute.models.HardwareProfile;
import com.azure.resourcemanager.compute.models.InstanceViewStatus;
import com.azure.resourcemanager.compute.models.SecurityProfile;
import com.azure.resourcemanager.compute.models.SecurityTypes;
import com.azure.resourcemanager.compute.models.VirtualMachineSizeTypes;
import dev.provision.armlab.ArmEmulator;
import dev.provision.armlab.ArmPowerState;
import dev.provision.armlab.SecurityType;
import dev.provision.armlab.SeedVm;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Create, read, list, power actions and resize of VMs, through the real SDK, as Azure answers them. */
class VirtualMachineLifecycleTest {
    private static final String RG = "lifecycle-rg";
    private static ArmEmulator arm;
    private static AzureClients azure;
    private static VirtualMachinesClient vms;

    @BeforeAll
    static void start() {
        arm = EmulatorConnection.emulator()
                // The simulated hardware cluster offers D-series v5 only: E-series needs deallocate first.
                .hardwareCluster("Standard_D2s_v5", "Standard_D4s_v5", "Standard_D8s_v5")
                .seedVm(SeedVm.of(RG, "seeded-tl").size("Standard_D2s_v5").securityType(SecurityType.TRUSTED_LAUNCH))
                .seedVm(SeedVm.of(RG, "seeded-off").size("Standard_D2s_v5").powerState(ArmPowerState.DEALLOCATED))
                .seedVm(SeedVm.of(RG, "seeded-power").size("Standard_D2s_v5"))
                .start();
        azure = EmulatorConnection.clientsFor(arm);
        vms = azure.compute().getVirtualMachines();
    }

    @AfterAll
    static void stop() {
        arm.close();
    }

    @Test
    void createsAVmAndReadsItBack() {
        VirtualMachineInner created = Vms.createWindowsVm(azure, RG, "create-vm", "Standard_D4s_v5",
                "2022-datacenter-g2", "Standard");

        assertEquals("Succeeded", created.provisioningState());
        VirtualMachineInner read = vms.getByResourceGroup(RG, "create-vm");
        assertEquals("Standard_D4s_v5", read.hardwareProfile().vmSize().toString());
        assertEquals("Standard", read.securityProfile().securityType().toString());
        assertEquals("create-vm", read.osProfile().computerName());
        assertNull(read.osProfile().adminPassword(), "Azure never returns the admin password");
        assertEquals("Windows", read.storageProfile().osDisk().osType().toString());
        assertTrue(read.id().endsWith("/resourceGroups/" + RG + "/providers/Microsoft.Compute/virtualMachines/create-vm"));
        var view = vms.instanceView(RG, "create-vm");
        assertEquals("V2", view.hyperVGeneration().toString());
        assertEquals("PowerState/running", powerState(view.statuses()));
        // VNet, NIC and VM creates are long-running: the SDK polled each Azure-AsyncOperation URL.
        assertTrue(arm.requestLog().count("AsyncOperation_Poll") >= 3, arm.requestLog().entries().toString());
    }

    @Test
    void listsVmsOfAResourceGroupWithInstanceView() {
        List<VirtualMachineInner> listed = new ArrayList<>();
        vms.listByResourceGroup(RG, null, ExpandTypeForListVMs.INSTANCE_VIEW, Context.NONE).forEach(listed::add);
        List<String> names = listed.stream().map(VirtualMachineInner::name).collect(Collectors.toList());
        assertTrue(names.containsAll(List.of("seeded-tl", "seeded-off")), names.toString());
        VirtualMachineInner trusted = listed.stream().filter(v -> v.name().equals("seeded-tl")).findFirst().orElseThrow();
        assertEquals(SecurityTypes.TRUSTED_LAUNCH, trusted.securityProfile().securityType());
        assertEquals("PowerState/running", powerState(trusted.instanceView().statuses()));
        VirtualMachineInner off = listed.stream().filter(v -> v.name().equals("seeded-off")).findFirst().orElseThrow();
        assertEquals("PowerState/deallocated", powerState(off.instanceView().statuses()));
    }

    @Test
    void deallocateThenResizeOutsideTheClusterThenStart() {
        Vms.createWindowsVm(azure, RG, "resize-vm", "Standard_D2s_v5", "2022-datacenter-g2", "Standard");

        vms.deallocate(RG, "resize-vm");
        assertEquals("PowerState/deallocated", powerState(vms.instanceView(RG, "resize-vm").statuses()));
        assertTrue(sizeNames(vms.listAvailableSizes(RG, "resize-vm")).contains("Standard_E4s_v5"),
                "a deallocated VM may take any regional size");

        VirtualMachineInner resized = vms.update(RG, "resize-vm", new VirtualMachineUpdateInner()
                .withHardwareProfile(new HardwareProfile().withVmSize(VirtualMachineSizeTypes.fromString("Standard_E4s_v5"))));
        assertEquals("Standard_E4s_v5", resized.hardwareProfile().vmSize().toString());
        assertEquals(ArmPowerState.DEALLOCATED, arm.vm(RG, "resize-vm").orElseThrow().powerState(),
                "a resize keeps a deallocated VM deallocated");

        vms.start(RG, "resize-vm");
        assertEquals("PowerState/running", powerState(vms.instanceView(RG, "resize-vm").statuses()));
        assertEquals("Standard_E4s_v5", arm.vm(RG, "resize-vm").orElseThrow().size());
    }

    @Test
    void inPlaceResizeFollowsTheVmSizesList() {
        List<String> offered = sizeNames(vms.listAvailableSizes(RG, "seeded-tl"));
        assertEquals(List.of("Standard_D2s_v5", "Standard_D4s_v5", "Standard_D8s_v5"), offered);

        VirtualMachineInner resized = vms.update(RG, "seeded-tl", new VirtualMachineUpdateInner()
                .withHardwareProfile(new HardwareProfile().withVmSize(VirtualMachineSizeTypes.fromString("Standard_D8s_v5"))));
        assertEquals("Standard_D8s_v5", resized.hardwareProfile().vmSize().toString());

        ManagementException refused = assertThrows(ManagementException.class, () -> vms.update(RG, "seeded-tl",
                new VirtualMachineUpdateInner().withHardwareProfile(
                        new HardwareProfile().withVmSize(VirtualMachineSizeTypes.fromString("Standard_E4s_v5")))));
        assertEquals(409, refused.getResponse().getStatusCode());
        assertEquals("OperationNotAllowed", refused.getValue().getCode());
        assertTrue(refused.getValue().getMessage().contains("not available in the current hardware cluster"),
                refused.getValue().getMessage());
        assertEquals("Standard_D8s_v5", arm.vm(RG, "seeded-tl").orElseThrow().size());
    }

    @Test
    void gen2ImageOnAGen1OnlySizeIsRefused() {
        ManagementException refused = assertThrows(ManagementException.class, () ->
                Vms.createVm(azure, RG, "gen-vm", "Standard_A1_v2", "2022-datacenter-g2", "Standard",
                        Vms.unmadeNic(arm.subscriptionId(), RG)));
        assertEquals("BadRequest", refused.getValue().getCode());
        assertTrue(refused.getValue().getMessage().contains("cannot boot Hypervisor Generation '2'"));
        assertFalse(arm.vm(RG, "gen-vm").isPresent());
    }

    @Test
    void securityTypeOfAnExistingVmCannotChange() {
        ManagementException refused = assertThrows(ManagementException.class, () -> vms.update(RG, "seeded-off",
                new VirtualMachineUpdateInner().withSecurityProfile(
                        new SecurityProfile().withSecurityType(SecurityTypes.TRUSTED_LAUNCH))));
        assertEquals("PropertyChangeNotAllowed", refused.getValue().getCode());
    }

    @Test
    void restartThenPowerOffLeavesTheVmStoppedButAllocated() {
        vms.restart(RG, "seeded-power");
        assertEquals("PowerState/running", powerState(vms.instanceView(RG, "seeded-power").statuses()));
        vms.powerOff(RG, "seeded-power");
        assertEquals("PowerState/stopped", powerState(vms.instanceView(RG, "seeded-power").statuses()));
        // Stopped is not deallocated: the hardware (and so the in-place resize list) is kept.
        assertEquals(3, sizeNames(vms.listAvailableSizes(RG, "seeded-power")).size());
    }

    @Test
    void resourceGroupExistenceIsAHead() {
        assertTrue(azure.resources().getResourceGroups().checkExistence(RG));
        assertFalse(azure.resources().getResourceGroups().checkExistence("no-such-rg"));
        assertEquals(2, arm.requestLog().byOperation("ResourceGroups_CheckExistence").size());
    }

    @Test
    void missingVmIsArmsResourceNotFound() {
        ManagementException missing = assertThrows(ManagementException.class,
                () -> vms.getByResourceGroup(RG, "no-such-vm"));
        assertEquals(404, missing.getResponse().getStatusCode());
        assertEquals("ResourceNotFound", missing.getValue().getCode());
    }

    static String powerState(List<InstanceViewStatus> statuses) {
        return statuses.stream().map(InstanceViewStatus::code).filter(c -> c.startsWith("PowerState/"))
                .findFirst().orElse("none");
    }

    private static List<String> sizeNames(Iterable<VirtualMachineSizeInner> sizes) {
        List<String> names = new ArrayList<>();
        sizes.forEach(size -> names.add(size.name()));
        return names;
    }
}
