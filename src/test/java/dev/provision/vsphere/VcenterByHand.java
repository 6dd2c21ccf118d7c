package dev.provision.vsphere;

import com.vmware.vim25.OptionValue;
import com.vmware.vim25.VirtualMachineConfigSpec;
import dev.provision.vsphere.sim.VcsimServer;

/**
 * What an administrator does to a VM by hand, outside provision, e.g. what the README's Leases section tells them
 * to run to clear the lease of a run that is gone: {@code govc vm.change -vm VM -e guestinfo.provision.lease=}, an
 * advanced setting written with ReconfigVM_Task, as govc's vm.change writes it.
 */
public final class VcenterByHand {
    private VcenterByHand() {}

    /** Sets (an empty value: clears) the VM's advanced setting {@code key}. */
    public static void setAdvancedSetting(VcsimServer vcsim, String vmName, String key, String value)
            throws InterruptedException {
        VsphereEndpoint endpoint = VsphereEndpoint.of(vcsim.url(), vcsim.username(), vcsim.password(),
                VsphereTrust.pinnedSha256(vcsim.thumbprint()));
        try (VsphereConnection connection = VsphereConnection.open(endpoint)) {
            String moid = new InventoryReader(connection).readVms().vms().stream()
                    .filter(vm -> vm.name().equals(vmName)).findFirst().orElseThrow().moid();
            VirtualMachineConfigSpec spec = new VirtualMachineConfigSpec();
            spec.setExtraConfig(new OptionValue[] {ExtraConfig.entry(key, value)});
            new VmOperations(connection).reconfigure(moid, spec, "setting " + key + " by hand");
        }
    }
}
