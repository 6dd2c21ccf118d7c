package dev.provision.plan;

import dev.provision.model.Blocked;
import dev.provision.model.Disruption;

import dev.provision.provider.PowerState;
import dev.provision.spec.PowerCyclePolicy;
import dev.provision.spec.ResolvedDesiredState;

import java.util.List;

/**
 * The rule every hypervisor shares: a change that needs the VM off costs a power cycle when the VM is on, and the
 * user's power-cycle policy decides whether provision may pay it.
 */
public final class PowerCycleRules {
    private PowerCycleRules() {}

    /** The disruption such a change causes to a VM in this power state. */
    public static List<Disruption> disruptionFor(PowerState power) {
        return power.isRunning() ? List.of(Disruption.POWER_CYCLE) : List.of();
    }

    /** Why the change cannot go ahead now under the policy, or null when it can. */
    public static Blocked blockFor(PowerState power, PowerCyclePolicy policy) {
        return blockFor(power, policy, "VM is on and powerCycle is 'never': power it off, or set powerCycle to "
                + "'graceful' or 'force'");
    }

    /**
     * The same rule for a hypervisor whose cost is not a plain power cycle (Azure restarts or deallocates the VM
     * to resize it): {@code why} says what the policy does not allow and how to proceed.
     */
    public static Blocked blockFor(PowerState power, PowerCyclePolicy policy, String why) {
        return power.isRunning() && policy == PowerCyclePolicy.NEVER ? Blocked.pending(why) : null;
    }

    /** The sentence a plan shows about what will happen to the running machine. */
    public static String describe(PowerState power, ResolvedDesiredState desired) {
        if (!power.isRunning()) {
            return "VM is " + power.key() + ": changed without a power cycle, left " + power.key();
        }
        return switch (desired.powerCycle()) {
            case NEVER -> "VM is on: needs a power cycle, which powerCycle 'never' does not allow";
            case GRACEFUL -> "VM is on: guest shut down cleanly (up to " + Durations.format(desired.shutdownTimeout())
                    + ", never forced), changed, powered on again";
            case FORCE -> "VM is on: guest shut down cleanly (up to " + Durations.format(desired.shutdownTimeout())
                    + ", then powered off hard), changed, powered on again";
        };
    }
}
