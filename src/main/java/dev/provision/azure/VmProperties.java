package dev.provision.azure;

/**
 * The keys of an Azure VM's observed properties: stable facts only (a plan's "before", compared again by the
 * stale-plan check), never counters or timestamps that change between two reads.
 */
public final class VmProperties {
    public static final String SIZE = "size";
    public static final String SECURITY_TYPE = "securityType";
    public static final String LOCATION = "location";
    /** Comma-separated, empty for a regional (non-zonal) VM. */
    public static final String ZONES = "zones";
    public static final String VCPUS = "vcpus";
    public static final String MEMORY_GIB = "memoryGiB";
    /** The size series as the documentation names it (Dsv5), or the SKU family when it is not catalogued. */
    public static final String SERIES = "series";
    /** What the nested-virtualization catalog says of the series: supported, not supported, unknown. */
    public static final String NESTED_SUPPORT = "nestedSupport";
    public static final String HYPERV_GENERATION = "hyperVGeneration";
    public static final String OS_DISK_TYPE = "osDiskType";
    /**
     * Present only on a VM whose create was cut short: the run named by its {@link CreateMarker} tag. Stable until
     * the create is finished, so a saved plan that finishes it is not stale.
     */
    public static final String CREATE_INTERRUPTED = "createInterruptedBy";
    /** Present only when Azure's last operation on the VM failed: {@code Failed}. */
    public static final String PROVISIONING_STATE = "provisioningState";
    /** The VM's {@link RestoreMarker} as written, when an apply left one (named as on vSphere and in the lab). */
    public static final String RESTORE_POWER = "restorePowerState";
    /** Keys of the plan's "after" that are not properties. */
    public static final String POWER = "power";
    public static final String NESTED = "nestedVirtualization";

    public static final String TRUSTED_LAUNCH = "TrustedLaunch";
    public static final String STANDARD = "Standard";

    private VmProperties() {}
}
