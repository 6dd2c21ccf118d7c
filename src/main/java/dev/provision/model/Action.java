package dev.provision.model;

/** What a change does to one VM. The JSON names are part of the plan format: never rename them. */
public enum Action {
    CREATE("create"),
    UPDATE("update"),
    REPLACE("replace"),
    NO_OP("no-op");

    private final String json;

    Action(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    public static Action fromJson(String text) {
        for (Action a : values()) {
            if (a.json.equals(text)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown action '" + text + "'");
    }
}
