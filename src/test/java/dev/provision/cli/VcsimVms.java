package dev.provision.cli;

import dev.provision.vsphere.InventoryReader;
import dev.provision.vsphere.VsphereConnection;
import dev.provision.vsphere.VsphereEndpoint;
import dev.provision.vsphere.VsphereTrust;
import dev.provision.vsphere.VsphereVm;
import dev.provision.vsphere.sim.VcsimServer;
import java.util.List;

/** What a test sees in a running vcsim, read through its own session, independently of the provision under test. */
final class VcsimVms {
    private VcsimVms() {}

    /** Every VM of that name (a second clone would show as a second entry). */
    static List<VsphereVm> named(VcsimServer vcsim, String name) {
        VsphereEndpoint endpoint = VsphereEndpoint.of(vcsim.url(), vcsim.username(), vcsim.password(),
                VsphereTrust.pinnedSha256(vcsim.thumbprint()));
        try (VsphereConnection connection = VsphereConnection.open(endpoint)) {
            return new InventoryReader(connection).readVms().vms().stream().filter(v -> v.name().equals(name)).toList();
        }
    }
}
