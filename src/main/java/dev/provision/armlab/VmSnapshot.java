package dev.provision.armlab;

import java.util.List;
import java.util.Map;

/**
 * A read-only view of one simulated VM, for guest agents and for tests that check the emulator's side.
 *
 * @param guest a copy of the Windows inside (changing it changes nothing in the emulator)
 */
public record VmSnapshot(String name, String resourceGroup, String location, String size, List<String> zones,
        Map<String, String> tags, SecurityType securityType, String hyperVGeneration, ArmPowerState powerState,
        String provisioningState, String osType, WindowsGuest guest) {
}
