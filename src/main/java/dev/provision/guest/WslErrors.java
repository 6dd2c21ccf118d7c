package dev.provision.guest;

import java.util.Locale;

/**
 * What WSL's errors mean for a VM, and what to do about each. Matching is on error codes, which wsl.exe prints
 * untranslated, and on the probe's own English messages; a translated text without a code gets the general answer.
 */
final class WslErrors {
    private WslErrors() {}

    /** 0x80370102 and HCS_E_HYPERV_NOT_INSTALLED: WSL 2 found no virtualization to start its VM on. */
    static boolean virtualizationMissing(String error) {
        String e = error.toLowerCase(Locale.ROOT);
        return e.contains("0x80370102") || e.contains("hcs_e_hyperv_not_installed");
    }

    static String cause(String error, VmContext vm) {
        String e = error.toLowerCase(Locale.ROOT);
        if (virtualizationMissing(error)) {
            if (!vm.nestedVirtualization()) {
                return "nested virtualization is not exposed by the hypervisor";
            }
            if (vm.trustedLaunch()) {
                return "Trusted Launch blocks nested virtualization on this Azure VM";
            }
            if (!vm.hypervisorAsked()) {
                return "virtualization is not available in the guest: the hypervisor most likely does not expose "
                        + "nested virtualization to this VM";
            }
            return "virtualization is not available in the guest: Virtual Machine Platform off or hypervisor not "
                    + "launched";
        }
        if (e.contains("0x80370114")) {
            return "the Hyper-V compute service (vmcompute) is not running";
        }
        if (e.contains("0x8007019e") || e.contains("wsl_e_wsl_optional_component_required")) {
            return "the Windows Subsystem for Linux feature is off";
        }
        if (e.contains("no distribution with the supplied name") || e.contains("wsl_e_distro_not_found")) {
            return "the distro is not installed for this user";
        }
        if (e.contains("localsystem")) {
            return "the distro boot ran as LocalSystem, where WSL cannot run";
        }
        if (e.contains("wsl.exe not found")) {
            return "wsl.exe is missing: WSL is not installed";
        }
        if (e.contains("did not finish within")) {
            return "wsl.exe did not answer in time";
        }
        return "WSL 2 did not boot";
    }

    static String remedy(String error, VmContext vm) {
        String e = error.toLowerCase(Locale.ROOT);
        if (virtualizationMissing(error)) {
            if (!vm.nestedVirtualization()) {
                return "enable nested virtualization (provision apply); where the hypervisor cannot, use Docker "
                        + "Offload";
            }
            if (vm.trustedLaunch()) {
                return "recreate the VM with security type Standard (replaceTrustedLaunch: true)";
            }
            if (!vm.hypervisorAsked()) {
                return "ask the hypervisor's administrator to expose nested virtualization to this VM (vSphere: "
                        + "hardware-assisted virtualization; Azure: a size that offers it, security type Standard); "
                        + "where it cannot be, use Docker Offload";
            }
            return "enable VirtualMachinePlatform, set hypervisorlaunchtype auto, reboot";
        }
        if (e.contains("0x80370114")) {
            return "start the vmcompute service";
        }
        if (e.contains("0x8007019e") || e.contains("wsl_e_wsl_optional_component_required")) {
            return "enable Microsoft-Windows-Subsystem-Linux and reboot";
        }
        if (e.contains("no distribution with the supplied name") || e.contains("wsl_e_distro_not_found")) {
            return "install the distro as the guest user (wsl --install -d <distro>)";
        }
        if (e.contains("localsystem")) {
            return "set guest.user and guest.password so the boot runs as the user who owns the distro";
        }
        if (e.contains("wsl.exe not found")) {
            return "install WSL (wsl --install --no-distribution) and reboot";
        }
        if (e.contains("did not finish within")) {
            return "log on as the guest user and run 'wsl -d <distro>' once: a first start may wait for input";
        }
        return "run 'wsl --status' in the guest and read its message";
    }
}
