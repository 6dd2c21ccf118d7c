package dev.provision.provider;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Who takes leases: one apply run on one machine. The host and process id tell a person where to look; the run id
 * tells two applies apart even when they share a process (tests) or a pid is reused; the machine's identity, where
 * one can be told ({@link ThisMachine}), lets a later run on the same machine see that this run's process has ended.
 */
public record LeaseOwner(String run, String host, long pid, ThisMachine machine) {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new run of this process. */
    public static LeaseOwner newRun() {
        return newRun(ThisMachine.current());
    }

    /** A new run of this process on {@code machine} (tests give their own, to decide which processes run). */
    public static LeaseOwner newRun(ThisMachine machine) {
        byte[] id = new byte[4];
        RANDOM.nextBytes(id);
        return new LeaseOwner(HexFormat.of().formatHex(id), hostName(), ProcessHandle.current().pid(), machine);
    }

    /**
     * Commas and semicolons are the lease text's separators; a host name never has them, but be sure. The machine
     * comes last and only when known, so that a lease written without it reads the same as before.
     */
    public String text() {
        String text = "run=" + run + ",host=" + host.replaceAll("[,;=]", "_") + ",pid=" + pid;
        return machine.id() == null ? text : text + ",machine=" + machine.id();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
