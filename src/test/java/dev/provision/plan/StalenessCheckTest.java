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
}
