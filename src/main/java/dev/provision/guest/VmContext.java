package dev.provision.guest;

/**
 * What the hypervisor side knows about the VM, so a guest failure can be traced to its cause outside the guest.
 *
 * @param nestedVirtualization whether the hypervisor exposes virtualization to this VM; true when it could not be
 *                             asked, so that no rule blames the hypervisor without its word
 * @param blocker              a setting of the VM that blocks nesting all the same (e.g. Azure's Trusted Launch), as
 *                             the provider names it; null when none is known
 * @param hypervisorAsked      false when only the guest's own evidence is at hand ({@code provision probe})
 */
public record VmContext(boolean nestedVirtualization, NestingBlocker blocker, boolean hypervisorAsked) {
    /** What a provider read from the hypervisor's API. */
    public VmContext(boolean nestedVirtualization, NestingBlocker blocker) {
        this(nestedVirtualization, blocker, true);
    }

    /** Nothing but the guest's own evidence: a desktop probed by its user, whose hypervisor cannot be asked. */
    public static VmContext guestOnly() {
        return new VmContext(true, null, false);
    }

    public boolean nestingBlocked() {
        return blocker != null;
    }
}
