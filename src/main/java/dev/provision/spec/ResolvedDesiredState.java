package dev.provision.spec;

import java.time.Duration;

/** The state wanted for one VM after all layers and defaults: nothing here is null. */
public record ResolvedDesiredState(boolean nestedVirtualization, SizeRequirement size, PowerCyclePolicy powerCycle,
                                   Duration shutdownTimeout, GuestSpec guest, boolean upgradeHardware,
                                   boolean replaceTrustedLaunch) {
}
