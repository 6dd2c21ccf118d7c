package dev.provision.provider;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.LongPredicate;

/**
 * The machine an apply runs on, as far as leases need it: an identity that two machines never share, and whether a
 * process of this machine still runs. With both, a lease whose holder ran here and whose process is gone (a
 * {@code kill -9}) can be taken over at once instead of after its term, as a stale lock file is.
 *
 * <p>The identity is only given where it is reliable. Host names repeat across containers and CI runners, and
 * process ids repeat across pid namespaces, so neither tells "this machine" alone. On Linux the kernel's boot id
 * (new at every boot, shared by the containers of one kernel) together with the pid namespace (the target of
 * {@code /proc/self/ns/pid}) names exactly the set of processes whose ids this process can check: two namespaces
 * that exist at once never share that target. Elsewhere, or when either cannot be read, there is no identity, and a
 * lease is then never taken over before it expires.
 *
 * @param id      a short hash of the boot id and the pid namespace, or null where none can be told
 * @param running whether a process of that id runs here now
 */
public record ThisMachine(String id, LongPredicate running) {
    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");
    private static final Path PID_NAMESPACE = Path.of("/proc/self/ns/pid");
    /** 48 bits: enough that two machines' ids do not meet by chance, short enough to read in a lease. */
    private static final int ID_BYTES = 6;
    private static final ThisMachine CURRENT = new ThisMachine(readId(), ThisMachine::alive);

    /** The machine this process runs on. */
    public static ThisMachine current() {
        return CURRENT;
    }

    /** A machine with no identity: no lease is taken over early (the planner's default, and other systems). */
    public static ThisMachine unknown() {
        return new ThisMachine(null, pid -> true);
    }

    /** Whether the lease holder {@code holder} (a {@link LeaseOwner#text()}) ran here and its process has ended. */
    public boolean ended(String holder) {
        if (id == null) {
            return false;
        }
        String machine = field(holder, "machine");
        String pid = field(holder, "pid");
        if (!id.equals(machine) || pid == null) {
            return false; // another machine's, or written before leases named their machine: wait for the expiry
        }
        try {
            return !running.test(Long.parseLong(pid));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A field of a holder's text ({@code run=…,host=…,pid=…,machine=…}), or null. */
    static String field(String holder, String name) {
        for (String part : holder.split(",")) {
            if (part.startsWith(name + "=")) {
                return part.substring(name.length() + 1).strip();
            }
        }
        return null;
    }

    /** A pid that runs is taken as the holder even when it was reused since: the holder may still be at work. */
    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static String readId() {
        try {
            String boot = Files.readString(BOOT_ID, StandardCharsets.US_ASCII).strip();
            String namespace = Files.readSymbolicLink(PID_NAMESPACE).toString();
            if (boot.isEmpty() || namespace.isEmpty()) {
                return null;
            }
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((boot + "\n" + namespace).getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(hash, 0, ID_BYTES);
        } catch (IOException | UnsupportedOperationException | SecurityException | NoSuchAlgorithmException e) {
            return null; // not Linux, or /proc hidden: no identity, so no early take-over
        }
    }
}
