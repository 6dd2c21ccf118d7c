package dev.provision.vsphere;

import static dev.provision.vsphere.sim.VcsimServer.vmName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.provider.Inventory;
import dev.provision.provider.ObservedVm;
import dev.provision.spec.DesiredState;
import dev.provision.spec.SecretRef;
import dev.provision.spec.SourceLocation;
import dev.provision.spec.TargetKind;
import dev.provision.spec.TargetSpec;
import dev.provision.spec.VsphereSettings;
import dev.provision.vsphere.sim.VcsimScenario;
import dev.provision.vsphere.sim.VcsimServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A target scoped to a cluster sees that cluster's VMs and no template, and its read costs no more round trips than
 * an unscoped one: the folders, clusters, pools, datastores and templates come in the same property read.
 */
class ScopedReadTest {
    @RegisterExtension
    static final VcsimServer VCSIM = new VcsimServer().withVms(3).withHosts(1).withScenario(VcsimScenario.create()
            .allVms(vm -> vm.guestId("windows9_64Guest"))
            .vm(vmName(0), vm -> vm.name("win11-template").template()));

    private static TargetSpec scoped(String cluster) {
        VsphereSettings c = new VsphereSettings(VCSIM.url(), VCSIM.username(),
                SecretRef.parse("${env:" + VcsimTargets.PASSWORD_VARIABLE + "}", null), VCSIM.thumbprint(), null,
                false, "DC0", null, cluster, null, null, Map.of());
        return new TargetSpec("vcsim", TargetKind.VSPHERE, c, List.of(), DesiredState.EMPTY, SourceLocation.UNKNOWN);
    }

    @Test
    void aScopedReadStaysWithinFiveRoundTripsAndLeavesTemplatesOut() throws Exception {
        try (VsphereProvider provider = VsphereProvider.open(scoped("DC0_C0"), VcsimTargets.environment(VCSIM))) {
            long before = provider.connection().roundTrips();
            Inventory inventory = provider.read();
            long trips = provider.connection().roundTrips() - before;
            assertTrue(trips <= 5, "round trips: " + trips);
            assertEquals(List.of(vmName(1), vmName(2)), inventory.vms().stream().map(ObservedVm::name).sorted().toList());
            VsphereFacts facts = (VsphereFacts) inventory.targetFacts();
            assertTrue(facts.scope().problems().isEmpty(), facts.scope().problems().toString());
        }
    }

    @Test
    void aClusterThatDoesNotExistIsAProblemAndNoVmIsInScope() throws Exception {
        try (VsphereProvider provider = VsphereProvider.open(scoped("C9"), VcsimTargets.environment(VCSIM))) {
            Inventory inventory = provider.read();
            assertEquals(0, inventory.vms().size());
            VsphereFacts facts = (VsphereFacts) inventory.targetFacts();
            assertTrue(facts.scope().problems().get(0).message().contains("cluster 'C9' does not exist"),
                    facts.scope().problems().toString());
        }
    }
}
