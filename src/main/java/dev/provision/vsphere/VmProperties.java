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

    static VsphereVm toVm(String moid, Map<String, Object> props, InventoryPaths paths, Map<String, InventoryReader.HostFacts> hosts) {
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
                hasPassthroughDevice(props.get("config.hardware.device")),
                host == null ? null : host.name(),
                host == null ? null : host.nestedHvSupported(),
                host == null ? null : host.productVersion(),
                RestoreMarker.read(extraConfig(props.get("config.extraConfig"), RestoreMarker.KEY)),
                RestoreMarker.read(extraConfig(props.get("config.extraConfig"), VsphereLeases.KEY)), // blank = none
                Boolean.TRUE.equals(props.get("config.template")),
                RestoreMarker.read(extraConfig(props.get("config.extraConfig"), CreateMarker.KEY)),
                InventoryReader.moid(props.get("resourcePool")));
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
