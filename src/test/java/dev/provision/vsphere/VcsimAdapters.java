package dev.provision.vsphere;

import com.vmware.vim25.VirtualDeviceConfigSpec;
import com.vmware.vim25.VirtualDeviceConfigSpecOperation;
import com.vmware.vim25.VirtualEthernetCard;
import com.vmware.vim25.VirtualEthernetCardDistributedVirtualPortBackingInfo;
import com.vmware.vim25.VirtualEthernetCardNetworkBackingInfo;
import com.vmware.vim25.VirtualMachineConfigSpec;
import dev.provision.vsphere.sim.VcsimServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads and arranges VMs' network adapters in vcsim through yavijava, for tests that check what a clone's
 * adapters are connected to: what the server holds, whatever provision printed.
 */
public final class VcsimAdapters {
    private VcsimAdapters() {
    }

    /**
     * What each adapter of the VM or template named {@code name} is connected to: "network VM Network (network-7)"
     * for a standard portgroup, "portgroup dvportgroup-11 of switch UUID" for a distributed one.
     */
    public static List<String> backings(VcsimServer vcsim, String name) {
        return withConnection(vcsim, connection -> {
            List<String> out = new ArrayList<>();
            for (VirtualEthernetCard card : CloneNetwork.adapters(connection, moid(connection, name))) {
                if (card.getBacking() instanceof VirtualEthernetCardNetworkBackingInfo standard) {
                    out.add("network " + standard.getDeviceName() + " (" + (standard.getNetwork() == null ? null
                            : standard.getNetwork().getVal()) + ")");
                } else if (card.getBacking() instanceof VirtualEthernetCardDistributedVirtualPortBackingInfo dv) {
                    out.add("portgroup " + dv.getPort().getPortgroupKey() + " of switch "
                            + dv.getPort().getSwitchUuid());
                } else {
                    out.add(String.valueOf(card.getBacking()));
                }
            }
            return out;
        });
    }

    /** The managed object ids of the VMs (not templates) named {@code name}. */
    public static List<String> vmsNamed(VcsimServer vcsim, String name) {
        return withConnection(vcsim, connection -> new InventoryReader(connection).readVms().vms().stream()
                .filter(v -> v.name().equals(name)).map(VsphereVm::moid).toList());
    }

    /** The managed object id of the network (standard or distributed portgroup) of that name. */
    public static String networkMoid(VcsimServer vcsim, String network) {
        return withConnection(vcsim, connection -> {
            List<Placements.Item> found = new InventoryReader(connection).readVms().placements()
                    .networksNamed(network, null);
            if (found.size() != 1) {
                throw new AssertionError(found.size() + " networks named " + network);
            }
            return found.get(0).moid();
        });
    }

    /** Removes every network adapter of the VM or template {@code name}, as an administrator would. */
    public static void removeAll(VcsimServer vcsim, String name) {
        withConnection(vcsim, connection -> {
            String moid = moid(connection, name);
            List<VirtualDeviceConfigSpec> removals = new ArrayList<>();
            for (VirtualEthernetCard card : CloneNetwork.adapters(connection, moid)) {
                VirtualDeviceConfigSpec remove = new VirtualDeviceConfigSpec();
                remove.setOperation(VirtualDeviceConfigSpecOperation.remove);
                remove.setDevice(card);
                removals.add(remove);
            }
            reconfigure(connection, moid, removals.toArray(new VirtualDeviceConfigSpec[0]));
            return null;
        });
    }

    /** Puts the first adapter of {@code name} on {@code network} (at its inventory path), as an administrator would. */
    public static void connectFirst(VcsimServer vcsim, String name, String network, String networkPath) {
        withConnection(vcsim, connection -> {
            String moid = moid(connection, name);
            VirtualEthernetCard first = CloneNetwork.adapters(connection, moid).get(0);
            reconfigure(connection, moid, CloneNetwork.connect(connection, first, network, networkPath));
            return null;
        });
    }

    /**
     * Marks the VM {@code name} as a template (MarkAsTemplate): vCenter, and vcsim, refuse to reconfigure a
     * template's devices, so a test arranges a VM's adapters first and makes it a template afterwards.
     */
    public static void markAsTemplate(VcsimServer vcsim, String name) {
        withConnection(vcsim, connection -> {
            String moid = moid(connection, name);
            connection.withSession("marking " + name + " as a template", (vim, content) -> {
                vim.markAsTemplate(VsphereConnection.mor("VirtualMachine", moid));
                return null;
            });
            return null;
        });
    }

    /** guest.hostName: the computer name a customization gave the guest (vcsim sets it at power-on). */
    public static String guestHostName(VcsimServer vcsim, String name) {
        return withConnection(vcsim, connection -> {
            String moid = moid(connection, name);
            Map<String, Object> props = connection.withSession("reading guest.hostName", (vim, content) ->
                    ObjectProperties.read(vim, content, VsphereConnection.mor("VirtualMachine", moid),
                            "guest.hostName"));
            return (String) props.get("guest.hostName");
        });
    }

    private static void reconfigure(VsphereConnection connection, String moid, VirtualDeviceConfigSpec... changes) {
        VirtualMachineConfigSpec spec = new VirtualMachineConfigSpec();
        spec.setDeviceChange(changes);
        try {
            new VmOperations(connection).reconfigure(moid, spec, "arranging the test's adapters");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A VM's or a template's id by its unique name. */
    private static String moid(VsphereConnection connection, String name) {
        VmInventory read = new InventoryReader(connection).readVms();
        List<String> ids = new ArrayList<>(read.vms().stream().filter(v -> v.name().equals(name))
                .map(VsphereVm::moid).toList());
        read.placements().templatesNamed(name, null).forEach(t -> ids.add(t.moid()));
        if (ids.size() != 1) {
            throw new AssertionError(ids.size() + " VMs or templates named " + name);
        }
        return ids.get(0);
    }

    private static <T> T withConnection(VcsimServer vcsim, Function<VsphereConnection, T> work) {
        VsphereEndpoint endpoint = VsphereEndpoint.of(vcsim.url(), vcsim.username(), vcsim.password(),
                VsphereTrust.pinnedSha256(vcsim.thumbprint()));
        try (VsphereConnection connection = VsphereConnection.open(endpoint)) {
            return work.apply(connection);
        }
    }
}
