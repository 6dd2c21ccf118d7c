package dev.provision.guest;

/** The probe's output could not be read as a probe document; the message is one line saying why. */
public final class ProbeOutputException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the output could not be read. */
    public enum Reason {
        /** Run Command kept only the tail of the output, and the document's start is gone. */
        TRUNCATED,
        /** No probe document in the output at all (the script did not run, or failed before printing). */
        NO_DOCUMENT,
        /** Something that starts like the document but is not valid JSON of the expected shape. */
        MALFORMED,
        /** Another probe, or a probe version this build does not read. */
        UNSUPPORTED
    }

    private final Reason reason;

    public ProbeOutputException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
