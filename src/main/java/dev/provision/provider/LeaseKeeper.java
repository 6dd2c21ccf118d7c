package dev.provision.provider;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps a lease a provider has taken alive while its change runs, whatever the step (a slow guest shutdown, a
 * deallocate, a restart): a timer renews it every {@link LeaseTerm#renewEvery()}, and {@link #close()} releases it when
 * the change ends, on success and on failure. A run that stops waiting for its changes (a second Ctrl-C, SIGTERM)
 * releases them all with {@link #releaseAllHeld()} on its way out; a crash stops both, and the lease runs out on its
 * own.
 */
public final class LeaseKeeper implements AutoCloseable {
    /** How a provider writes its lease on the VM (after it took it with its own compare-and-set). */
    public interface Store {
        void write(Lease lease) throws Exception;

        void clear() throws Exception;
    }

    /**
     * The keepers of this process not closed yet. Process-wide on purpose: a process that exits can renew none of
     * its leases, whichever provider took them.
     */
    private static final Set<LeaseKeeper> HELD = ConcurrentHashMap.newKeySet();

    private final Store store;
    private final LeaseOwner owner;
    private final Clock clock;
    private final LeaseTerm term;
    private final Consumer<String> progress;
    private final ScheduledExecutorService timer;

    public LeaseKeeper(Store store, LeaseOwner owner, Clock clock, LeaseTerm term, Consumer<String> progress) {
        this.store = store;
        this.owner = owner;
        this.clock = clock;
        this.term = term;
        this.progress = progress;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "provision-lease");
            t.setDaemon(true);
            return t;
        });
        HELD.add(this);
        long every = term.renewEvery().toMillis();
        timer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    private void renew() {
        try {
            store.write(Lease.of(owner, clock.instant(), term));
        } catch (Exception e) {
            // The lease still runs until its expiry; the next renewal tries again.
            progress.accept("renewing the lease failed (" + e.getMessage() + "); it holds until its expiry");
        }
    }

    /**
     * Releases every lease this process still holds: for a run that stops waiting for its changes and exits, so that
     * the next apply can finish them (their restore markers say what is owed) instead of meeting the leases for a
     * whole term. A change still under way in this process goes no further once the process has exited.
     *
     * @return how many leases were released (or, failing that, left to expire)
     */
    public static int releaseAllHeld() {
        List<LeaseKeeper> held = List.copyOf(HELD);
        held.forEach(LeaseKeeper::close);
        return held.size();
    }

    /** Stops renewing and releases the lease, once; a failed release leaves it to expire, and says so. */
    @Override
    public void close() {
        if (!HELD.remove(this)) {
            return; // released already, by releaseAllHeld
        }
        timer.shutdownNow();
        boolean interrupted = Thread.interrupted(); // release all the same: Ctrl-C must not leave a lease behind
        try {
            // A renewal under way must land before the release, or it would write the lease back.
            timer.awaitTermination(1, TimeUnit.MINUTES);
            store.clear();
        } catch (Exception e) {
            progress.accept("releasing the lease failed (" + e.getMessage() + "); it expires on its own");
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
