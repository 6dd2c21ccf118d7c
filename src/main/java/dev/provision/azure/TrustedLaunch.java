package dev.provision.azure;

import dev.provision.guest.NestingBlocker;
import dev.provision.provider.ObservedVm;

/**
 * Trusted Launch, the Azure security type under which the WSL troubleshooting page says nested virtualization "is
 * not supported" (WSL 2 then fails with 0x80370102); see ../shared/domain/nested-virtualization.md. Its security
 * type cannot be switched in place, hence the remedy.
 */
public final class TrustedLaunch {
    /** What the guest rules say when WSL 2 finds no virtualization on such a VM. */
    public static final NestingBlocker BLOCKS_NESTING = new NestingBlocker(
            "Trusted Launch blocks nested virtualization on this Azure VM",
            "recreate the VM with security type Standard (replaceTrustedLaunch: true)");

    private TrustedLaunch() {}

    /** The blocker this VM's security type is, as read; null for Standard. */
    static NestingBlocker blockerOf(ObservedVm vm) {
        return VmProperties.TRUSTED_LAUNCH.equalsIgnoreCase(vm.property(VmProperties.SECURITY_TYPE))
                ? BLOCKS_NESTING : null;
    }
}
