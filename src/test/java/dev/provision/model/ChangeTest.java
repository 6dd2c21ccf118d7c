package dev.provision.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.spec.DesiredState;
import dev.provision.spec.PowerCyclePolicy;
import dev.provision.spec.SourceLocation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeTest {
    private static final DesiredVm VM = new DesiredVm("vdi-01", new DesiredState(true, null, PowerCyclePolicy.FORCE,
            Duration.ofSeconds(42), null, null, null).resolve(), SourceLocation.UNKNOWN);
    private static final Map<String, Object> NOW = Map.of("power", "on", "nestedVirtualization", false);

    @Test
    void everyFactoryCarriesTheVmsNameAndItsResolvedPowerCyclePolicy() {
        for (Change c : List.of(Change.noOp("t", VM, NOW), Change.create("t", VM, List.of("new"), NOW),
                Change.update("t", VM, List.of(Disruption.POWER_CYCLE), List.of("r"), NOW, Map.of(), null),
                Change.refused("t", VM, Action.UPDATE, List.of("r"), NOW, "no"))) {
            assertEquals("t/vdi-01", c.address());
            assertEquals(PowerCyclePolicy.FORCE, c.powerCycle());
            assertEquals(Duration.ofSeconds(42), c.shutdownTimeout());
            assertEquals(List.of(), c.enableFeatures());
        }
    }

    @Test
    void eachFactoryMakesTheChangeItsNameSays() {
        Change noOp = Change.noOp("t", VM, NOW);
        assertEquals(Action.NO_OP, noOp.action());
        assertEquals(NOW, noOp.before());
        assertEquals(NOW, noOp.after());
        assertFalse(noOp.isActionable());

        Change create = Change.create("t", VM, List.of("VM does not exist"), NOW);
        assertEquals(Action.CREATE, create.action());
        assertEquals(Map.of(), create.before());
        assertTrue(create.isActionable());

        Change refused = Change.refused("t", VM, Action.CREATE, List.of("r"), Map.of(), "no template");
        assertEquals(Blocked.refused("no template"), refused.blocked());
        assertEquals(List.of(), refused.disruption());
        assertFalse(refused.isActionable());
    }

    @Test
    void aRemediationKeepsEverythingButWhatItChanges() {
        Change update = Change.update("t", VM, List.of(), List.of("r"), NOW, Map.of("power", "on"), null);
        Change more = update.withReasons(List.of("r", "s"));
        assertEquals(List.of("r", "s"), more.reasons());
        assertEquals(update, new Change(more.target(), more.vm(), more.action(), more.disruption(),
                update.reasons(), more.before(), more.after(), more.blocked(), more.powerCycle(),
                more.shutdownTimeout(), more.enableFeatures()));
        Change features = update.enablingFeatures(Action.UPDATE, List.of(Disruption.REBOOT), List.of("r"),
                List.of("VirtualMachinePlatform"));
        assertEquals(List.of("VirtualMachinePlatform"), features.enableFeatures());
        assertEquals(update.after(), features.after());
        assertEquals(List.of(Disruption.REBOOT), features.disruption());
    }
}
