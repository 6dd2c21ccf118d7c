package dev.provision.armlab;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How many Run Commands (either kind) the emulator had in flight at once: over the subscription, and on any one VM.
 * Azure runs one script at a time per VM and many VMs side by side; a client that probes a fleet should use the
 * second and respect the first. A Run Command is in flight from the request that starts it until the poll that
 * sees it finish. Updated under the emulator's state lock.
 */
public final class RunCommandLoad {
    private final Map<String, Integer> perVm = new HashMap<>();
    private int inFlight;
    private int peak;
    private int peakOnOneVm;
    private int started;

    synchronized void started(String vmId) {
        String key = vmId.toLowerCase(Locale.ROOT);
        int onVm = perVm.merge(key, 1, Integer::sum);
        inFlight++;
        started++;
        peak = Math.max(peak, inFlight);
        peakOnOneVm = Math.max(peakOnOneVm, onVm);
    }

    synchronized void ended(String vmId) {
        perVm.merge(vmId.toLowerCase(Locale.ROOT), -1, Integer::sum);
        inFlight--;
    }

    /** The most Run Commands in flight at one moment, over all VMs. */
    public synchronized int peakInFlight() {
        return peak;
    }

    /** The most Run Commands in flight at one moment on a single VM: 1 when the client kept Azure's rule. */
    public synchronized int peakOnOneVm() {
        return peakOnOneVm;
    }

    public synchronized int started() {
        return started;
    }
}
