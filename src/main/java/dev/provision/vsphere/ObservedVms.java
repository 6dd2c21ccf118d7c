package dev.provision.vsphere;

import dev.provision.provider.ObservedVm;
import dev.provision.provider.PowerState;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link VsphereVm} as the core sees it. Only stable facts become properties, because plans show them and the
 * stale-plan check compares them: no timestamps, no VMware Tools heartbeat (it flaps while a guest boots).
 */
final class ObservedVms {
    static final String PATH = "path";
    static final String HARDWARE_VERSION = "hardwareVersion";
    /** "vmx-09 or later" / "too old" / "unknown": what a hardware upgrade changes, whatever version it lands on. */
    static final String HARDWARE_FOR_NESTING = "hardwareForNesting";
    static final String VHV_ENABLE = "vhvEnable";
    static final String GUEST_ID = "guestId";
    static final String FIRMWARE = "firmware";
    static final String HOST = "host";
    static final String HOST_VERSION = "hostVersion";
    static final String HOST_NESTED_HV_SUPPORTED = "hostNestedHvSupported";
    static final String FAULT_TOLERANCE = "faultTolerance";
    static final String PASSTHROUGH = "passthrough";
    static final String RESTORE_POWER_STATE = "restorePowerState";
    static final String CREATE_MARKER = "createdByRun";

    static final String HARDWARE_OK = "vmx-09 or later";
    static final String HARDWARE_TOO_OLD = "too old";
    static final String UNSET = "unset";
    static final String UNKNOWN = "unknown";

    private ObservedVms() {}

    static ObservedVm of(VsphereVm vm) {
        Map<String, String> p = new TreeMap<>();
        p.put(PATH, vm.path());
        p.put(HARDWARE_VERSION, orElse(vm.hardwareVersion(), UNKNOWN));
        p.put(HARDWARE_FOR_NESTING, hardwareForNesting(vm));
        p.put(VHV_ENABLE, orElse(vm.vhvEnable(), UNSET));
        p.put(GUEST_ID, orElse(vm.guestId(), UNKNOWN));
        p.put(FIRMWARE, orElse(vm.firmware(), UNKNOWN));
        p.put(HOST, orElse(vm.hostName(), UNKNOWN));
        p.put(HOST_VERSION, orElse(vm.hostVersion(), UNKNOWN));
        p.put(HOST_NESTED_HV_SUPPORTED, vm.hostNestedHvSupported() == null ? UNKNOWN
                : vm.hostNestedHvSupported().toString());
        p.put(FAULT_TOLERANCE, orElse(vm.faultToleranceState(), "notConfigured"));
        p.put(PASSTHROUGH, Boolean.toString(vm.hasPassthroughOrVgpu()));
        if (vm.restorePowerState() != null) {
            p.put(RESTORE_POWER_STATE, vm.restorePowerState());
        }
        if (vm.createMarker() != null) {
            p.put(CREATE_MARKER, vm.createMarker());
        }
        return new ObservedVm(vm.name(), vm.moid(), power(vm.powerState()), nestingExposed(vm), p);
    }

    /**
     * The API flag is the truth; vhv.enable is the .vmx line behind it. An explicit vhv.enable = FALSE beside the
     * flag means the two disagree, which we treat as off (and fix). An absent key is fine: ESXi may keep it to
     * itself once the flag is set.
     */
    static boolean nestingExposed(VsphereVm vm) {
        return vm.nestedHvEnabled() && !"FALSE".equalsIgnoreCase(vm.vhvEnable());
    }

    static String hardwareForNesting(VsphereVm vm) {
        int version = vm.hardwareVersionNumber();
        return version < 0 ? UNKNOWN : version >= Reconfigure.MIN_NESTING_HARDWARE ? HARDWARE_OK : HARDWARE_TOO_OLD;
    }

    static PowerState power(VsphereVm.RuntimePowerState power) {
        return switch (power) {
            case POWERED_ON -> PowerState.ON;
            case POWERED_OFF -> PowerState.OFF;
            case SUSPENDED -> PowerState.SUSPENDED;
            case UNKNOWN -> PowerState.UNKNOWN;
        };
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
