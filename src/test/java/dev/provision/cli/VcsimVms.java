package dev.provision.cli;

import dev.provision.vsphere.InventoryReader;
import dev.provision.vsphere.VsphereConnection;
import dev.provision.vsphere.VsphereEndpoint;
import dev.provision.vsphere.VsphereTrust;
import dev.provision.vsphere.VsphereVm;
import dev.provision.vsphere.sim.VcsimServer;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

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

    /**
     * Polls the one VM of that name until {@code wanted} holds, e.g. until what vCenter finishes after a killed apply
     * has landed; {@code patience} only bounds a test that would otherwise hang.
     */
    static VsphereVm await(VcsimServer vcsim, String name, Predicate<VsphereVm> wanted, Duration patience)
            throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        VsphereVm now = only(vcsim, name);
        while (!wanted.test(now)) {
            if (System.nanoTime() >= deadline) {
                throw new AssertionError("VM '" + name + "' never reached the state awaited: " + now);
            }
            Thread.sleep(100);
            now = only(vcsim, name);
        }
        return now;
    }

    /** The VM of that name, which must be the only one. */
    static VsphereVm only(VcsimServer vcsim, String name) {
        List<VsphereVm> found = named(vcsim, name);
        if (found.size() != 1) {
            throw new AssertionError("not exactly one VM named '" + name + "': " + found);
        }
        return found.get(0);
    }
}
