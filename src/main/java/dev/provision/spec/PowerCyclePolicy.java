package dev.provision.spec;

/**
 * What provision may do to a running VM whose change needs it powered off (exposing nested virtualization,
 * a resize outside the current hardware).
 */
public enum PowerCyclePolicy implements Keyed {
    /** Change only VMs that are already off; running ones are reported as pending. */
    NEVER("never"),
    /** Shut the guest down cleanly, and fail that VM if it does not stop in time. Never forces. */
    GRACEFUL("graceful"),
    /** Shut down cleanly first, then power off hard once the timeout has passed. */
    FORCE("force");

    private final String key;

    PowerCyclePolicy(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }
}
