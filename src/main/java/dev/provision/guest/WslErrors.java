package dev.provision.guest;

import java.util.List;
import java.util.Locale;

/**
 * What WSL's errors mean for a VM, and what to do about each. Matching is on error codes, which wsl.exe prints
 * untranslated, and on the probe's own English messages; a translated text without a code gets the general answer.
 * <p>
 * wsl.exe ends its error code ("Error code: Wsl/Service/CreateInstance/CreateVm/HCS/...") with a symbolic name when
 * the HRESULT is in its list of common errors ({@code g_commonErrors} in microsoft/WSL
 * src/windows/common/wslutil.cpp), with the hex code otherwise, and builds differ in which they know: each cause is
 * matched by both. The WSL_E_ values are those of microsoft/WSL src/windows/service/inc/wslservice.idl.
 */
final class WslErrors {
    /** WSL 2 found no virtualization to start its VM on (0x80370102 is HCS_E_HYPERV_NOT_INSTALLED). */
    private static final List<String> NO_VIRTUALIZATION = List.of("0x80370102", "hcs_e_hyperv_not_installed",
            "wsl_e_virtual_machine_platform_required", "0x8004032d");
    private static final List<String> NO_COMPUTE_SERVICE = List.of("0x80370114", "hcs_e_service_not_available");
    /** 0x8007019e is ERROR_LINUX_SUBSYSTEM_NOT_PRESENT; WSL_E_WSL_OPTIONAL_COMPONENT_REQUIRED is 0x80040321. */
    private static final List<String> NO_WSL_COMPONENT = List.of("0x8007019e", "wsl_e_wsl_optional_component_required",
            "0x80040321");
    private static final List<String> NO_DISTRO = List.of("no distribution with the supplied name",
            "wsl_e_distro_not_found", "0x80040302");
    /** The probe's own message, and the service's refusal (WSL_E_LOCAL_SYSTEM_NOT_SUPPORTED, 0x8004032e). */
    private static final List<String> LOCAL_SYSTEM = List.of("localsystem", "local system is not supported",
            "wsl_e_local_system_not_supported", "0x8004032e");

    private WslErrors() {}

    static boolean virtualizationMissing(String error) {
        return names(error, NO_VIRTUALIZATION);
    }

    private static boolean names(String error, List<String> signs) {
        String e = error.toLowerCase(Locale.ROOT);
        return signs.stream().anyMatch(e::contains);
    }

    static String cause(String error, VmContext vm) {
        String e = error.toLowerCase(Locale.ROOT);
        if (virtualizationMissing(error)) {
            if (!vm.nestedVirtualization()) {
                return "nested virtualization is not exposed by the hypervisor";
            }
            if (vm.nestingBlocked()) {
                return vm.blocker().cause();
            }
            if (!vm.hypervisorAsked()) {
                return "virtualization is not available in the guest: the hypervisor most likely does not expose "
                        + "nested virtualization to this VM";
            }
            return "virtualization is not available in the guest: Virtual Machine Platform off or hypervisor not "
                    + "launched";
        }
        if (names(error, NO_COMPUTE_SERVICE)) {
            return "the Hyper-V compute service (vmcompute) is not running";
        }
        if (names(error, NO_WSL_COMPONENT)) {
            return "the Windows Subsystem for Linux feature is off";
        }
        if (names(error, NO_DISTRO)) {
            return "the distro is not installed for this user";
        }
        if (names(error, LOCAL_SYSTEM)) {
            return "the distro boot ran as LocalSystem, where WSL cannot run";
        }
        if (e.contains("cannot be accessed by the system")) {
            return "only Windows' own wsl.exe (System32) is installed, and it cannot run in session 0, where the probe "
                    + "runs (microsoft/WSL#9231); Store WSL's wsl.exe (C:\\Program Files\\WSL) can";
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
            if (vm.nestingBlocked()) {
                return vm.blocker().remedy();
            }
            if (!vm.hypervisorAsked()) {
                return "ask the hypervisor's administrator to expose nested virtualization to this VM (vSphere: "
                        + "hardware-assisted virtualization; Azure: a size that offers it, security type Standard); "
                        + "where it cannot be, use Docker Offload";
            }
            return "enable VirtualMachinePlatform, set hypervisorlaunchtype auto, reboot";
        }
        if (names(error, NO_COMPUTE_SERVICE)) {
            return "start the vmcompute service";
        }
        if (names(error, NO_WSL_COMPONENT)) {
            return "enable Microsoft-Windows-Subsystem-Linux and reboot";
        }
        if (names(error, NO_DISTRO)) {
            return "install the distro as the guest user (wsl --install -d <distro>)";
        }
        if (names(error, LOCAL_SYSTEM)) {
            return "set guest.user and guest.password so the boot runs as the user who owns the distro";
        }
        if (e.contains("cannot be accessed by the system")) {
            return "install Store WSL as an administrator (wsl --update), then probe again";
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
