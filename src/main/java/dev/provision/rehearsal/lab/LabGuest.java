package dev.provision.rehearsal.lab;

import dev.provision.guest.FeatureState;
import dev.provision.guest.GuestFacts;
import dev.provision.spec.GuestSpec;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the probe would find inside a lab VM, derived from its simulated state the way Windows behaves: WSL 2
 * boots only when the hypervisor exposes virtualization and Virtual Machine Platform is on (and, below Windows 11,
 * the WSL optional component).
 */
final class LabGuest {
    static final String WSL2_KERNEL = "5.15.167.4-microsoft-standard-WSL2";
    /** WSL's service wants its optional component only below this build (LxssUserSessionFactory.cpp). */
    private static final int WINDOWS_11 = 22000;

    private LabGuest() {}

    static GuestFacts probe(LabVm vm, GuestSpec guest) {
        boolean server = vm.windowsEdition().toLowerCase().contains("server");
        Map<String, FeatureState> features = new TreeMap<>();
        for (String name : new String[] {GuestFacts.HYPERV, GuestFacts.VIRTUAL_MACHINE_PLATFORM, GuestFacts.WSL}) {
            features.put(name, vm.features().contains(name) ? FeatureState.ENABLED : FeatureState.DISABLED);
        }
        boolean hyperV = vm.features().contains(GuestFacts.HYPERV);
        // Store WSL answers --version on Windows 11 whether or not the WSL optional component is on; below it,
        // only with the component.
        boolean wsl = vm.features().contains(GuestFacts.WSL) || build(vm) >= WINDOWS_11;
        return new GuestFacts(
                (server ? "Microsoft Windows Server 2022 " : "Microsoft Windows 11 ") + vm.windowsEdition(),
                vm.windowsEdition(), build(vm), server, features,
                hyperV ? "Auto" : "Off",
                !hyperV ? "Absent" : vm.nestedVirtualization() ? "Running" : "Stopped",
                vm.rebootPending(), wsl ? "2.3.26.0" : null, distroBoot(vm, guest), null);
    }

    private static int build(LabVm vm) {
        return vm.windowsEdition().toLowerCase().contains("server") ? 20348 : 22631;
    }

    private static GuestFacts.DistroBoot distroBoot(LabVm vm, GuestSpec guest) {
        // The lab has no real accounts: naming the user is enough, as it is what decides whether a boot is tried.
        if (guest.user() == null) {
            return null;
        }
        String distro = guest.distro() == null ? "Ubuntu" : guest.distro();
        if (!vm.features().contains(GuestFacts.WSL) && build(vm) < WINDOWS_11) {
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
