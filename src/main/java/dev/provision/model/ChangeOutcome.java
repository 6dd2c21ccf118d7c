package dev.provision.model;

import dev.provision.model.Change;

import java.time.Duration;

/**
 * What happened to one planned change.
 *
 * @param message what went wrong or why it was held back; null when applied
 * @param vmState the state the VM was left in after a failure (never left unsaid), else null
 * @param created true when the change created its VM, even if a later step of it (the guest's features) failed:
 *                then the VM exists and its guest can be verified
 */
public record ChangeOutcome(Change change, Status status, String message, String vmState, Duration took,
                            boolean created) {
    public ChangeOutcome(Change change, Status status, String message, String vmState, Duration took) {
        this(change, status, message, vmState, took, false);
    }

    public enum Status {
        APPLIED("applied"),
        /** Nothing to do: the VM already was as wanted. */
        UNCHANGED("unchanged"),
        /** Held back by the user's own policy; a later apply will do it. */
        PENDING("pending"),
        /** Cannot work as things are; see the message. */
        REFUSED("refused"),
        FAILED("failed"),
        /** The apply was interrupted before this change began; the VM was not touched. */
        NOT_STARTED("not started"),
        /**
         * The apply stopped waiting while this change was under way (a second Ctrl-C, SIGTERM): the VM may be
         * mid-change, with its restore marker in place for the next apply.
         */
        INTERRUPTED("interrupted");

        private final String key;

        Status(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        /** Whether this outcome means the spec is not met and the user must act. */
        public boolean isFailure() {
            return this == FAILED || this == REFUSED || this == NOT_STARTED || this == INTERRUPTED;
        }
    }
}
