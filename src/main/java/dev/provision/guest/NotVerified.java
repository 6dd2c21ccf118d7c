package dev.provision.guest;

/**
 * Why a VM's guest was not verified: said in one line, where a probe would have meant nothing (a VM that was
 * never made, a guest that is not Windows) or nothing was asked of it.
 *
 * @param detail the refusal's or failure's own words; null when the reason says it all
 */
public record NotVerified(Reason reason, String detail) {
    public enum Reason {
        /** The spec asks no guest checks of this VM ({@code checks: []}). */
        NO_CHECKS("no checks", "no guest checks are wanted"),
        /** Its change was refused: it cannot be brought to the wanted state, so its guest cannot be either. */
        REFUSED("refused", "refused"),
        /** Its create failed or was not started: there is no VM to probe. */
        NOT_CREATED("not created", "not created"),
        /** It does not exist (yet: the plan creates it). */
        MISSING("missing", "the VM does not exist"),
        /** The apply was interrupted (Ctrl-C, SIGTERM): verification was skipped for every VM. */
        INTERRUPTED("interrupted", "the apply was interrupted, so verification was skipped");

        private final String key;
        private final String words;

        Reason(String key, String words) {
            this.key = key;
            this.words = words;
        }

        public String key() {
            return key;
        }
    }

    public static NotVerified noChecks() {
        return new NotVerified(Reason.NO_CHECKS, null);
    }

    /** False only where the spec asked for nothing: every other VM is short of what the spec wants. */
    public boolean countsAgainst() {
        return reason != Reason.NO_CHECKS;
    }

    /** The one line shown for the VM. */
    public String line() {
        return reason.words + (detail == null ? "" : ": " + detail);
    }
}
