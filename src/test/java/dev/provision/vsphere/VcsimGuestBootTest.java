package dev.provision.vsphere;

import static dev.provision.vsphere.sim.VcsimServer.vmName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.vsphere.sim.VcsimScenario;
import dev.provision.vsphere.sim.VcsimServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The test launcher's VMware Tools across power changes, as ESXi reports them (vSphere API reference,
 * vim.vm.GuestInfo.toolsRunningStatus): not running while a VM is off, running once the guest has booted after
 * a power-on. vcsim 0.24.2 itself leaves the status as it was, so a VM of the scenario that starts off with a
 * simulated Windows would never run Tools after provision powers it on, and a VM powered off would still report
 * them running; every test of an interrupted create or power cycle on such a VM depends on this.
 */
class VcsimGuestBootTest {
    /** Only a bound on "it never happens": the launcher's boot takes a fraction of a second. */
    private static final Duration BOOTED_WITHIN = Duration.ofSeconds(30);

    @RegisterExtension
    static final VcsimServer VCSIM = new VcsimServer().withVms(2).withHosts(1).withScenario(VcsimScenario.create()
            .allVms(vm -> vm.guestId("windows9_64Guest").hardwareVersion("vmx-13")
                    .guest(g -> g.login("builder", "Boot-Test-Pa55")))
            .vm(vmName(0), vm -> vm.name("was-off").poweredOff())
            .vm(vmName(1), vm -> vm.name("was-on").poweredOn()));

    private static VsphereConnection connection;
    private static VmOperations vms;
    private static final Map<String, String> MOIDS = new HashMap<>();

    @BeforeAll
    static void connect() throws Exception {
        connection = VsphereConnection.open(VsphereEndpoint.of(VCSIM.url(), VCSIM.username(), VCSIM.password(),
                VsphereTrust.pinnedSha256(VCSIM.thumbprint())));
        vms = new VmOperations(connection);
        for (VsphereVm vm : new InventoryReader(connection).readVms().vms()) {
            MOIDS.put(vm.name(), vm.moid());
        }
    }

    @AfterAll
    static void disconnect() {
        if (connection != null) {
            connection.close();
        }
    }

    @Test
    void aScenarioVmWithAGuestPoweredOnFromOffStartsVmwareTools() throws Exception {
        String moid = MOIDS.get("was-off");
        assertFalse(vms.runtime(moid).toolsRunning(), "a VM that is off runs no Tools");
        vms.powerOn(moid);
        assertTrue(toolsStart(moid), "VMware Tools never started after the power-on");
    }

    @Test
    void aVmPoweredOffStopsReportingToolsAndStartsThemAgainAtItsNextBoot() throws Exception {
        String moid = MOIDS.get("was-on");
        assertTrue(vms.runtime(moid).toolsRunning());
        vms.powerOff(moid);
        VmOperations.Runtime off = vms.runtime(moid);
        assertEquals(VsphereVm.RuntimePowerState.POWERED_OFF, off.power());
        assertFalse(off.toolsRunning(), "a VM that is off runs no Tools");
        vms.powerOn(moid);
        assertTrue(toolsStart(moid), "VMware Tools never started after the power-on");
    }

    private static boolean toolsStart(String moid) throws InterruptedException {
        long deadline = System.nanoTime() + BOOTED_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (vms.runtime(moid).toolsRunning()) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }
}
