package dev.provision.provider;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps a lease a provider has taken alive while its change runs, whatever the step (a slow guest shutdown, a
 * deallocate, a restart): a timer renews it every {@link LeaseTerm#renewEvery()}, and {@link #close()} releases it when
 * the change ends, on success and on failure. A crash stops both, and the lease runs out on its own.
 */
public final class LeaseKeeper implements AutoCloseable {
    /** How a provider writes its lease on the VM (after it took it with its own compare-and-set). */
    public interface Store {
        void write(Lease lease) throws Exception;

        void clear() throws Exception;
    }

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

    /** Stops renewing and releases the lease; a failed release leaves it to expire, and says so. */
    @Override
    public void close() {
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
