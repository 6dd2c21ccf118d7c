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
        return "run=" + run + ",host=" + host.replaceAll("[,;=]", "_") + ",pid=" + pid;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
