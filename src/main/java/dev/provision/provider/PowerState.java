package dev.provision.provider;

/** A VM's power state, in the words users of both clouds know. */
public enum PowerState {
    ON("on"),
    OFF("off"),
    /** Azure: stopped and its compute released (no charge); resizes to any size are possible. */
    DEALLOCATED("deallocated"),
    SUSPENDED("suspended"),
    UNKNOWN("unknown");

    private final String key;

    PowerState(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public boolean isRunning() {
        return this == ON;
    }

    public static PowerState fromKey(String key) {
        for (PowerState p : values()) {
            if (p.key.equals(key)) {
                return p;
            }
        }
        return UNKNOWN;
    }
}
