package dev.provision.model;

import dev.provision.spec.Keyed;

/** What a change does to one VM. The JSON names are part of the plan format: never rename them. */
public enum Action implements Keyed {
    CREATE("create"),
    UPDATE("update"),
    REPLACE("replace"),
    NO_OP("no-op");

    private final String key;

    Action(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }
}
