package dev.provision.azure;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A token bucket that hands out reservations: each call takes one token and says how long to wait before using it,
 * so callers queue in arrival order without holding a lock while they wait. Refills continuously.
 */
final class TokenBucket {
    private final double capacity;
    private final double perSecond;
    private final LongSupplier nanoClock;
    private double tokens;
    private long last;

    TokenBucket(double capacity, double perSecond, LongSupplier nanoClock) {
        this.capacity = capacity;
        this.perSecond = perSecond;
        this.nanoClock = nanoClock;
        this.tokens = capacity;
        this.last = nanoClock.getAsLong();
    }

    /** Takes a token; the wait before it may be used (zero while the bucket has tokens). */
    synchronized Duration reserve() {
        long now = nanoClock.getAsLong();
        tokens = Math.min(capacity, tokens + (now - last) / 1e9 * perSecond);
        last = now;
        tokens -= 1;
        if (tokens >= 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil(-tokens / perSecond * 1e9));
    }
}
