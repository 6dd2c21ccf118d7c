package dev.provision.vsphere;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.provision.vsphere.sim.VcsimServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** vSphere sessions expire when idle and yavijava has no keep-alive: the connection must log in again by itself. */
class SessionExpiryTest {
    /** Seconds, not one: a session must outlive the pauses a loaded machine makes between the calls of one read. */
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(3);

    @RegisterExtension
    static final VcsimServer VCSIM = new VcsimServer().withVms(5).withHosts(1).withSessionTimeout(IDLE_TIMEOUT);

    @Test
    void anExpiredSessionIsRenewedAndTheReadSucceeds() throws InterruptedException {
        VsphereEndpoint endpoint = VsphereEndpoint.of(VCSIM.url(), VCSIM.username(), VCSIM.password(),
                VsphereTrust.pinnedSha256(VCSIM.thumbprint()));
        try (VsphereConnection connection = VsphereConnection.open(endpoint)) {
            InventoryReader reader = new InventoryReader(connection);
            assertEquals(5, reader.readVms().vms().size());
            assertEquals(0, connection.sessionRenewals());

            // vcsim checks idle sessions every IDLE_TIMEOUT, so after 2.5x the session is surely gone.
            Thread.sleep(IDLE_TIMEOUT.toMillis() * 5 / 2);

            VmInventory afterExpiry = reader.readVms();
            assertEquals(5, afterExpiry.vms().size());
            assertEquals(1, connection.sessionRenewals());
            // failed CreateContainerView + Login + the 4 round trips of the read itself
            assertEquals(6, afterExpiry.roundTrips());
        }
    }

    @Test
    void threadsHittingTheSameExpiryShareOneNewSession() throws Exception {
        VsphereEndpoint endpoint = VsphereEndpoint.of(VCSIM.url(), VCSIM.username(), VCSIM.password(),
                VsphereTrust.pinnedSha256(VCSIM.thumbprint()));
        try (VsphereConnection connection = VsphereConnection.open(endpoint)) {
            InventoryReader reader = new InventoryReader(connection);
            Thread.sleep(IDLE_TIMEOUT.toMillis() * 5 / 2);

            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<VmInventory>> reads = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    reads.add(pool.submit(() -> reader.readVms()));
                }
                for (Future<VmInventory> read : reads) {
                    assertEquals(5, read.get(30, TimeUnit.SECONDS).vms().size());
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(1, connection.sessionRenewals());
        }
    }
}
