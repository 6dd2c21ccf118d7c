package dev.provision.lab;

import dev.provision.guest.FeatureState;
import dev.provision.guest.GuestFacts;
import dev.provision.spec.GuestSpec;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the probe would find inside a lab VM, derived from its simulated state the way Windows behaves: WSL 2
 * boots only when the hypervisor exposes virtualization and Virtual Machine Platform and WSL are on.
 */
final class LabGuest {
    static final String WSL2_KERNEL = "5.15.167.4-microsoft-standard-WSL2";

    private LabGuest() {}

    static GuestFacts probe(LabVm vm, GuestSpec guest) {
        boolean server = vm.windowsEdition().toLowerCase().contains("server");
        Map<String, FeatureState> features = new TreeMap<>();
        for (String name : new String[] {GuestFacts.HYPERV, GuestFacts.VIRTUAL_MACHINE_PLATFORM, GuestFacts.WSL}) {
            features.put(name, vm.features().contains(name) ? FeatureState.ENABLED : FeatureState.DISABLED);
        }
        boolean hyperV = vm.features().contains(GuestFacts.HYPERV);
        boolean wsl = vm.features().contains(GuestFacts.WSL);
        return new GuestFacts(
                (server ? "Microsoft Windows Server 2022 " : "Microsoft Windows 11 ") + vm.windowsEdition(),
                vm.windowsEdition(), server ? 20348 : 22631, server, features,
                hyperV ? "Auto" : "Off",
                !hyperV ? "Absent" : vm.nestedVirtualization() ? "Running" : "Stopped",
                vm.rebootPending(), wsl ? "2.3.26.0" : null, distroBoot(vm, guest), null);
    }

    private static GuestFacts.DistroBoot distroBoot(LabVm vm, GuestSpec guest) {
        // The lab has no real accounts: naming the user is enough, as it is what decides whether a boot is tried.
        if (guest.user() == null) {
            return null;
        }
        String distro = guest.distro() == null ? "Ubuntu" : guest.distro();
        if (!vm.features().contains(GuestFacts.WSL)) {
            return new GuestFacts.DistroBoot(distro, null, "Error code: Wsl/0x8007019e");
        }
        if (!vm.nestedVirtualization() || !vm.features().contains(GuestFacts.VIRTUAL_MACHINE_PLATFORM)) {
            return new GuestFacts.DistroBoot(distro, null,
                    "WSL2 is unable to start since virtualization is not enabled on this machine. "
                            + "Error code: Wsl/Service/CreateInstance/CreateVm/HCS/0x80370102");
        }
        return new GuestFacts.DistroBoot(distro, WSL2_KERNEL, null);
    }
}
