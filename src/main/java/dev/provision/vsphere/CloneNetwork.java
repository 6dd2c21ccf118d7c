package dev.provision.vsphere;

import com.vmware.vim25.ArrayOfVirtualDevice;
import com.vmware.vim25.DistributedVirtualSwitchPortConnection;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.VirtualDevice;
import com.vmware.vim25.VirtualDeviceBackingInfo;
import com.vmware.vim25.VirtualDeviceConfigSpec;
import com.vmware.vim25.VirtualDeviceConfigSpecOperation;
import com.vmware.vim25.VirtualEthernetCard;
import com.vmware.vim25.VirtualEthernetCardDistributedVirtualPortBackingInfo;
import com.vmware.vim25.VirtualEthernetCardNetworkBackingInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The template's network adapters, and the edit that puts a clone's first adapter on the template block's network.
 * A clone inherits its template's adapters; the edit rides in the clone's own config spec, so the clone never
 * boots on the template's network. A standard portgroup is named by its network object; a distributed portgroup
 * by its switch's uuid and its portgroup key, which is what ESXi connects a port with.
 */
final class CloneNetwork {
    static final String DEVICES = "config.hardware.device";

    private CloneNetwork() {
    }

    /** The network adapters of a template, in device order: one RetrievePropertiesEx. */
    static List<VirtualEthernetCard> adapters(VsphereConnection connection, String templateMoid) {
        Map<String, Object> props = connection.withSession("reading the network adapters of " + templateMoid,
                (vim, content) -> ObjectProperties.read(vim, content,
                        VsphereConnection.mor("VirtualMachine", templateMoid), DEVICES));
        return adapters(props.get(DEVICES));
    }

    static List<VirtualEthernetCard> adapters(Object devicesProperty) {
        VirtualDevice[] devices = devicesProperty instanceof ArrayOfVirtualDevice wrapped
                ? wrapped.getVirtualDevice() : devicesProperty instanceof VirtualDevice[] array ? array : null;
        List<VirtualEthernetCard> cards = new ArrayList<>();
        for (VirtualDevice device : devices == null ? new VirtualDevice[0] : devices) {
            if (device instanceof VirtualEthernetCard card) {
                cards.add(card);
            }
        }
        return cards;
    }

    /**
     * The edit of {@code card} (as read from the template) onto the network at {@code networkPath}. The network's
     * type decides the backing, so it is looked up by path first (FindByInventoryPath), and a distributed
     * portgroup's switch is read for its uuid.
     */
    static VirtualDeviceConfigSpec connect(VsphereConnection connection, VirtualEthernetCard card, String networkName,
                                           String networkPath) {
        ManagedObjectReference network = connection.withSession("finding network " + networkPath,
                (vim, content) -> vim.findByInventoryPath(content.getSearchIndex(), networkPath));
        if (network == null) {
            throw new VsphereException.Refused("network '" + networkName + "' (" + networkPath + ") is gone since "
                    + "the plan: plan again");
        }
        card.setBacking(backing(connection, network, networkName));
        VirtualDeviceConfigSpec edit = new VirtualDeviceConfigSpec();
        edit.setOperation(VirtualDeviceConfigSpecOperation.edit);
        edit.setDevice(card);
        return edit;
    }

    private static VirtualDeviceBackingInfo backing(VsphereConnection connection, ManagedObjectReference network,
                                                    String networkName) {
        switch (network.getType()) {
            case "Network" -> {
                VirtualEthernetCardNetworkBackingInfo standard = new VirtualEthernetCardNetworkBackingInfo();
                standard.setDeviceName(networkName);
                standard.setNetwork(network);
                return standard;
            }
            case "DistributedVirtualPortgroup" -> {
                Map<String, Object> portgroup = connection.withSession("reading portgroup " + networkName,
                        (vim, content) -> ObjectProperties.read(vim, content, network, "key",
                                "config.distributedVirtualSwitch"));
                if (!(portgroup.get("config.distributedVirtualSwitch") instanceof ManagedObjectReference dvs)) {
                    throw new VsphereException.Refused("portgroup '" + networkName + "' names no distributed "
                            + "switch");
                }
                Map<String, Object> dvsProps = connection.withSession("reading the switch of " + networkName,
                        (vim, content) -> ObjectProperties.read(vim, content, dvs, "uuid"));
                DistributedVirtualSwitchPortConnection port = new DistributedVirtualSwitchPortConnection();
                port.setSwitchUuid((String) dvsProps.get("uuid"));
                port.setPortgroupKey((String) portgroup.get("key"));
                VirtualEthernetCardDistributedVirtualPortBackingInfo distributed =
                        new VirtualEthernetCardDistributedVirtualPortBackingInfo();
                distributed.setPort(port);
                return distributed;
            }
            default -> throw new VsphereException.Refused("network '" + networkName + "' is a " + network.getType()
                    + " (e.g. an NSX opaque network), which provision cannot connect a clone to: name a standard "
                    + "or distributed portgroup");
        }
    }
}
