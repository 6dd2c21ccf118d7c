package dev.provision.provider;

/**
 * A cloud call failed. The message is for the user (one line, no secrets); {@code vmState} says what state the VM
 * was left in when a change failed part-way, because a failure must never leave a VM in an unknown state unsaid.
 */
public class ProviderException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String vmState;

    public ProviderException(String message) {
        this(message, null, null);
    }

    public ProviderException(String message, String vmState, Throwable cause) {
        super(message, cause);
        this.vmState = vmState;
    }

    /** E.g. "powered off (was on)"; null when the VM was not touched or the failure was not about one VM. */
    public String vmState() {
        return vmState;
    }
}
