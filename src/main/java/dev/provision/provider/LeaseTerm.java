package dev.provision.provider;

import dev.provision.spec.InvalidInputException;
import dev.provision.spec.SourceLocation;

import java.time.Duration;
import java.util.Map;

/**
 * How long a lease runs unless renewed, and so how often it is renewed: a third of it, so that two renewals may fail
 * before the lease runs out. Thirty minutes unless {@value #VARIABLE} says otherwise: a site whose vCenter is slow
 * to answer may want it longer, and the tests shorten it to seconds to watch a renewal happen during one step.
 */
public record LeaseTerm(Duration length) {
    public static final String VARIABLE = "PROVISION_LEASE_SECONDS";
    public static final LeaseTerm DEFAULT = new LeaseTerm(Lease.TERM);
    /** A lease is written to the second: below three seconds a renewal could not move its expiry forward. */
    private static final long MIN_SECONDS = 3;
    private static final long MAX_SECONDS = Duration.ofDays(1).toSeconds();

    /**
     * The term {@code env} sets, or {@link #DEFAULT}.
     *
     * @param at the target the term is read for, named in the message when the value is wrong
     */
    public static LeaseTerm from(Map<String, String> env, SourceLocation at) throws InvalidInputException {
        String text = env.get(VARIABLE);
        if (text == null || text.isBlank()) {
            return DEFAULT;
        }
        try {
            long seconds = Long.parseLong(text.strip());
            if (seconds >= MIN_SECONDS && seconds <= MAX_SECONDS) {
                return new LeaseTerm(Duration.ofSeconds(seconds));
            }
        } catch (NumberFormatException e) {
            // said below, with the range
        }
        throw new InvalidInputException(at, VARIABLE + " must be a whole number of seconds from " + MIN_SECONDS
                + " to " + MAX_SECONDS + ", not '" + text + "'");
    }

    public Duration renewEvery() {
        return length.dividedBy(3);
    }
}
