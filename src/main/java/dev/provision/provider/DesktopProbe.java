package dev.provision.provider;

import dev.provision.guest.ProbeDocument;
import dev.provision.guest.ProbeOutputException;

import java.util.List;

/**
 * A way into the guest that needs no hypervisor: the probe run on the machine provision itself runs on, as the
 * user running it ({@code provision probe --local}).
 */
public interface DesktopProbe {
    /** Whether the probe can run on this machine at all (it needs Windows). */
    boolean runsHere();

    /** Runs both parts of the probe, booting {@code distro} in the user part, and returns what each printed. */
    List<ProbeDocument> run(String distro) throws ProviderException, ProbeOutputException, InterruptedException;
}
