package dev.provision.guest;

/** What WSL's error codes mean for a VM, and what to do about each. */
final class WslErrors {
    private WslErrors() {}

    static String cause(String error, VmContext vm) {
        String e = error.toLowerCase();
        if (e.contains("0x80370102") || e.contains("hcs_e_hyperv_not_installed")) {
            if (!vm.nestedVirtualization()) {
                return "nested virtualization is not exposed by the hypervisor";
            }
            if (vm.trustedLaunch()) {
                return "Trusted Launch blocks nested virtualization on this Azure VM";
            }
            return "virtualization is not available in the guest: Virtual Machine Platform off or hypervisor not "
                    + "launched";
        }
        if (e.contains("0x80370114")) {
            return "the Hyper-V compute service (vmcompute) is not running";
        }
        if (e.contains("0x8007019e")) {
            return "the Windows Subsystem for Linux feature is off";
        }
        if (e.contains("no distribution with the supplied name")) {
            return "the distro is not installed for this user";
        }
        if (e.contains("-microsoft-standard") && !e.contains("wsl2")) {
            return "the distro runs as WSL 1, not WSL 2";
        }
        return "WSL 2 did not boot";
    }

    static String remedy(String error, VmContext vm) {
        String e = error.toLowerCase();
        if (e.contains("0x80370102") || e.contains("hcs_e_hyperv_not_installed")) {
            if (!vm.nestedVirtualization()) {
                return "enable nested virtualization (provision apply); where the hypervisor cannot, use Docker "
                        + "Offload";
            }
            if (vm.trustedLaunch()) {
                return "recreate the VM with security type Standard (replaceTrustedLaunch: true)";
            }
            return "enable VirtualMachinePlatform, set hypervisorlaunchtype auto, reboot";
        }
        if (e.contains("0x80370114")) {
            return "start the vmcompute service";
        }
        if (e.contains("0x8007019e")) {
            return "enable Microsoft-Windows-Subsystem-Linux and reboot";
        }
        if (e.contains("no distribution with the supplied name")) {
            return "install the distro as the guest user (wsl --install -d <distro>)";
        }
        return "run 'wsl --status' in the guest and read its message";
    }
}
