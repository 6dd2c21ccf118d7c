package dev.provision.vsphere;

import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.ObjectContent;
import com.vmware.vim25.ObjectSpec;
import com.vmware.vim25.PropertyFilterSpec;
import com.vmware.vim25.PropertySpec;
import com.vmware.vim25.RetrieveOptions;
import com.vmware.vim25.RetrieveResult;
import com.vmware.vim25.SelectionSpec;
import com.vmware.vim25.TraversalSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The naive way, for the benchmark's baseline only: list the VMs (and folders, for paths), then read each VM's
 * properties with its own call, and each host's once. Same properties and the same result as
 * {@link InventoryReader}, with a number of round trips that grows with the fleet.
 */
final class PerVmInventoryReader {
    private final VsphereConnection connection;

    PerVmInventoryReader(VsphereConnection connection) {
        this.connection = connection;
    }

    List<VsphereVm> readVms() {
        InventoryPaths paths = new InventoryPaths();
        List<ManagedObjectReference> vmRefs = new ArrayList<>();
        for (ObjectContent object : list()) {
            if (object.getObj().getType().equals("VirtualMachine")) {
                vmRefs.add(object.getObj());
            } else {
                Map<String, Object> props = props(object);
                paths.add(object.getObj().getVal(), (String) props.get("name"), InventoryReader.moid(props.get("parent")));
            }
        }
        Map<String, InventoryReader.HostFacts> hosts = new HashMap<>();
        List<VsphereVm> vms = new ArrayList<>();
        for (ManagedObjectReference vm : vmRefs) {
            Map<String, Object> props = one(vm, InventoryReader.everyVmPath()); // naive: every VM's device list and details
            if (props.get("runtime.host") instanceof ManagedObjectReference host && !hosts.containsKey(host.getVal())) {
                Map<String, Object> h = one(host, InventoryReader.HOST_PATHS);
                hosts.put(host.getVal(), InventoryReader.hostFacts(h));
            }
            vms.add(VmProperties.toVm(vm.getVal(), props, paths, hosts, true));
        }
        return vms;
    }

    /** Every VM (no properties), folder and datacenter (name and parent), through a container view. */
    private List<ObjectContent> list() {
        return connection.withSession("listing VMs", (vim, content) -> {
            ManagedObjectReference view = vim.createContainerView(content.getViewManager(), content.getRootFolder(),
                    new String[] {"VirtualMachine", "Folder", "Datacenter"}, true);
            try {
                TraversalSpec contents = new TraversalSpec();
                contents.setName("viewContents");
                contents.setType("ContainerView");
                contents.setPath("view");
                ObjectSpec start = new ObjectSpec();
                start.setObj(view);
                start.setSkip(true);
                start.setSelectSet(new SelectionSpec[] {contents});
                PropertyFilterSpec filter = new PropertyFilterSpec();
                filter.setObjectSet(new ObjectSpec[] {start});
                filter.setPropSet(new PropertySpec[] {spec("VirtualMachine"), spec("Folder", "name", "parent"),
                    spec("Datacenter", "name", "parent")});
                List<ObjectContent> all = new ArrayList<>();
                RetrieveResult page = vim.retrievePropertiesEx(content.getPropertyCollector(),
                        new PropertyFilterSpec[] {filter}, new RetrieveOptions());
                while (page != null) {
                    all.addAll(List.of(page.getObjects()));
                    page = page.getToken() == null ? null
                            : vim.continueRetrievePropertiesEx(content.getPropertyCollector(), page.getToken());
                }
                return all;
            } finally {
                vim.destroyView(view);
            }
        });
    }

    private Map<String, Object> one(ManagedObjectReference ref, String[] paths) {
        return connection.withSession("reading " + ref.getVal(),
                (vim, content) -> ObjectProperties.read(vim, content, ref, paths));
    }

    private static Map<String, Object> props(ObjectContent object) {
        try {
            return InventoryReader.properties(object);
        } catch (com.vmware.vim25.NotAuthenticated e) {
            throw new IllegalStateException(e);
        }
    }

    private static PropertySpec spec(String type, String... paths) {
        PropertySpec spec = new PropertySpec();
        spec.setType(type);
        spec.setAll(false);
        spec.setPathSet(paths);
        return spec;
    }
}
