package dev.provision.provider;

import dev.provision.spec.Keyed;

/** A VM's power state, in the words users of both clouds know. */
public enum PowerState implements Keyed {
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

    @Override
    public String key() {
        return key;
    }

    public boolean isRunning() {
        return this == ON;
    }
}
