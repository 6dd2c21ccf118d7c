package dev.provision.vsphere;

import java.time.Duration;

/**
 * Polling intervals that start short (a vCenter task often ends within milliseconds; yavijava's own
 * waitForTask sleeps at least a second) and grow to a ceiling, so a minutes-long guest shutdown costs a few
 * dozen calls, not thousands.
 */
final class Backoff {
    private final long maxMillis;
    private long nextMillis;

    Backoff(Duration first, Duration max) {
        this.nextMillis = Math.max(1, first.toMillis());
        this.maxMillis = Math.max(nextMillis, max.toMillis());
    }

    /** Sleeps the next interval, never past {@code deadlineNanos} (System.nanoTime). */
    void sleepUntilNextPoll(long deadlineNanos) throws InterruptedException {
        long leftMillis = Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
        Thread.sleep(Math.min(nextMillis, Math.max(1, leftMillis)));
        nextMillis = Math.min(maxMillis, nextMillis * 3 / 2 + 1);
    }
}
