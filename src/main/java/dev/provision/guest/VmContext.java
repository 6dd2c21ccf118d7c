package dev.provision.guest;

/**
 * What the hypervisor side knows about the VM, so a guest failure can be traced to its cause outside the guest.
 *
 * @param nestedVirtualization whether the hypervisor exposes virtualization to this VM
 * @param securityType         Azure's security type (Standard, TrustedLaunch, ConfidentialVM); null elsewhere
 */
public record VmContext(boolean nestedVirtualization, String securityType) {
    public boolean trustedLaunch() {
        return "TrustedLaunch".equalsIgnoreCase(securityType);
    }
}
