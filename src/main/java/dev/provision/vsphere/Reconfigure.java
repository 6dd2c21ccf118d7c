package dev.provision.vsphere;

import com.vmware.vim25.OptionValue;
import com.vmware.vim25.VirtualMachineConfigSpec;

/**
 * The changes to a VM's configuration, each with the smallest ConfigSpec that does it. Exposing hardware
 * virtualization and upgrading the hardware only happen on a powered-off VM: ESXi refuses otherwise, vcsim
 * does not, so we check the power state ourselves right before the call, whatever the caller believes.
 */
final class Reconfigure {
    /** The first hardware version that can expose hardware virtualization (ESXi 5.1). */
    static final int MIN_NESTING_HARDWARE = 9;
    static final String MIN_NESTING_HARDWARE_KEY = "vmx-09";

    private final VmOperations vms;

    Reconfigure(VmOperations vms) {
        this.vms = vms;
    }

    /**
     * Sets nestedHVEnabled and the matching vhv.enable. The extraConfig key is only sent when it does not
     * already hold the value: re-sending an existing key makes vcsim append a duplicate.
     */
    void setNestedVirtualization(VsphereVm vm, boolean enabled) throws InterruptedException {
        requirePoweredOff(vm, "change nested hardware virtualization");
        String value = enabled ? "TRUE" : "FALSE";
        VirtualMachineConfigSpec spec = new VirtualMachineConfigSpec();
        spec.setNestedHVEnabled(enabled);
        if (!value.equalsIgnoreCase(vm.vhvEnable())) {
            OptionValue vhv = new OptionValue();
            vhv.setKey("vhv.enable");
            vhv.setValue(value);
            spec.setExtraConfig(new OptionValue[] {vhv});
        }
        vms.reconfigure(vm.moid(), spec, enabled ? "exposing hardware virtualization" : "hiding hardware virtualization");
    }

    /** Raises the hardware version to vmx-09, the least that nesting needs (keeps older hosts compatible). */
    void upgradeHardwareForNesting(VsphereVm vm) throws InterruptedException {
        requirePoweredOff(vm, "upgrade the hardware version");
        vms.upgradeHardware(vm.moid(), MIN_NESTING_HARDWARE_KEY);
    }

    /** Written while the VM still runs (a guestinfo key may change then), before it is powered off. */
    void promisePowerOn(VsphereVm vm) throws InterruptedException {
        VirtualMachineConfigSpec spec = new VirtualMachineConfigSpec();
        spec.setExtraConfig(new OptionValue[] {RestoreMarker.promisePowerOn()});
        vms.reconfigure(vm.moid(), spec, "recording that the VM must be powered on again");
    }

    void removePowerOnPromise(VsphereVm vm) throws InterruptedException {
        VirtualMachineConfigSpec spec = new VirtualMachineConfigSpec();
        spec.setExtraConfig(new OptionValue[] {RestoreMarker.remove()});
        vms.reconfigure(vm.moid(), spec, "removing the power-on note");
    }

    private void requirePoweredOff(VsphereVm vm, String what) {
        VsphereVm.RuntimePowerState now = vms.runtime(vm.moid()).power();
        if (now != VsphereVm.RuntimePowerState.POWERED_OFF) {
            throw new VsphereException.Refused("refusing to " + what + " of VM '" + vm.name() + "' while it is "
                    + now.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                    + ": ESXi only accepts it on a powered-off VM");
        }
    }
}
