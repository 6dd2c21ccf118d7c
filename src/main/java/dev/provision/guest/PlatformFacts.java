package dev.provision.guest;

import java.util.List;

/**
 * What the guest's firmware and running software show of the machine beneath Windows, as the probe read them; the
 * probe only reports, {@link Platform#identify} weighs. Null means not observed.
 *
 * @param manufacturer      Win32_ComputerSystem.Manufacturer, e.g. "VMware, Inc.", "Microsoft Corporation", "Xen"
 * @param model             Win32_ComputerSystem.Model, e.g. "VMware7,1", "Virtual Machine", "HVM domU"
 * @param biosVendor        Win32_BIOS.Manufacturer
 * @param biosVersion       Win32_BIOS.SMBIOSBIOSVersion, e.g. "Hyper-V UEFI Release v4.1"
 * @param hypervisorPresent Win32_ComputerSystem.HypervisorPresent: true in a VM, and also on a physical PC whose own
 *                          Hyper-V (or Virtual Machine Platform) runs, so it proves little alone
 * @param markers           the names of the markers probe-system.ps1 found ($PlatformMarkers, and "aztag" for
 *                          Azure's chassis asset tag)
 */
public record PlatformFacts(String manufacturer, String model, String biosVendor, String biosVersion,
                            Boolean hypervisorPresent, List<String> markers) {
    public PlatformFacts {
        markers = markers == null ? List.of() : List.copyOf(markers);
    }

    public boolean has(String marker) {
        return markers.contains(marker);
    }
}
