package dev.provision.vsphere;

import com.vmware.vim25.OptionValue;
import com.vmware.vim25.VirtualMachineConfigSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The changes to a VM's configuration, each with the smallest ConfigSpec that does it. Exposing hardware
 * virtualization and upgrading the hardware only happen on a powered-off VM, and sizes only grow on a running VM
 * whose hot-add settings allow it: ESXi refuses otherwise, vcsim does not, so we check the power state ourselves
 * right before the call, whatever the caller believes.
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
     * One ReconfigVM_Task for everything a change sets, so that one power cycle covers it all.
     *
     * @param nested null to leave nesting as it is; else nestedHVEnabled and the matching vhv.enable, which need
     *               the VM off. The extraConfig key is only sent when it does not already hold the value:
     *               re-sending an existing key makes vcsim append a duplicate.
     * @param size   null to leave the sizes; else numCPUs, numCoresPerSocket and memoryMB, on a VM that is off or,
     *               running, whose hot-add settings allow this growth (vcsim checks neither, ESXi both)
     */
    void apply(VsphereVm vm, Boolean nested, SizeChange size) throws InterruptedException {
        VirtualMachineConfigSpec spec = new VirtualMachineConfigSpec();
        List<String> what = new ArrayList<>();
        if (nested != null) {
            requirePoweredOff(vm, "change nested hardware virtualization");
            String value = nested ? "TRUE" : "FALSE";
            spec.setNestedHVEnabled(nested);
            if (!value.equalsIgnoreCase(vm.vhvEnable())) {
                spec.setExtraConfig(new OptionValue[] {ExtraConfig.entry("vhv.enable", value)});
            }
            what.add(nested ? "exposing hardware virtualization" : "hiding hardware virtualization");
        }
        if (size != null) {
            String whyNotLive = size.whyNotLive();
            if (whyNotLive != null) {
                requirePoweredOff(vm, "resize (" + whyNotLive + ")");
            }
            if (size.cpuChanges()) {
                spec.setNumCPUs(size.vcpus());
                spec.setNumCoresPerSocket(size.coresPerSocket());
            }
            if (size.memoryChanges()) {
                spec.setMemoryMB(size.memoryMB());
            }
            what.add("resizing");
        }
        if (!what.isEmpty()) {
            vms.reconfigure(vm.moid(), spec, String.join(" and ", what));
        }
    }

    /** Nesting alone: nestedHVEnabled and the matching vhv.enable, on a powered-off VM. */
    void setNestedVirtualization(VsphereVm vm, boolean enabled) throws InterruptedException {
        apply(vm, enabled, null);
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
