package dev.provision.vsphere;

import java.time.Duration;
import java.util.List;

/**
 * The VMs read in one go (templates left out), where VMs live and clones may go, and what the read cost: HTTP
 * round trips and wall time.
 */
public record VmInventory(List<VsphereVm> vms, long roundTrips, Duration elapsed, Placements placements) {
    public VmInventory {
        vms = List.copyOf(vms);
    }

    public VmInventory(List<VsphereVm> vms, long roundTrips, Duration elapsed) {
        this(vms, roundTrips, elapsed, Placements.NONE);
    }
}
