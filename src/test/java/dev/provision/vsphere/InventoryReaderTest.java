package dev.provision.vsphere;

import static dev.provision.vsphere.sim.VcsimServer.hostName;
import static dev.provision.vsphere.sim.VcsimServer.vmName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.vsphere.VsphereVm.RuntimePowerState;
import dev.provision.vsphere.sim.VcsimScenario;
import dev.provision.vsphere.sim.VcsimServer;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reads a 200-VM inventory from a real vcsim in a constant number of round trips, with the scenario's facts intact. */
class InventoryReaderTest {
    private static final String WINDOWS = "windows9Server64Guest";

    @RegisterExtension
    static final VcsimServer VCSIM = new VcsimServer().withVms(200).withHosts(4).withScenario(VcsimScenario.create()
            .allVms(vm -> vm.guestId(WINDOWS).hardwareVersion("vmx-13"))
            .vm(vmName(0), vm -> vm.name("win-old-hardware").hardwareVersion("vmx-08").poweredOff())
            .vm(vmName(1), vm -> vm.name("win-on-old-host").onHost(hostName(1)))
            .vm(vmName(2), vm -> vm.name("win-passthrough").pciPassthrough())
            .vm(vmName(3), vm -> vm.name("win-vgpu").vgpu())
            .vm(vmName(4), vm -> vm.name("win-off").poweredOff())
            .vm(vmName(5), vm -> vm.name("win-enabled").nestedHvEnabled(true).vhvEnable("TRUE").firmware("efi"))
            .vm(vmName(6), vm -> vm.name("win-ft").faultToleranceState("running"))
            .vm(vmName(7), vm -> vm.name("linux").guestId("ubuntu64Guest"))
            // The memory hot-add limit is a detail of the second call: with the device list, alone, or not at all.
            .vm(vmName(8), vm -> vm.name("win-hot-add-passthrough").pciPassthrough().memoryHotAdd(true).hotPlugMemoryLimitMB(65536))
            .vm(vmName(9), vm -> vm.name("win-hot-add-enabled").nestedHvEnabled(true).vhvEnable("TRUE").memoryHotAdd(true)
                    .hotPlugMemoryLimitMB(32768))
            .vm(vmName(10), vm -> vm.name("win-limit-without-hot-add").nestedHvEnabled(true).vhvEnable("TRUE")
                    .hotPlugMemoryLimitMB(16384))
            // Whether a VM is a template is read only for VMs without a resource pool: a template has none.
            .vm(vmName(11), vm -> vm.name("win-template").template())
            .host(hostName(1), host -> host.nestedHvSupported(false).productVersion("6.0.0")));

    private static VsphereConnection connection;
    private static VmInventory inventory;
    private static Map<String, VsphereVm> byName;

    @BeforeAll
    static void readOnce() {
        connection = VsphereConnection.open(VsphereEndpoint.of(VCSIM.url(), VCSIM.username(), VCSIM.password(),
                VsphereTrust.pinnedSha256(VCSIM.thumbprint())));
        inventory = new InventoryReader(connection).readVms();
        byName = inventory.vms().stream().collect(Collectors.toMap(VsphereVm::name, Function.identity()));
        System.out.printf("InventoryReaderTest: %d VMs read in %d round trips, %d ms%n",
                inventory.vms().size(), inventory.roundTrips(), inventory.elapsed().toMillis());
    }

    @AfterAll
    static void disconnect() {
        if (connection != null) {
            connection.close();
        }
    }

    @Test
    void readsEveryVmInAConstantNumberOfRoundTrips() {
        assertEquals(199, inventory.vms().size(), "200 minus the template");
        assertTrue(inventory.roundTrips() <= 5, "round trips: " + inventory.roundTrips());
    }

    @Test
    void oldHardwareVersionPoweredOff() {
        VsphereVm vm = byName.get("win-old-hardware");
        assertEquals("vmx-08", vm.hardwareVersion());
        assertEquals(8, vm.hardwareVersionNumber());
        assertEquals(RuntimePowerState.POWERED_OFF, vm.powerState());
        assertFalse(vm.toolsRunning());
        assertTrue(vm.windowsGuest());
    }

    @Test
    void hostWithoutNestedSupportAndItsVersion() {
        VsphereVm vm = byName.get("win-on-old-host");
        assertEquals(hostName(1), vm.hostName());
        assertEquals(Boolean.FALSE, vm.hostNestedHvSupported());
        assertEquals("6.0.0", vm.hostVersion());
        VsphereVm other = byName.get("win-off");
        assertEquals(Boolean.TRUE, other.hostNestedHvSupported(), "hosts support nested HV unless the scenario says otherwise");
    }

    @Test
    void passthroughAndVgpuDevicesAreSeen() {
        assertTrue(byName.get("win-passthrough").hasPassthroughOrVgpu());
        assertTrue(byName.get("win-vgpu").hasPassthroughOrVgpu());
        assertFalse(byName.get("win-off").hasPassthroughOrVgpu());
    }

    @Test
    void theMemoryHotAddLimitIsReadForTheVmsWithMemoryHotAddAlongsideTheirDeviceLists() {
        VsphereVm both = byName.get("win-hot-add-passthrough");
        assertEquals(Boolean.TRUE, both.hasPassthroughOrVgpu());
        assertEquals(65536L, both.sizing().hotAddMemoryLimitMB());
        assertEquals(32768L, byName.get("win-hot-add-enabled").sizing().hotAddMemoryLimitMB());
        assertNull(byName.get("win-hot-add-enabled").hasPassthroughOrVgpu(), "nesting is on: its devices are not read");
        // Without memory hot-add the limit decides nothing, so it is not part of what the VM is said to have.
        assertNull(byName.get("win-limit-without-hot-add").sizing().hotAddMemoryLimitMB());
        assertFalse(byName.get("win-limit-without-hot-add").sizing().memoryHotAdd());
    }

    @Test
    void aTemplateIsAPlacementNotAVm() {
        assertFalse(byName.containsKey("win-template"));
        assertEquals(1, inventory.placements().templatesNamed("win-template", null).size());
        assertTrue(byName.values().stream().noneMatch(VsphereVm::template));
    }

    @Test
    void alreadyEnabledVm() {
        VsphereVm vm = byName.get("win-enabled");
        assertTrue(vm.nestedHvEnabled());
        assertEquals("TRUE", vm.vhvEnable());
        assertEquals("efi", vm.firmware());
        assertEquals(RuntimePowerState.POWERED_ON, vm.powerState());
        VsphereVm plain = byName.get("win-off");
        assertFalse(plain.nestedHvEnabled());
        assertNull(plain.vhvEnable());
    }

    @Test
    void faultToleranceAndGuestFamily() {
        assertTrue(byName.get("win-ft").faultToleranceConfigured());
        assertEquals("running", byName.get("win-ft").faultToleranceState());
        assertFalse(byName.get("win-off").faultToleranceConfigured());
        assertFalse(byName.get("linux").windowsGuest());
        assertEquals("ubuntu64Guest", byName.get("linux").guestId());
    }

    @Test
    void pathsAndIdsComeFromTheInventory() {
        VsphereVm vm = byName.get("win-off");
        assertEquals("/DC0/vm/win-off", vm.path());
        assertTrue(vm.moid().startsWith("vm-"), vm.moid());
        assertEquals(199, inventory.vms().stream().map(VsphereVm::moid).distinct().count());
    }
}
