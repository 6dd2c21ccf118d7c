package dev.provision.spec;

import java.time.Duration;

/**
 * The state wanted for VMs, as one layer of the spec writes it: a profile, a target's {@code desired:} block, or
 * one VM entry's overrides. Every field may be null (not said at this layer). Layers are combined with
 * {@link #overlay}, the more specific over the more general, and then {@link #resolve}d with defaults.
 *
 * @param upgradeHardware      opt-in: upgrade a vSphere VM's hardware version when it is too old for nesting
 * @param replaceTrustedLaunch opt-in: replace an Azure VM whose Trusted Launch blocks nesting
 */
public record DesiredState(Boolean nestedVirtualization, SizeRequirement size, PowerCyclePolicy powerCycle,
                           Duration shutdownTimeout, GuestSpec guest, Boolean upgradeHardware,
                           Boolean replaceTrustedLaunch) {

    public static final DesiredState EMPTY = new DesiredState(null, null, null, null, null, null, null);
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofMinutes(5);

    /** This layer over {@code lower}: what this layer says wins, gaps come from below. */
    public DesiredState overlay(DesiredState lower) {
        if (lower == null) {
            return this;
        }
        return new DesiredState(
                nestedVirtualization != null ? nestedVirtualization : lower.nestedVirtualization,
                size != null ? size.overlay(lower.size) : lower.size,
                powerCycle != null ? powerCycle : lower.powerCycle,
                shutdownTimeout != null ? shutdownTimeout : lower.shutdownTimeout,
                guest != null ? guest.overlay(lower.guest) : lower.guest,
                upgradeHardware != null ? upgradeHardware : lower.upgradeHardware,
                replaceTrustedLaunch != null ? replaceTrustedLaunch : lower.replaceTrustedLaunch);
    }

    /**
     * The complete state for one VM. Defaults: nested virtualization on (it is why this tool exists), power
     * cycles {@code never} (nothing restarts unless the user said so), 5-minute shutdown timeout, no opt-ins.
     */
    public ResolvedDesiredState resolve() {
        return new ResolvedDesiredState(
                nestedVirtualization == null || nestedVirtualization,
                size == null ? SizeRequirement.NONE : size,
                powerCycle == null ? PowerCyclePolicy.NEVER : powerCycle,
                shutdownTimeout == null ? DEFAULT_SHUTDOWN_TIMEOUT : shutdownTimeout,
                guest == null ? GuestSpec.NONE : guest,
                Boolean.TRUE.equals(upgradeHardware),
                Boolean.TRUE.equals(replaceTrustedLaunch));
    }
}
