package dev.provision.vsphere;

import com.vmware.vim25.ArrayOfOptionValue;
import com.vmware.vim25.ArrayOfVirtualDevice;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.OptionValue;
import com.vmware.vim25.VirtualDevice;
import com.vmware.vim25.VirtualPCIPassthrough;
import com.vmware.vim25.VirtualSriovEthernetCard;
import java.util.Map;

/** Turns the property values yavijava parsed for one VM into our {@link VsphereVm}. */
final class VmProperties {
    private VmProperties() {}

    /** @param detailsRead whether the details were read ({@link VsphereVm#detailsRead()}) */
    static VsphereVm toVm(String moid, Map<String, Object> props, InventoryPaths paths,
                          Map<String, InventoryReader.HostFacts> hosts, boolean detailsRead) {
        String name = (String) props.get("name");
        String hostMoid = props.get("runtime.host") instanceof ManagedObjectReference ref ? ref.getVal() : null;
        InventoryReader.HostFacts host = hostMoid == null ? null : hosts.get(hostMoid);
        return new VsphereVm(
                moid,
                name,
                paths.pathOf(name, InventoryReader.moid(props.get("parent"))),
                VsphereVm.RuntimePowerState.of(enumValue(props.get("runtime.powerState"))),
                (String) props.get("config.version"),
                Boolean.TRUE.equals(props.get("config.nestedHVEnabled")),
                extraConfig(props.get("config.extraConfig"), "vhv.enable"),
                (String) props.get("config.guestId"),
                (String) props.get("config.firmware"),
                "guestToolsRunning".equals(props.get("guest.toolsRunningStatus")),
                enumValue(props.get("runtime.faultToleranceState")),
                detailsRead && devicesMatter(props) ? hasPassthroughDevice(props.get(InventoryReader.DEVICES)) : null,
                host == null ? null : host.name(),
                host == null ? null : host.nestedHvSupported(),
                host == null ? null : host.productVersion(),
                RestoreMarker.read(extraConfig(props.get("config.extraConfig"), RestoreMarker.KEY)),
                RestoreMarker.read(extraConfig(props.get("config.extraConfig"), VsphereLeases.KEY)), // blank = none
                Boolean.TRUE.equals(props.get(InventoryReader.TEMPLATE)), // unread with a resource pool: no template
                RestoreMarker.read(extraConfig(props.get("config.extraConfig"), CreateMarker.KEY)),
                InventoryReader.moid(props.get("resourcePool")), sizing(props, host), detailsRead);
    }

    /**
     * Whether the VM's device list can change a plan: only a passthrough device, and only while nesting is still
     * to be turned on (the same test as {@link ObservedVms#nestingExposed}, on the raw properties).
     */
    static boolean devicesMatter(Map<String, Object> props) {
        return !Boolean.TRUE.equals(props.get("config.nestedHVEnabled"))
                || "FALSE".equalsIgnoreCase(extraConfig(props.get("config.extraConfig"), "vhv.enable"));
    }

    /**
     * Whether the memory hot-add limit and step can change a plan: only with memory hot-add on. Without it they are
     * left out even where read (a single VM's read has them), so that every read of a VM tells the same.
     */
    static boolean hotPlugMatters(Map<String, Object> props) {
        return Boolean.TRUE.equals(props.get("config.memoryHotAddEnabled"));
    }

    /** The sizes as read ({@link VmSizing#UNKNOWN} when they were not), with the host's capacity when known. */
    static VmSizing sizing(Map<String, Object> props, InventoryReader.HostFacts host) {
        int cpus = intValue(props.get("config.hardware.numCPU"));
        int coresPerSocket = intValue(props.get("config.hardware.numCoresPerSocket"));
        boolean hotPlug = hotPlugMatters(props);
        return new VmSizing(cpus, coresPerSocket > 0 ? coresPerSocket : 1, intValue(props.get("config.hardware.memoryMB")),
                Boolean.TRUE.equals(props.get("config.cpuHotAddEnabled")), hotPlug,
                hotPlug ? positiveOrNull(props.get(InventoryReader.HOT_PLUG_PATHS[0])) : null,
                hotPlug ? positiveOrNull(props.get(InventoryReader.HOT_PLUG_PATHS[1])) : null,
                host == null ? null : host.cpuThreads(), host == null ? null : host.memoryMB());
    }

    private static int intValue(Object value) {
        return value instanceof Number n ? n.intValue() : 0;
    }

    /** A limit of 0, or none, means the server did not report one. */
    private static Long positiveOrNull(Object value) {
        return value instanceof Number n && n.longValue() > 0 ? n.longValue() : null;
    }

    /** yavijava's enums are named exactly like vSphere's values (poweredOn, notConfigured, ...). */
    private static String enumValue(Object value) {
        return value instanceof Enum<?> e ? e.name() : value == null ? null : value.toString();
    }

    /** Array-valued properties arrive either as the array or wrapped in yavijava's ArrayOf... type. */
    static String extraConfig(Object value, String key) {
        OptionValue[] options = value instanceof ArrayOfOptionValue wrapped ? wrapped.getOptionValue()
                : value instanceof OptionValue[] array ? array : null;
        if (options == null) {
            return null;
        }
        String found = null;
        for (OptionValue option : options) {
            if (key.equalsIgnoreCase(option.getKey())) {
                found = option.getValue() == null ? null : option.getValue().toString(); // the last one wins, as in a .vmx
            }
        }
        return found;
    }

    /**
     * DirectPath I/O and NVIDIA vGPU devices are both VirtualPCIPassthrough (vGPU has a vmiop backing);
     * SR-IOV network adapters pass a physical function through as well. Any of them rules out nested HV.
     */
    private static boolean hasPassthroughDevice(Object value) {
        VirtualDevice[] devices = value instanceof ArrayOfVirtualDevice wrapped ? wrapped.getVirtualDevice()
                : value instanceof VirtualDevice[] array ? array : null;
        if (devices == null) {
            return false;
        }
        for (VirtualDevice device : devices) {
            if (device instanceof VirtualPCIPassthrough || device instanceof VirtualSriovEthernetCard) {
                return true;
            }
        }
        return false;
    }
}
