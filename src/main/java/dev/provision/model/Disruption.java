package dev.provision.model;

import dev.provision.spec.Keyed;

/**
 * What a change does to the running machine, shown before the user approves: the thing Terraform's plan leaves
 * unsaid. The JSON names are part of the plan format.
 */
public enum Disruption implements Keyed {
    /** The VM is shut down and started again (vSphere: nested HV can only change while off). */
    POWER_CYCLE("power-cycle"),
    /** Azure releases the VM's hardware: stop, resize on other hardware, start. */
    DEALLOCATE("deallocate"),
    /** The VM is deleted and made anew. */
    REPLACE("replace"),
    /** The guest OS restarts (e.g. after enabling Windows features). */
    REBOOT("reboot");

    private final String key;

    Disruption(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }
}
