package dev.provision.model;

/**
 * What a change does to the running machine, shown before the user approves: the thing Terraform's plan leaves
 * unsaid. The JSON names are part of the plan format.
 */
public enum Disruption {
    /** The VM is shut down and started again (vSphere: nested HV can only change while off). */
    POWER_CYCLE("power-cycle"),
    /** Azure releases the VM's hardware: stop, resize on other hardware, start. */
    DEALLOCATE("deallocate"),
    /** The VM is deleted and made anew. */
    REPLACE("replace"),
    /** The guest OS restarts (e.g. after enabling Windows features). */
    REBOOT("reboot");

    private final String json;

    Disruption(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    public static Disruption fromJson(String text) {
        for (Disruption d : values()) {
            if (d.json.equals(text)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown disruption '" + text + "'");
    }
}
