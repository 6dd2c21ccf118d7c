package dev.provision.guest;

/**
 * A setting of the VM, outside the guest, that keeps nested virtualization from the guest although the hypervisor
 * could expose it. The provider that knows the setting names it, so the guest rules can blame it without knowing
 * any cloud's words (Azure's Trusted Launch is one).
 *
 * @param cause  why virtualization is missing in the guest, as a verdict says it
 * @param remedy what to do about it
 */
public record NestingBlocker(String cause, String remedy) {
}
