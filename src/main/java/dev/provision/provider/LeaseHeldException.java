package dev.provision.provider;

/**
 * Another apply holds a live lease on the VM: this apply leaves it alone (the executor reports it as refused). The
 * message names the holder and the expiry, so a person can tell a colleague's run from a crashed one.
 */
public final class LeaseHeldException extends ProviderException {
    private static final long serialVersionUID = 1L;

    public LeaseHeldException(String vm, Lease lease) {
        super("VM '" + vm + "' is leased by another apply (" + lease.describe() + "): it was not touched; "
                + "apply again once that run has finished, or clear a stale lease by hand (see the README, Leases)",
                "unchanged (leased by another apply)", null);
    }
}
