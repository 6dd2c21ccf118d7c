package dev.provision.provider;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Who takes leases: one apply run on one machine. The host and process id tell a person where to look; the run id
 * tells two applies apart even when they share a process (tests) or a pid is reused.
 */
public record LeaseOwner(String run, String host, long pid) {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new run of this process. */
    public static LeaseOwner newRun() {
        byte[] id = new byte[4];
        RANDOM.nextBytes(id);
        return new LeaseOwner(HexFormat.of().formatHex(id), hostName(), ProcessHandle.current().pid());
    }

    /** Commas and semicolons are the lease text's separators; a host name never has them, but be sure. */
    public String text() {
        return "run=" + run + ",host=" + safe(host) + ",pid=" + pid;
    }

    /**
     * Whether {@code holder} (another lease's {@link #text()}) names a process of this host, other than this one,
     * that no longer runs. A host name shared by two machines or containers would make a live process elsewhere look
     * gone, which is why only the name AND a pid that is not running here count; a reused pid counts as running.
     */
    public boolean outlived(String holder) {
        String prefix = ",host=" + safe(host) + ",pid=";
        int at = holder.indexOf(prefix);
        if (at < 0) {
            return false;
        }
        try {
            long other = Long.parseLong(holder.substring(at + prefix.length()).strip());
            return other != pid && ProcessHandle.of(other).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String safe(String host) {
        return host.replaceAll("[,;=]", "_");
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
