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
 * @param vcpus             the capability {@code vCPUs}: what quota is charged
 * @param vcpusAvailable    the capability {@code vCPUsAvailable}: what the guest gets. Lower than {@code vcpus} on
 *                          constrained-vCPU sizes ({@code Standard_E4-2s_v5}: 4 charged, 2 available); 0 when the
 *                          SKU does not say (then the guest gets them all)
 */
public record VmSku(String name, String family, int vcpus, double memoryGiB, Set<String> hyperVGenerations,
                    String architecture, boolean premiumIO, String locationRestriction, Set<String> restrictedZones,
                    Set<String> zones, int vcpusAvailable) {
    public VmSku {
        hyperVGenerations = Set.copyOf(hyperVGenerations);
        restrictedZones = Set.copyOf(restrictedZones);
        zones = Set.copyOf(zones);
    }

    /** A size whose guest gets every vCPU it is charged for. */
    public VmSku(String name, String family, int vcpus, double memoryGiB, Set<String> hyperVGenerations,
                 String architecture, boolean premiumIO, String locationRestriction, Set<String> restrictedZones,
                 Set<String> zones) {
        this(name, family, vcpus, memoryGiB, hyperVGenerations, architecture, premiumIO, locationRestriction,
                restrictedZones, zones, vcpus);
    }

    /**
     * The vCPUs the guest sees, which is what a requirement means (the constrained-vCPU page: "count the available
     * vCPUs"). Quota is still charged on {@link #vcpus()}.
     */
    public int guestVcpus() {
        return vcpusAvailable > 0 ? vcpusAvailable : vcpus;
    }

    /** Charged for more vCPUs than the guest gets. */
    public boolean constrained() {
        return guestVcpus() < vcpus;
    }

    /** "2 vCPUs" or, for a constrained size, "2 vCPUs (4 charged)". */
    public String describeVcpus() {
        return guestVcpus() + " vCPUs" + (constrained() ? " (" + vcpus + " charged: constrained-vCPU size)" : "");
    }

    /** This size with another location restriction, e.g. to model a subscription that cannot use it. */
    public VmSku restricted(String reasonCode) {
        return new VmSku(name, family, vcpus, memoryGiB, hyperVGenerations, architecture, premiumIO, reasonCode,
                restrictedZones, zones, vcpusAvailable);
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
