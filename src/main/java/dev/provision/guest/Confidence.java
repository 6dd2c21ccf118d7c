package dev.provision.guest;

/** How sure a signal read from inside the guest is. */
public enum Confidence {
    /** Two independent signals agree (the firmware and the software running in the guest), or one is definitive. */
    HIGH,
    /** One clear signal from one source. */
    MEDIUM,
    /** A single weak hint: reported, never acted on. */
    LOW;

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
