package dev.provision.vsphere;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.vsphere.sim.VcsimServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 1000 VMs on 16 hosts behind 5 ms per call: the round trips stay constant, so the added latency costs
 * a handful of calls, not one per VM. Timings are printed, not asserted (2 shared cores are too noisy).
 */
class InventoryReaderScaleTest {
    @RegisterExtension
    static final VcsimServer VCSIM = new VcsimServer().withVms(1000).withHosts(16).withLatencyMillis(5);

    @Test
    void thousandVmsInFourRoundTripsDespiteLatency() {
        VsphereEndpoint endpoint = VsphereEndpoint.of(VCSIM.url(), VCSIM.username(), VCSIM.password(),
                VsphereTrust.pinnedSha256(VCSIM.thumbprint()));
        try (VsphereConnection connection = VsphereConnection.open(endpoint)) {
            InventoryReader reader = new InventoryReader(connection);
            reader.readVms(); // warm-up: class loading and JIT dominate the first read
            List<Long> millis = new ArrayList<>();
            VmInventory inventory = null;
            for (int i = 0; i < 3; i++) {
                inventory = reader.readVms();
                millis.add(inventory.elapsed().toMillis());
                assertEquals(1000, inventory.vms().size());
                assertTrue(inventory.roundTrips() <= 5, "round trips: " + inventory.roundTrips());
            }
            assertEquals(16, inventory.vms().stream().map(VsphereVm::hostName).distinct().count());
            Collections.sort(millis);
            System.out.printf("InventoryReaderScaleTest: 1000 VMs, 16 hosts, +5 ms/call: %d round trips, median %d ms of %s%n",
                    inventory.roundTrips(), millis.get(1), millis);
        }
    }
}
