package dev.provision.vsphere;

import dev.provision.guest.GuestFacts;
import dev.provision.guest.ProbeDocument;
import dev.provision.guest.ProbeOutputException;
import dev.provision.guest.ProbePart;
import dev.provision.guest.ProbeScripts;
import dev.provision.spec.GuestCheck;
import dev.provision.spec.GuestSpec;
import java.time.Duration;

/**
 * The read-only guest probe over VMware guest operations. Both parts run as guest.user: the system part needs
 * an administrator (DISM and bcdedit need elevation), and the user part must run as the user who owns the WSL
 * distro, since WSL refuses LocalSystem. So on vSphere that account must be a local administrator that owns the
 * distro. The probe reads only, so running it again after a failure is always safe.
 */
final class GuestOperationsProbe {
    /** The system part runs wsl --version and --status (60 s limit each in the script) and bcdedit. */
    static final Duration SYSTEM_TIMEOUT = Duration.ofMinutes(5);
    /** The user part waits up to 300 s for the distro to boot. */
    static final Duration USER_TIMEOUT = Duration.ofMinutes(7);
    /** What the lab and the profile use when the spec names no distro. */
    static final String DEFAULT_DISTRO = "Ubuntu";

    private final GuestOperations guest;

    GuestOperationsProbe(GuestOperations guest) {
        this.guest = guest;
    }

    /** The system part always; the distro boot (user part) when the checks ask for it. */
    GuestFacts probe(GuestOperations.GuestVm vm, GuestLogin login, GuestSpec spec) throws InterruptedException {
        ProbeDocument system = run(vm, login, ProbePart.SYSTEM, null, SYSTEM_TIMEOUT);
        ProbeDocument user = null;
        if (spec.checksOrEmpty().contains(GuestCheck.WSL2_BOOT)) {
            String distro = spec.distro() == null ? DEFAULT_DISTRO : spec.distro();
            user = run(vm, login, ProbePart.USER, distro, USER_TIMEOUT);
        }
        return ProbeDocument.facts(system, user);
    }

    private ProbeDocument run(GuestOperations.GuestVm vm, GuestLogin login, ProbePart part, String distro,
                              Duration timeout) throws InterruptedException {
        GuestOperations.ProgramRun run = guest.run(vm, login, ProbeScripts.POWERSHELL,
                output -> ProbeScripts.guestOperationsArguments(part, distro, output), timeout);
        try {
            return ProbeDocument.parse(run.output());
        } catch (ProbeOutputException e) {
            // The script itself always exits 0; a non-zero code means PowerShell could not run it at all.
            String exit = run.exitCode() == 0 ? "" : " (PowerShell exited with code " + run.exitCode() + ")";
            throw new VsphereException("VM '" + vm.name() + "': the probe's " + part.key() + " part" + exit + ": "
                    + e.getMessage());
        }
    }
}
