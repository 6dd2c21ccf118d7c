package dev.provision.vsphere;

import java.time.Duration;
import java.util.List;

/** The VMs read in one go, and what the read cost: HTTP round trips and wall time. */
public record VmInventory(List<VsphereVm> vms, long roundTrips, Duration elapsed) {
    public VmInventory {
        vms = List.copyOf(vms);
    }
}
