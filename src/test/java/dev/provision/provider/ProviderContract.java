package dev.provision.provider;

import dev.provision.event.Event;
import dev.provision.event.EventSink;
import dev.provision.model.Action;
import dev.provision.model.Blocked;
import dev.provision.model.Change;
import dev.provision.model.DesiredVm;
import dev.provision.model.Disruption;
import dev.provision.model.TargetPlan;
import dev.provision.spec.DesiredState;
import dev.provision.spec.GuestSpec;
import dev.provision.spec.PowerCyclePolicy;
import dev.provision.spec.SourceLocation;
import dev.provision.spec.TargetSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every provider must do, whatever its cloud: the lab runs it in memory, the vSphere provider against vcsim,
 * the Azure provider against the ARM emulator. A subclass seeds its backend with three VMs and opens a provider.
 */
public abstract class ProviderContract {
    /** A VM the contract needs in the backend before each test. */
    protected record ContractVm(String name, boolean poweredOn, boolean nestedVirtualization) {}

    protected static final ContractVm OFF_DISABLED = new ContractVm("contract-off", false, false);
    protected static final ContractVm ON_DISABLED = new ContractVm("contract-on", true, false);
    protected static final ContractVm ENABLED = new ContractVm("contract-enabled", true, true);

    private Provider provider;
    private TargetSpec target;

    /** Puts these VMs in a fresh backend and returns a target naming them all. */
    protected abstract TargetSpec seed(List<ContractVm> vms) throws Exception;

    protected abstract Provider open(TargetSpec target) throws Exception;

    /** What the provider's cloud needs wanted beyond nested virtualization (Azure: a size floor). */
    protected DesiredState desiredLayer() {
        return DesiredState.EMPTY;
    }

    @BeforeEach
    void seedAndOpen() throws Exception {
        target = seed(List.of(OFF_DISABLED, ON_DISABLED, ENABLED));
        provider = open(target);
    }

    @AfterEach
    void closeProvider() {
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void readsEverySeededVmWithPowerAndNestedState() throws Exception {
        Inventory inventory = provider.read();
        assertEquals(PowerState.OFF.isRunning(), inventory.vm(OFF_DISABLED.name()).orElseThrow().power().isRunning());
        assertTrue(inventory.vm(ON_DISABLED.name()).orElseThrow().power().isRunning());
        assertFalse(inventory.vm(ON_DISABLED.name()).orElseThrow().nestedVirtualization());
        assertTrue(inventory.vm(ENABLED.name()).orElseThrow().nestedVirtualization());
        assertNotNull(inventory.vm(ENABLED.name()).orElseThrow().id());
    }

    @Test
    void aVmAlreadyEnabledNeedsNothing() throws Exception {
        Change change = planFor(ENABLED, PowerCyclePolicy.GRACEFUL);
        assertEquals(Action.NO_OP, change.action());
        assertNull(change.blocked());
    }

    @Test
    void aVmThatIsOffChangesWithoutDisruption() throws Exception {
        Change change = planFor(OFF_DISABLED, PowerCyclePolicy.NEVER);
        assertEquals(Action.UPDATE, change.action());
        assertTrue(change.disruption().isEmpty(), "no power cycle for a VM that is off: " + change.disruption());
        assertNull(change.blocked());
    }

    @Test
    void aRunningVmNeedsAPowerCycleThatPolicyNeverHoldsBack() throws Exception {
        Change never = planFor(ON_DISABLED, PowerCyclePolicy.NEVER);
        assertEquals(Blocked.Kind.PENDING, never.blocked().kind());
        Change graceful = planFor(ON_DISABLED, PowerCyclePolicy.GRACEFUL);
        assertNull(graceful.blocked());
        assertFalse(graceful.disruption().isEmpty());
        assertTrue(graceful.disruption().contains(Disruption.POWER_CYCLE)
                || graceful.disruption().contains(Disruption.DEALLOCATE), graceful.disruption().toString());
    }

    @Test
    void rulesArePure() throws Exception {
        Inventory inventory = provider.read();
        List<DesiredVm> desired = desired(List.of(OFF_DISABLED, ON_DISABLED, ENABLED), PowerCyclePolicy.FORCE);
        TargetPlan first = provider.rules().plan(target, inventory, desired);
        TargetPlan second = provider.rules().plan(target, inventory, desired);
        assertEquals(first, second);
    }

    @Test
    void applyEnablesAndKeepsAnOffVmOff() throws Exception {
        ObservedVm after = provider.apply(planFor(OFF_DISABLED, PowerCyclePolicy.NEVER), EventSink.NONE);
        assertTrue(after.nestedVirtualization());
        assertFalse(after.power().isRunning());
        assertEquals(Action.NO_OP, planFor(OFF_DISABLED, PowerCyclePolicy.NEVER).action(), "re-plan is a no-op");
    }

    @Test
    void applyPowerCyclesARunningVmAndRestoresItsPowerState() throws Exception {
        List<Event> events = Collections.synchronizedList(new ArrayList<>());
        ObservedVm after = provider.apply(planFor(ON_DISABLED, PowerCyclePolicy.GRACEFUL), events::add);
        assertTrue(after.nestedVirtualization());
        assertTrue(after.power().isRunning());
        assertFalse(events.isEmpty(), "a power cycle reports its steps");
        Inventory reread = provider.read();
        assertTrue(reread.vm(ON_DISABLED.name()).orElseThrow().nestedVirtualization());
        assertEquals(Action.NO_OP, planFor(ON_DISABLED, PowerCyclePolicy.GRACEFUL).action(), "re-plan is a no-op");
    }

    @Test
    void aGuestThatDoesNotRunCannotBeProbed() throws Exception {
        ObservedVm off = provider.read().vm(OFF_DISABLED.name()).orElseThrow();
        assertThrows(ProviderException.class, () -> provider.probe(off, GuestSpec.NONE));
    }

    protected Change planFor(ContractVm vm, PowerCyclePolicy policy) throws Exception {
        TargetPlan plan = provider.rules().plan(target, provider.read(), desired(List.of(vm), policy));
        assertEquals(1, plan.changes().size());
        return plan.changes().get(0);
    }

    private List<DesiredVm> desired(List<ContractVm> vms, PowerCyclePolicy policy) {
        DesiredState layer = new DesiredState(true, null, policy, Duration.ofSeconds(30), null, null, null)
                .overlay(desiredLayer());
        return vms.stream().map(vm -> new DesiredVm(vm.name(), layer.resolve(), SourceLocation.UNKNOWN)).toList();
    }
}
