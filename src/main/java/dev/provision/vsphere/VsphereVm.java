package dev.provision.vsphere;

/**
 * What we need to know about one VM to decide whether and how nested virtualization can be turned on.
 * Plain values only: no yavijava type leaves this package.
 *
 * @param moid                  managed object id, e.g. "vm-42" (stable while the VM exists)
 * @param path                  inventory path, e.g. "/DC0/vm/web/win-01"
 * @param hardwareVersion       e.g. "vmx-08"; nested HV needs vmx-09 or newer
 * @param vhvEnable             value of the extraConfig key vhv.enable, or null when the key is absent
 * @param faultToleranceState   vSphere's value, e.g. "notConfigured", "running"
 * @param hasPassthroughOrVgpu  a PCI passthrough, vGPU or SR-IOV device is attached (rules out nested HV); null
 *                              when the device list was not read because nesting is already exposed
 *                              ({@link InventoryReader} reads it only for VMs that may still need it turned on)
 * @param hostNestedHvSupported the host's capability.nestedHVSupported, or null when it does not say
 * @param hostVersion           the host's product version, e.g. "6.5.0", or null when unknown
 * @param restorePowerState     what an interrupted apply promised to restore ({@link RestoreMarker}), or null
 * @param lease                 the text of an apply's lease on the VM ({@link VsphereLeases}), or null
 * @param template              the VM is a template (a clone source that cannot run)
 * @param createMarker          the run id an apply wrote into the clone it made ({@link CreateMarker}), or null
 * @param resourcePoolMoid      the resource pool the VM runs in, or null (templates have none)
 * @param sizing                CPUs, memory, hot-add and the host's capacity ({@link VmSizing#UNKNOWN} when not read)
 * @param detailsRead           false when the inventory read left this VM's details out because no plan can change
 *                              it ({@link ChangeCandidates}): then hardware version, guest OS, firmware, Tools, Fault
 *                              Tolerance, host and hot-add are unknown, and read again before any change
 */
public record VsphereVm(
        String moid,
        String name,
        String path,
        RuntimePowerState powerState,
        String hardwareVersion,
        boolean nestedHvEnabled,
        String vhvEnable,
        String guestId,
        String firmware,
        boolean toolsRunning,
        String faultToleranceState,
        Boolean hasPassthroughOrVgpu,
        String hostName,
        Boolean hostNestedHvSupported,
        String hostVersion,
        String restorePowerState,
        String lease,
        boolean template,
        String createMarker,
        String resourcePoolMoid,
        VmSizing sizing,
        boolean detailsRead) {

    /**
     * A VM that is not a template, made by no apply of provision, in no known pool, with no lease on it, whose sizes
     * were not read (tests of the nesting rules alone).
     */
    public VsphereVm(String moid, String name, String path, RuntimePowerState powerState, String hardwareVersion,
                     boolean nestedHvEnabled, String vhvEnable, String guestId, String firmware, boolean toolsRunning,
                     String faultToleranceState, Boolean hasPassthroughOrVgpu, String hostName,
                     Boolean hostNestedHvSupported, String hostVersion, String restorePowerState) {
        this(moid, name, path, powerState, hardwareVersion, nestedHvEnabled, vhvEnable, guestId, firmware,
                toolsRunning, faultToleranceState, hasPassthroughOrVgpu, hostName, hostNestedHvSupported, hostVersion,
                restorePowerState, null, false, null, null, VmSizing.UNKNOWN, true);
    }

    public enum RuntimePowerState {
        POWERED_ON, POWERED_OFF, SUSPENDED, UNKNOWN;

        static RuntimePowerState of(String vsphereValue) {
            if (vsphereValue == null) {
                return UNKNOWN;
            }
            return switch (vsphereValue) {
                case "poweredOn" -> POWERED_ON;
                case "poweredOff" -> POWERED_OFF;
                case "suspended" -> SUSPENDED;
                default -> UNKNOWN;
            };
        }
    }

    /** The number in "vmx-NN", or -1 when the version is missing or not in that form. */
    public int hardwareVersionNumber() {
        if (hardwareVersion == null || !hardwareVersion.startsWith("vmx-")) {
            return -1;
        }
        try {
            return Integer.parseInt(hardwareVersion.substring(4));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** True when Fault Tolerance is set up in any state; FT and nested HV exclude each other. */
    public boolean faultToleranceConfigured() {
        return faultToleranceState != null && !faultToleranceState.equals("notConfigured");
    }

    /** True for Windows guest OS identifiers (e.g. "windows9Server64Guest", "winNetStandardGuest"). */
    public boolean windowsGuest() {
        return guestId != null && guestId.startsWith("win");
    }
}
