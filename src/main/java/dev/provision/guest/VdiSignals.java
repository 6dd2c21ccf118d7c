package dev.provision.guest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What kind of desktop the guest is, from what the probe saw, each signal with how sure it is. Docker supports
 * Docker Desktop on persistent VDI, not on non-persistent VDI, and not as several instances on one machine.
 */
public record VdiSignals(List<Signal> signals) {
    public VdiSignals {
        signals = List.copyOf(signals);
    }

    public enum Kind {
        /** A VDI agent runs: the desktop is served by Citrix, Horizon or Azure Virtual Desktop. */
        VDI_AGENT,
        /** The desktop keeps its changes across a reset. */
        PERSISTENT,
        /** The desktop loses its changes at a reset or logoff. */
        NON_PERSISTENT,
        /** A kind of desktop that may or may not keep its changes: the guest cannot tell which. */
        PERSISTENCE_UNKNOWN,
        /** Several users have Docker Desktop data, or the Windows edition is made for several users at once. */
        SEVERAL_USERS
    }

    public record Signal(Kind kind, Confidence confidence, String what) {
        public String describe() {
            return what + " (" + confidence.key() + ")";
        }
    }

    /** Windows 10/11 Enterprise multi-session reports this EditionID. */
    static final String MULTI_SESSION_EDITION = "ServerRdsh";

    /** The signals in the probe's VDI facts and the Windows edition; none when nothing was seen. */
    public static VdiSignals of(VdiFacts f, String windowsEdition) {
        List<Signal> out = new ArrayList<>();
        if (f.has("citrixvda")) {
            // A registry key stays behind after an uninstall; the service would be surer.
            out.add(new Signal(Kind.VDI_AGENT, Confidence.MEDIUM, "Citrix VDA installed"));
        }
        if (f.has("horizon")) {
            out.add(new Signal(Kind.VDI_AGENT, Confidence.HIGH, "VMware Horizon Agent running"));
        }
        if (f.has("avd")) {
            out.add(new Signal(Kind.VDI_AGENT, Confidence.HIGH, "Azure Virtual Desktop agent running"));
        }
        provisioning(f, out);
        if (f.has("instantclone")) {
            // Instant clones are rebuilt from their golden image at logoff or at the next image push.
            out.add(new Signal(Kind.NON_PERSISTENT, Confidence.MEDIUM, "a Horizon instant clone (its agent runs)"));
        }
        if (f.has("composer")) {
            out.add(new Signal(Kind.PERSISTENCE_UNKNOWN, Confidence.MEDIUM, "a Horizon linked clone, which its pool "
                    + "may refresh"));
        }
        if (f.dockerUsers() != null && f.dockerUsers() > 1) {
            // Data left by a user who has since stopped using Docker Desktop counts too.
            out.add(new Signal(Kind.SEVERAL_USERS, Confidence.MEDIUM, f.dockerUsers()
                    + " user profiles hold Docker Desktop data"));
        }
        if (MULTI_SESSION_EDITION.equalsIgnoreCase(windowsEdition)) {
            out.add(new Signal(Kind.SEVERAL_USERS, Confidence.HIGH, "Windows Enterprise multi-session, made for "
                    + "several users at once"));
        }
        return new VdiSignals(out);
    }

    /**
     * Citrix's write cache types (Citrix Provisioning PowerShell SDK, PvsDiskLocator.WriteCacheType) whose writes
     * survive a reboot: 0 private, 10 private async, 7 cache on server persistent, 11 server persistent async. The
     * other documented ones (1 on server, 3 device RAM, 4 device hard disk, 6 RAM disk, 9 RAM with overflow on hard
     * disk, 12 its async form) are standard images, reset at every boot.
     */
    private static final Set<Integer> PERSISTENT_CACHE = Set.of(0, 7, 10, 11);
    private static final Set<Integer> RESET_CACHE = Set.of(1, 3, 4, 6, 9, 12);

    /**
     * Citrix Provisioning streams the disk: its network stack (BNIStack) is the documented sign, and the write cache
     * type in Personality.ini tells a vDisk that keeps its writes from a standard image (reset at every boot). The
     * cache type alone, without the stack, is one hint: reported, not acted on.
     */
    private static void provisioning(VdiFacts f, List<Signal> out) {
        Integer cache = f.pvsWriteCacheType();
        boolean streamed = f.has("pvs");
        if (cache != null && RESET_CACHE.contains(cache)) {
            out.add(new Signal(Kind.NON_PERSISTENT, streamed ? Confidence.HIGH : Confidence.LOW, "a Citrix "
                    + "Provisioning standard image (write cache type " + cache + ")"));
        } else if (cache != null && PERSISTENT_CACHE.contains(cache) && streamed) {
            out.add(new Signal(Kind.PERSISTENT, Confidence.MEDIUM, cache == 0 || cache == 10 ? "a Citrix "
                    + "Provisioning private vDisk" : "a Citrix Provisioning vDisk whose write cache persists (write "
                    + "cache type " + cache + ")"));
        } else if (cache != null && streamed) {
            out.add(new Signal(Kind.PERSISTENCE_UNKNOWN, Confidence.MEDIUM, "a Citrix Provisioning target with a "
                    + "write cache type this build does not know (" + cache + ")"));
        } else if (streamed) {
            out.add(new Signal(Kind.PERSISTENCE_UNKNOWN, Confidence.MEDIUM, "a Citrix Provisioning target whose "
                    + "vDisk mode was not found"));
        }
    }

    /** The signals of this kind that are at least MEDIUM: what a verdict may rest on. */
    public List<Signal> sure(Kind kind) {
        return signals.stream().filter(s -> s.kind() == kind && s.confidence() != Confidence.LOW).toList();
    }
}
