package dev.provision.rehearsal.lab;

import dev.provision.armlab.GuestScript;
import dev.provision.armlab.GuestScriptResult;
import dev.provision.armlab.ArmPowerState;
import dev.provision.armlab.SecurityType;
import dev.provision.armlab.VmSnapshot;
import dev.provision.armlab.WindowsGuest;
import dev.provision.armlab.WindowsGuestAgent;
import dev.provision.guest.GuestFacts;
import dev.provision.guest.ProbeDocument;
import dev.provision.guest.ProbeOutputException;
import dev.provision.guest.ProbePart;
import dev.provision.guest.ProbeScripts;
import dev.provision.provider.ProviderException;
import dev.provision.spec.GuestSpec;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the probe finds inside a lab VM. The lab has no Windows of its own: its VM's state is handed to the ARM
 * emulator's simulated Windows ({@link WindowsGuest}, answered by {@link WindowsGuestAgent}), which runs the real probe
 * scripts' two parts and prints their JSON, and that is read as any guest's probe output is. So the lab, the
 * emulator and a real guest are judged from the same document, and Windows is simulated in one place.
 */
final class LabGuest {
    private static final WindowsGuestAgent WINDOWS = WindowsGuestAgent.withoutPlatformSignals();

    private LabGuest() {}

    static GuestFacts probe(LabVm vm, GuestSpec guest) throws ProviderException {
        WindowsGuest windows = windows(vm);
        // The lab has no real accounts: naming the user is enough, as it is what decides whether a boot is tried;
        // and it has whichever distro the spec asks for.
        String distro = guest.distro() == null ? "Ubuntu" : guest.distro();
        windows.distros(distro);
        try {
            ProbeDocument system = ProbeDocument.parse(run(vm, windows, null,
                    ProbeScripts.runCommandScript(ProbePart.SYSTEM, null)));
            ProbeDocument user = guest.user() == null ? null : ProbeDocument.parse(run(vm, windows, guest.user(),
                    ProbeScripts.runCommandScript(ProbePart.USER, distro)));
            return ProbeDocument.facts(system, user);
        } catch (ProbeOutputException e) {
            throw new ProviderException("the lab's simulated Windows printed no probe document: " + e.getMessage());
        }
    }

    /** The lab VM's Windows: its edition, the features it has on, a restart pending or not. */
    private static WindowsGuest windows(LabVm vm) {
        WindowsGuest windows = new WindowsGuest().edition(edition(vm.windowsEdition()))
                .rebootPending(vm.rebootPending());
        vm.features().stream().filter(WindowsGuest.FEATURES::contains)
                .forEach(f -> windows.feature(f, WindowsGuest.ENABLED));
        return windows;
    }

    /** The spec's edition words (Enterprise, Pro, Education, Server) as the editions the simulated Windows knows. */
    private static WindowsGuest.Edition edition(String words) {
        String lower = words.toLowerCase(Locale.ROOT);
        if (lower.contains("server")) {
            return WindowsGuest.Edition.WINDOWS_SERVER_2022;
        }
        if (lower.startsWith("pro")) {
            return WindowsGuest.Edition.WINDOWS_11_PRO;
        }
        return lower.contains("education") ? WindowsGuest.Edition.WINDOWS_11_EDUCATION
                : WindowsGuest.Edition.WINDOWS_11_ENTERPRISE;
    }

    /** One part of the probe, run in the simulated guest as SYSTEM (user null) or as the user. */
    private static String run(LabVm vm, WindowsGuest windows, String user, String script) {
        VmSnapshot snapshot = new VmSnapshot(vm.name(), "lab", "lab", "lab", List.of(), Map.of(),
                SecurityType.STANDARD, "V2", ArmPowerState.RUNNING, "Succeeded", "Windows", windows);
        GuestScriptResult result = WINDOWS.run(new GuestScript(snapshot, "RunPowerShellScript",
                List.of(script.split("\\R", -1)), Map.of(), user, false, null, windows, vm.nestedVirtualization()));
        return result.stdout();
    }
}
