package dev.provision.azure.sizing;

import java.util.Set;

/**
 * One VM size as the region's Resource SKU list offers it, reduced to what size selection needs.
 *
 * @param hyperVGenerations e.g. {@code V1}, {@code V2}
 * @param architecture      {@code x64} or {@code Arm64}
 * @param locationRestriction the reason code when the size is not offered to this subscription in the region
 *                            (e.g. {@code NotAvailableForSubscription}), else null
 * @param restrictedZones   zones where the size is not offered to this subscription
 * @param zones             zones where the size exists
 */
public record VmSku(String name, String family, int vcpus, double memoryGiB, Set<String> hyperVGenerations,
                    String architecture, boolean premiumIO, String locationRestriction, Set<String> restrictedZones,
                    Set<String> zones) {
    public VmSku {
        hyperVGenerations = Set.copyOf(hyperVGenerations);
        restrictedZones = Set.copyOf(restrictedZones);
        zones = Set.copyOf(zones);
    }

    /** The series generation from the name's suffix: {@code Standard_D4s_v5} is 5; no suffix is 1. */
    public int version() {
        int at = name.lastIndexOf("_v");
        if (at < 0) {
            return 1;
        }
        try {
            return Integer.parseInt(name.substring(at + 2));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
