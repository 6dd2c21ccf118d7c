package dev.provision.vsphere;

import static dev.provision.vsphere.sim.VcsimServer.hostName;
import static dev.provision.vsphere.sim.VcsimServer.vmName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.model.Change;
import dev.provision.model.TargetPlan;
import dev.provision.plan.SelectorResolver;
import dev.provision.provider.Inventory;
import dev.provision.spec.DesiredState;
import dev.provision.spec.Diagnostic;
import dev.provision.spec.PowerCyclePolicy;
import dev.provision.spec.SizeRequirement;
import dev.provision.spec.SourceLocation;
import dev.provision.spec.TargetKind;
import dev.provision.spec.TargetSpec;
import dev.provision.spec.VmSelector;
import dev.provision.vsphere.sim.VcsimScenario;
import dev.provision.vsphere.sim.VcsimServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The inventory read that leaves settled VMs' details out, against vcsim: for a fleet with one VM of every kind a
 * plan treats differently, it plans exactly what the read of every VM in full plans, change for change, and reads
 * in full only the VMs a plan may change.
 */
class LeanInventoryReadTest {
    private static final List<String> NAMES = List.of("desk-settled", "desk-small", "desk-off", "desk-ft", "desk-pci",
            "desk-old", "desk-interrupted", "desk-hot-add", "other-off", "desk-template");

    @RegisterExtension
    static final VcsimServer VCSIM = new VcsimServer().withVms(NAMES.size()).withHosts(2).withScenario(scenario());

    private static VcsimScenario scenario() {
        VcsimScenario s = VcsimScenario.create()
                .allVms(vm -> vm.guestId("windows9_64Guest").hardwareVersion("vmx-13").poweredOn().onHost(hostName(0))
                        .nestedHvEnabled(true).vhvEnable("TRUE").cpus(4, 1).memoryMB(16384))
                .host(hostName(0), host -> host.hardware(8, 16, 65536));
        for (int i = 0; i < NAMES.size(); i++) {
            String name = NAMES.get(i);
            s.vm(vmName(i), vm -> vm.name(name));
        }
        s.vm(vmName(1), vm -> vm.cpus(2, 1).memoryMB(8192));
        s.vm(vmName(2), vm -> vm.nestedHvEnabled(false).vhvEnable("FALSE"));
        s.vm(vmName(3), vm -> vm.nestedHvEnabled(false).vhvEnable("FALSE").faultToleranceState("running"));
        s.vm(vmName(4), vm -> vm.nestedHvEnabled(false).vhvEnable("FALSE").pciPassthrough());
        s.vm(vmName(5), vm -> vm.nestedHvEnabled(false).vhvEnable("FALSE").hardwareVersion("vmx-08"));
        s.vm(vmName(6), vm -> vm.extraConfig(RestoreMarker.KEY, RestoreMarker.POWERED_ON));
        s.vm(vmName(7), vm -> vm.cpus(2, 2).memoryMB(8192).cpuHotAdd(true).memoryHotAdd(true)
                .hotPlugMemoryLimitMB(32768));
        s.vm(vmName(8), vm -> vm.nestedHvEnabled(false).vhvEnable("FALSE"));
        s.vm(vmName(9), vm -> vm.template());
        return s;
    }

    /** The docker-desktop minimums for every desk-*: nesting, 4 vCPUs, 16 GiB. */
    private static TargetSpec spec() {
        DesiredState desktop = new DesiredState(true, new SizeRequirement(null, 4, 16, null, null),
                PowerCyclePolicy.GRACEFUL, null, null, null, null);
        return new TargetSpec("vcsim", TargetKind.VSPHERE, VcsimTargets.connection(VCSIM),
                List.of(new VmSelector(null, "desk-*", DesiredState.EMPTY, SourceLocation.UNKNOWN)), desktop,
                SourceLocation.UNKNOWN);
    }

    @Test
    void plansWhatAReadOfEveryVmInFullPlansAndReadsInFullOnlyTheVmsAPlanMayChange() throws Exception {
        TargetSpec spec = spec();
        try (VsphereProvider lean = VsphereProvider.open(spec, VcsimTargets.environment(VCSIM));
                VsphereProvider full = VcsimTargets.open(VCSIM)) {
            long before = lean.connection().roundTrips();
            Inventory leanRead = lean.read();
            long roundTrips = lean.connection().roundTrips() - before;
            Inventory fullRead = full.read();

            assertTrue(roundTrips <= 4, "view, read, destroy, details: " + roundTrips);
            assertEquals(new TreeSet<>(List.of("desk-settled", "other-off")), unread(leanRead));
            assertEquals(new TreeSet<>(), unread(fullRead));

            Map<String, Change> leanPlan = byVm(plan(lean, spec, leanRead));
            Map<String, Change> fullPlan = byVm(plan(full, spec, fullRead));
            assertEquals(fullPlan.keySet(), leanPlan.keySet());
            assertEquals(8, leanPlan.size(), "every desk-* VM but the template");
            for (String vm : fullPlan.keySet()) {
                Change l = leanPlan.get(vm);
                Change f = fullPlan.get(vm);
                assertEquals(f.action(), l.action(), vm);
                assertEquals(f.disruption(), l.disruption(), vm);
                assertEquals(f.reasons(), l.reasons(), vm);
                assertEquals(f.blocked(), l.blocked(), vm);
                if (!vm.equals("desk-settled")) {
                    assertEquals(f.before(), l.before(), vm);
                    assertEquals(f.after(), l.after(), vm);
                }
            }
            Change settled = leanPlan.get("desk-settled");
            assertEquals(ObservedVms.DETAILS_NOT_READ, settled.before().get(ObservedVms.DETAILS));
            assertFalse(settled.before().containsKey(ObservedVms.HOST), "nothing unread shown as if known");
            assertEquals("16384", settled.before().get(ObservedVms.MEMORY_MB), "sizes were read: they decided");
            assertNotNull(leanPlan.get("desk-ft").blocked(), "Fault Tolerance was read for the VM it refuses");
            assertNotNull(leanPlan.get("desk-pci").blocked(), "the device list was read for the VM it refuses");
        }
    }

    private static TreeSet<String> unread(Inventory inventory) {
        TreeSet<String> out = new TreeSet<>();
        inventory.vms().forEach(vm -> {
            if (vm.property(ObservedVms.DETAILS) != null) {
                out.add(vm.name());
            }
        });
        return out;
    }

    private static TargetPlan plan(VsphereProvider provider, TargetSpec spec, Inventory inventory) {
        List<Diagnostic> problems = new ArrayList<>();
        TargetPlan plan = provider.rules().plan(spec, inventory, SelectorResolver.resolve(spec, inventory, problems));
        assertTrue(problems.isEmpty(), problems::toString);
        return plan;
    }

    private static Map<String, Change> byVm(TargetPlan plan) {
        Map<String, Change> out = new TreeMap<>();
        plan.changes().forEach(c -> out.put(c.vm(), c));
        return out;
    }
}
