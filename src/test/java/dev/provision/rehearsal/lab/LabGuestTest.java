package dev.provision.rehearsal.lab;

import dev.provision.guest.GuestFacts;
import dev.provision.provider.PowerState;
import dev.provision.spec.GuestSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lab's guest is the ARM emulator's simulated Windows (armlab's WindowsGuestAgent, whose texts are wsl.exe's own,
 * sourced there): a lab VM answers the probe with the same words as an emulated Azure VM in the same state.
 */
class LabGuestTest {
    private static final GuestSpec AS_USER = new GuestSpec(null, null, "labadmin", null, null);
    private static final List<String> ALL = List.of(GuestFacts.HYPERV, GuestFacts.VIRTUAL_MACHINE_PLATFORM,
            GuestFacts.WSL);

    private static LabVm vm(boolean nested, String edition, List<String> features) {
        return new LabVm("vdi-01", PowerState.ON, nested, 4, 16, edition, features, false, false);
    }

    @Test
    void aVmWhoseHypervisorHidesVirtualizationFailsTheBootWithTheEmulatorsWslError() throws Exception {
        GuestFacts.DistroBoot boot = LabGuest.probe(vm(false, "Enterprise", ALL), AS_USER).distro();
        assertNull(boot.kernel());
        assertTrue(boot.error().startsWith("Please enable the Virtual Machine Platform Windows feature"), boot.error());
        assertTrue(boot.error().endsWith("Error code: Wsl/Service/CreateInstance/CreateVm/HCS/0x80370102"));
    }

    @Test
    void aServerWithoutTheWslComponentIsRefusedByWslsService() throws Exception {
        GuestFacts facts = LabGuest.probe(vm(true, "Server", List.of(GuestFacts.HYPERV)), AS_USER);
        assertEquals("ServerDatacenter", facts.windowsEdition());
        assertEquals(20348, facts.windowsBuild());
        assertTrue(facts.distro().error().endsWith("Error code: Wsl/Service/CreateInstance/0x8007019e"),
                facts.distro().error());
    }

    @Test
    void aNestingVmWithEveryFeatureBootsTheDistroAndNamesNoPlatform() throws Exception {
        GuestFacts facts = LabGuest.probe(vm(true, "Enterprise", ALL), AS_USER);
        assertEquals("5.15.167.4-microsoft-standard-WSL2", facts.distro().kernel());
        assertEquals("Microsoft Windows 11 Enterprise", facts.windowsCaption());
        assertNull(facts.platform(), "the lab is no cloud: it reports no platform signals");
        assertNull(facts.wslExe());
    }
}
