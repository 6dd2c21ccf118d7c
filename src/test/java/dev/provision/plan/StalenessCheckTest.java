package dev.provision.plan;

import dev.provision.model.Action;
import dev.provision.model.Change;

import dev.provision.provider.Inventory;
import dev.provision.provider.ObservedVm;
import dev.provision.provider.PowerState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StalenessCheckTest {
    private static ObservedVm vm(PowerState power, boolean nested) {
        return new ObservedVm("vdi-01", "id", power, nested, Map.of("vcpus", "2"));
    }

    private static Plan planFor(ObservedVm before) {
        Change c = new Change("lab", "vdi-01", Action.UPDATE, List.of(), List.of(), before.describe(),
                Map.of("nestedVirtualization", true), null, dev.provision.spec.PowerCyclePolicy.NEVER,
                java.time.Duration.ofMinutes(1));
        return new Plan(1, java.time.Instant.EPOCH, "s.yaml", "d", List.of(c), List.of());
    }

    @Test
    void aPlanStillFitsAnUnchangedWorldEvenAfterAJsonRoundTrip() throws Exception {
        Plan plan = PlanJson.read(PlanJson.write(planFor(vm(PowerState.OFF, false))), "p.json");
        assertEquals(List.of(), StalenessCheck.differences(plan,
                Map.of("lab", new Inventory(List.of(vm(PowerState.OFF, false))))));
    }

    @Test
    void aVmThatWasStartedSincePlanningMakesThePlanStaleAndIsNamed() {
        List<String> moved = StalenessCheck.differences(planFor(vm(PowerState.OFF, false)),
                Map.of("lab", new Inventory(List.of(vm(PowerState.ON, false)))));
        assertEquals(1, moved.size());
        assertTrue(moved.get(0).contains("lab/vdi-01") && moved.get(0).contains("power was off, now on"),
                moved.get(0));
    }

    @Test
    void aVmThatVanishedMakesThePlanStale() {
        List<String> moved = StalenessCheck.differences(planFor(vm(PowerState.OFF, false)),
                Map.of("lab", new Inventory(List.of())));
        assertTrue(moved.get(0).contains("now absent"));
    }

    /** An Azure VM as its reading describes it, and a vSphere VM as its: the properties a plan was made against. */
    private static ObservedVm described(boolean nested, Map<String, String> properties) {
        return new ObservedVm("vdi-01", "id", PowerState.OFF, nested, properties);
    }

    private static final Map<String, String> AZURE = Map.of("size", "Standard_D4s_v5", "vcpus", "4");
    private static final Map<String, String> VSPHERE = Map.of("hardwareVersion", "vmx-19", "vhvEnable", "false");

    private static List<String> staleAfter(ObservedVm planned, ObservedVm now) throws Exception {
        // Through the saved file, as 'apply PLANFILE' reads it.
        Plan plan = PlanJson.read(PlanJson.write(planFor(planned)), "p.json");
        return StalenessCheck.differences(plan, Map.of("lab", new Inventory(List.of(now))));
    }

    @Test
    void aVmResizedSincePlanningMakesThePlanStale() throws Exception {
        List<String> moved = staleAfter(described(false, AZURE),
                described(false, Map.of("size", "Standard_B2s", "vcpus", "4")));
        assertEquals(List.of("lab/vdi-01: size was Standard_D4s_v5, now Standard_B2s"), moved);
    }

    @Test
    void aVmWhoseHardwareVersionChangedSincePlanningMakesThePlanStale() throws Exception {
        List<String> moved = staleAfter(described(false, VSPHERE),
                described(false, Map.of("hardwareVersion", "vmx-21", "vhvEnable", "false")));
        assertEquals(List.of("lab/vdi-01: hardwareVersion was vmx-19, now vmx-21"), moved);
    }

    @Test
    void aVmWhoseFlagsChangedSincePlanningMakesThePlanStale() throws Exception {
        assertEquals(List.of("lab/vdi-01: vhvEnable was false, now true"), staleAfter(described(false, VSPHERE),
                described(false, Map.of("hardwareVersion", "vmx-19", "vhvEnable", "true"))));
        assertEquals(List.of("lab/vdi-01: nestedVirtualization was false, now true"),
                staleAfter(described(false, VSPHERE), described(true, VSPHERE)));
    }

    @Test
    void aPropertyThatAppearedSincePlanningMakesThePlanStale() throws Exception {
        assertEquals(List.of("lab/vdi-01: size was unset, now Standard_B2s"),
                staleAfter(described(false, Map.of("vcpus", "4")), described(false, AZURE.entrySet().stream()
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                                e -> e.getKey().equals("size") ? "Standard_B2s" : e.getValue())))));
    }
}
