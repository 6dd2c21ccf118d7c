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
    static final String VCPUS = "vcpus";
    static final String CORES_PER_SOCKET = "coresPerSocket";
    static final String MEMORY_MB = "memoryMB";
    static final String CPU_HOT_ADD = "cpuHotAdd";
    static final String MEMORY_HOT_ADD = "memoryHotAdd";
    static final String HOT_ADD_MEMORY_LIMIT_MB = "hotAddMemoryLimitMB";
    static final String HOT_ADD_MEMORY_INCREMENT_MB = "hotAddMemoryIncrementMB";
    static final String HOST_CPU_THREADS = "hostCpuThreads";
    static final String HOST_MEMORY_MB = "hostMemoryMB";
    /** The passthrough check's value when the device list was not read: nesting is on, so it cannot matter. */
    static final String NOT_READ = "not read (nesting is on)";
    /** Present only when the read left the VM's details out ({@link VsphereVm#detailsRead()}). */
    static final String DETAILS = "details";
    static final String DETAILS_NOT_READ = "not read (nothing to change)";

    static final String HARDWARE_OK = "vmx-09 or later";
    static final String HARDWARE_TOO_OLD = "too old";
    static final String UNSET = "unset";
    static final String UNKNOWN = "unknown";

    private ObservedVms() {}

    static ObservedVm of(VsphereVm vm) {
        Map<String, String> p = new TreeMap<>();
        p.put(PATH, vm.path());
        p.put(VHV_ENABLE, orElse(vm.vhvEnable(), UNSET));
        if (vm.detailsRead()) {
            putDetails(p, vm);
        } else {
            p.put(DETAILS, DETAILS_NOT_READ);
        }
        putSizing(p, vm.sizing());
        if (vm.restorePowerState() != null) {
            p.put(RESTORE_POWER_STATE, vm.restorePowerState());
        }
        if (vm.createMarker() != null) {
            p.put(CREATE_MARKER, vm.createMarker());
        }
        return new ObservedVm(vm.name(), vm.moid(), power(vm.powerState()), nestingExposed(vm), p);
    }

    /** What decides how a VM may change: read only for VMs a plan may change (see {@link ChangeCandidates}). */
    private static void putDetails(Map<String, String> p, VsphereVm vm) {
        p.put(HARDWARE_VERSION, orElse(vm.hardwareVersion(), UNKNOWN));
        p.put(HARDWARE_FOR_NESTING, hardwareForNesting(vm));
        p.put(GUEST_ID, orElse(vm.guestId(), UNKNOWN));
        p.put(FIRMWARE, orElse(vm.firmware(), UNKNOWN));
        p.put(HOST, orElse(vm.hostName(), UNKNOWN));
        p.put(HOST_VERSION, orElse(vm.hostVersion(), UNKNOWN));
        p.put(HOST_NESTED_HV_SUPPORTED, vm.hostNestedHvSupported() == null ? UNKNOWN
                : vm.hostNestedHvSupported().toString());
        p.put(FAULT_TOLERANCE, orElse(vm.faultToleranceState(), "notConfigured"));
        p.put(PASSTHROUGH, vm.hasPassthroughOrVgpu() == null ? NOT_READ : vm.hasPassthroughOrVgpu().toString());
    }

    /** Sizes are stable facts (they change only by a reconfigure); the host's capacity decides refusals. */
    private static void putSizing(Map<String, String> p, VmSizing s) {
        if (!s.known()) {
            return;
        }
        p.put(VCPUS, Integer.toString(s.vcpus()));
        p.put(CORES_PER_SOCKET, Integer.toString(s.coresPerSocket()));
        p.put(MEMORY_MB, Long.toString(s.memoryMB()));
        p.put(CPU_HOT_ADD, Boolean.toString(s.cpuHotAdd()));
        p.put(MEMORY_HOT_ADD, Boolean.toString(s.memoryHotAdd()));
        putIfKnown(p, HOT_ADD_MEMORY_LIMIT_MB, s.hotAddMemoryLimitMB());
        putIfKnown(p, HOT_ADD_MEMORY_INCREMENT_MB, s.hotAddMemoryIncrementMB());
        putIfKnown(p, HOST_CPU_THREADS, s.hostCpuThreads());
        putIfKnown(p, HOST_MEMORY_MB, s.hostMemoryMB());
    }

    private static void putIfKnown(Map<String, String> p, String key, Number value) {
        if (value != null) {
            p.put(key, value.toString());
        }
    }

    /** The sizes back from an observed VM's properties, for the rules; {@link VmSizing#UNKNOWN} when not read. */
    static VmSizing sizing(ObservedVm vm) {
        if (vm.property(VCPUS) == null || vm.property(MEMORY_MB) == null) {
            return VmSizing.UNKNOWN;
        }
        return new VmSizing(Integer.parseInt(vm.property(VCPUS)), Integer.parseInt(vm.property(CORES_PER_SOCKET)),
                Long.parseLong(vm.property(MEMORY_MB)), Boolean.parseBoolean(vm.property(CPU_HOT_ADD)),
                Boolean.parseBoolean(vm.property(MEMORY_HOT_ADD)), longOrNull(vm.property(HOT_ADD_MEMORY_LIMIT_MB)),
                longOrNull(vm.property(HOT_ADD_MEMORY_INCREMENT_MB)),
                vm.property(HOST_CPU_THREADS) == null ? null : Integer.valueOf(vm.property(HOST_CPU_THREADS)),
                longOrNull(vm.property(HOST_MEMORY_MB)));
    }

    private static Long longOrNull(String value) {
        return value == null ? null : Long.valueOf(value);
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
