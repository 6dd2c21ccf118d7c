package dev.provision.event;

import dev.provision.model.ChangeOutcome;
import dev.provision.guest.VmVerification;
import dev.provision.model.Change;

import java.time.Duration;

/**
 * What the core tells the outside while it works. The core never prints: the CLI renders these as progress bars
 * on a terminal, timestamped lines in a pipeline, or not at all.
 */
public sealed interface Event {
    record TargetReading(String target) implements Event {}

    record TargetRead(String target, int vms, Duration took) implements Event {}

    record ChangeStarted(Change change) implements Event {}

    /** A step inside a change, e.g. "shutting down guest", "reconfiguring", "waiting for VMware Tools". */
    record ChangeProgress(Change change, String step) implements Event {}

    record ChangeFinished(ChangeOutcome outcome) implements Event {}

    record VerificationStarted(String target, String vm) implements Event {}

    record VerificationFinished(VmVerification verification) implements Event {}

    /** Detail for -v: a provider's own note (a retry, a throttle, a slow call). */
    record Detail(String target, String message) implements Event {}
}
