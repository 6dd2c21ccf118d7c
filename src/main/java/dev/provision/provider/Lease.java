package dev.provision.provider;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;

/**
 * One apply's claim on one VM, kept on the VM itself (provision has no state of its own to lock, like Terraform's
 * state lock, so the lock lives where the VM is). It says who holds it and until when, as an absolute UTC time, so
 * that a crashed apply's lease simply runs out and any reader, in any time zone, can tell whether it still counts.
 *
 * @param holder  who took it, {@link LeaseOwner#text()}
 * @param expires when it stops counting unless renewed
 */
public record Lease(String holder, Instant expires) {
    /** Long enough that a renewal missed under load does not free a VM still being changed. */
    public static final Duration TERM = Duration.ofMinutes(30);

    private static final String EXPIRES = ";expires=";

    /** A lease for {@code owner} running {@link #TERM} from {@code now}, to the second (shorter to read). */
    public static Lease of(LeaseOwner owner, Instant now) {
        return of(owner, now, LeaseTerm.DEFAULT);
    }

    /** A lease for {@code owner} running {@code term} from {@code now}, to the second. */
    public static Lease of(LeaseOwner owner, Instant now, LeaseTerm term) {
        return new Lease(owner.text(), now.plus(term.length()).truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * Reads the text {@link #text()} wrote, or null for none (absent or blank: a released lease). Text that is not
     * a lease (edited by hand, cut short) counts as a lease that has run out: it is taken over with a warning rather
     * than blocking the VM forever.
     */
    public static Lease parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        int at = text.lastIndexOf(EXPIRES);
        if (at < 0) {
            return new Lease(text.strip(), Instant.EPOCH);
        }
        try {
            return new Lease(text.substring(0, at), Instant.parse(text.substring(at + EXPIRES.length()).strip()));
        } catch (DateTimeParseException e) {
            return new Lease(text.substring(0, at), Instant.EPOCH);
        }
    }

    /**
     * What is written on the VM, e.g. {@code run=3f2a9c1e,host=build-7,pid=4242,machine=5d0c6e1f9a2b;expires=2026-12-07T08:00:00Z}
     * (no {@code machine} where it cannot be told, and in leases written before it was added).
     */
    public String text() {
        return holder + EXPIRES + expires;
    }

    public boolean liveAt(Instant now) {
        return expires.isAfter(now);
    }

    public boolean heldBy(LeaseOwner owner) {
        return holder.equals(owner.text());
    }

    /**
     * Whether this lease keeps {@code owner} off the VM at {@code now}: another run's, live, and not left by a run
     * that {@link #endedOn ended} on {@code owner}'s machine.
     */
    public boolean refuses(LeaseOwner owner, Instant now) {
        return liveAt(now) && !heldBy(owner) && !endedOn(owner.machine());
    }

    /**
     * Whether the holder ran on {@code machine} and its process is gone there (a {@code kill -9}): like a stale lock
     * file, its lease need not be waited out. Never for a lease of another machine, or one written without the
     * machine's identity, or read where that identity cannot be told: those hold until they expire.
     */
    public boolean endedOn(ThisMachine machine) {
        return machine.ended(holder);
    }

    /**
     * Lets {@code owner} take {@code vm}, whose lease read {@code found} (null: none): throws when that lease refuses
     * it, and tells {@code progress} when it takes one over. The one judgement every provider's compare-and-set makes.
     */
    public static void admit(String vm, Lease found, LeaseOwner owner, Instant now, Consumer<String> progress)
            throws LeaseHeldException {
        if (found == null) {
            return;
        }
        if (found.refuses(owner, now)) {
            throw new LeaseHeldException(vm, found);
        }
        String takeOver = found.takeOver(owner);
        if (takeOver != null) {
            progress.accept(takeOver);
        }
    }

    /** What {@code owner} says when it takes this lease over (it must not {@link #refuses refuse} it), or null. */
    public String takeOver(LeaseOwner owner) {
        if (heldBy(owner)) {
            return null;
        }
        if (endedOn(owner.machine())) {
            return "taking over the lease of run " + ThisMachine.field(holder, "run") + " whose process "
                    + ThisMachine.field(holder, "pid") + " has ended on this machine (" + describe() + ")";
        }
        return "taking over an expired lease (" + describe() + ")";
    }

    /** For messages: "run=…,host=…,pid=… until 2026-12-07T08:00:00Z". */
    public String describe() {
        return holder + " until " + expires;
    }
}
