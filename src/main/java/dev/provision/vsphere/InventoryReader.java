package dev.provision.vsphere;

import com.vmware.vim25.DynamicProperty;
import com.vmware.vim25.ManagedObjectNotFound;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.MissingProperty;
import com.vmware.vim25.NotAuthenticated;
import com.vmware.vim25.ObjectContent;
import com.vmware.vim25.ObjectSpec;
import com.vmware.vim25.PropertyFilterSpec;
import com.vmware.vim25.PropertySpec;
import com.vmware.vim25.RetrieveOptions;
import com.vmware.vim25.RetrieveResult;
import com.vmware.vim25.SelectionSpec;
import com.vmware.vim25.ServiceContent;
import com.vmware.vim25.TraversalSpec;
import com.vmware.vim25.VimPortType;
import java.rmi.RemoteException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads every VM of a vCenter (or ESXi host) with a number of round trips that does not grow with the
 * number of VMs: CreateContainerView, RetrievePropertiesEx with explicit property paths (plus one
 * ContinueRetrievePropertiesEx per further page), DestroyView, and one RetrievePropertiesEx for the details of
 * the VMs that need them. Per-VM getters would cost thousands of calls on a real inventory.
 *
 * <p>The first read asks every VM only who and where it is, its power state, and what decides whether a plan may
 * change it (nesting, the notes in extraConfig, and its sizes where the target asks for sizes); the hosts come in the
 * same answer. Details are read, in the second call, only for the VMs a plan may change ({@link ChangeCandidates}):
 * hardware version, guest OS, firmware, Fault Tolerance, Tools, host and hot-add for those; device lists, the largest
 * part of a VM's properties and the slowest to parse (yavijava builds every device by reflection), only where nesting
 * is still to be turned on (they only tell whether a passthrough device rules that out); the memory hot-add limit
 * and step only beside the details; whether a VM is a template, only where it has no resource pool. On a fleet that
 * is mostly done, a plan reads a dozen properties fewer per VM: on loopback each property of 1,000 VMs costs
 * milliseconds of the server's encoding and of our parsing. {@link #readVms()} reads every VM in full.
 *
 * <p>Explicit paths matter twice: they keep the responses small, and yavijava's 6.0 model cannot parse
 * whole newer objects (e.g. HostSystem.config fails on 6.5+ members).
 */
public final class InventoryReader {
    /**
     * Properties read for every VM: who it is and where ("parent" gives the inventory path, a missing resource pool
     * marks a template), its power state, and whether a plan may change it (nesting, and in extraConfig the notes of
     * an interrupted apply and the lease).
     */
    static final String[] VM_PATHS = {
        "name", "parent", "resourcePool", "runtime.powerState", "config.nestedHVEnabled", "config.extraConfig",
    };
    /** Read with every VM when some entry of the target asks for a size (see {@link ChangeCandidates}). */
    static final String[] SIZE_PATHS = {
        "config.hardware.numCPU", "config.hardware.numCoresPerSocket", "config.hardware.memoryMB",
    };
    /** Read only for VMs a plan may change: what decides how, and what the plan shows of it. */
    static final String[] DETAIL_PATHS = {
        "config.version", "config.guestId", "config.firmware", "runtime.faultToleranceState",
        "guest.toolsRunningStatus", "runtime.host", "config.cpuHotAddEnabled", "config.memoryHotAddEnabled",
    };
    /** Read only for VMs whose nesting is not exposed yet (see the class comment). */
    static final String DEVICES = "config.hardware.device";
    /**
     * Read only for VMs without a resource pool: the API sets VirtualMachine.resourcePool for every VM but a
     * template (or one whose pool the session may not see), so a VM with a pool is no template.
     */
    static final String TEMPLATE = "config.template";
    /** Read only for VMs with memory hot-add on (see the class comment and {@link SizeChange#whyNotLive}). */
    static final String[] HOT_PLUG_PATHS = {"config.hotPlugMemoryLimit", "config.hotPlugMemoryIncrementSize"};
    static final String[] HOST_PATHS = {"name", "capability.nestedHVSupported", "summary.config.product.version",
        "summary.hardware.numCpuThreads", "summary.hardware.memorySize"};
    /** Folders and datacenters are read along with the VMs, to build inventory paths without more calls. */
    private static final String[] CONTAINER_PATHS = {"name", "parent"};
    /** Where clones go and what scopes a target: read in the same call too (a cluster also names its root pool). */
    private static final String[] CLUSTER_PATHS = {"name", "parent", "resourcePool"};
    private static final String[] PLACEMENT_TYPES = {"ResourcePool", "Datastore", "Network"};

    private static final int DEFAULT_PAGE_SIZE = 1000;

    private final VsphereConnection connection;
    private final int pageSize;

    public InventoryReader(VsphereConnection connection) {
        this(connection, DEFAULT_PAGE_SIZE);
    }

    /** @param pageSize objects per RetrievePropertiesEx page (a hint: servers may send fewer or, like vcsim, all) */
    public InventoryReader(VsphereConnection connection, int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be positive");
        }
        this.connection = connection;
        this.pageSize = pageSize;
    }

    /** All VMs below the root folder, each read in full, in the order the server returned them. */
    public VmInventory readVms() {
        return readVms(ChangeCandidates.EVERY_VM);
    }

    /**
     * All VMs below the root folder, in the order the server returned them; the details only of those a plan may
     * change ({@code candidates}), the others with {@link VsphereVm#detailsRead()} false.
     */
    VmInventory readVms(ChangeCandidates candidates) {
        long roundTripsBefore = connection.roundTrips();
        long started = System.nanoTime();
        Assembled read = connection.withSession("reading the VM inventory",
                (vim, content) -> read(vim, content, candidates));
        return new VmInventory(read.vms(), connection.roundTrips() - roundTripsBefore,
                Duration.ofNanos(System.nanoTime() - started), read.placements());
    }

    /**
     * One VM, its host and its folders in a single RetrievePropertiesEx (traversing runtime.host and the parent
     * chain), for re-reading a VM before and after a change. Null when the VM no longer exists.
     */
    public VsphereVm readVm(String moid) {
        List<VsphereVm> found = connection.withSession("reading VM " + moid, (vim, content) -> {
            try {
                return assemble(vim, content, retrieveAll(vim, content, new PropertyFilterSpec[] {oneVmFilter(moid)}),
                        null).vms();
            } catch (ManagedObjectNotFound gone) {
                return List.of();
            }
        });
        return found.isEmpty() ? null : found.get(0);
    }

    private Assembled read(VimPortType vim, ServiceContent content, ChangeCandidates candidates)
            throws RemoteException {
        ManagedObjectReference view = vim.createContainerView(content.getViewManager(), content.getRootFolder(),
                new String[] {"VirtualMachine", "HostSystem", "Folder", "Datacenter", "ClusterComputeResource",
                    "ResourcePool", "Datastore", "Network"}, true);
        List<ObjectContent> objects;
        try {
            objects = retrieveAll(vim, content, new PropertyFilterSpec[] {viewFilter(view, firstVmPaths(candidates))});
        } finally {
            destroyQuietly(vim, view);
        }
        return assemble(vim, content, objects, candidates);
    }

    /** What the first read asks of every VM: all but the rarely needed details when every VM is read in full. */
    static String[] firstVmPaths(ChangeCandidates candidates) {
        List<String> paths = new ArrayList<>(List.of(VM_PATHS));
        if (candidates.sizesFirst()) {
            paths.addAll(List.of(SIZE_PATHS));
        }
        if (candidates.everyVm()) {
            paths.addAll(List.of(DETAIL_PATHS));
        }
        return paths.toArray(new String[0]);
    }

    /** The VMs (templates left out) and where VMs live and clones may go. */
    private record Assembled(List<VsphereVm> vms, Placements placements) {}

    /**
     * Sorts what a read returned into VMs, hosts and folders; reads the hosts it did not include and the details of
     * the VMs that need them, all in one call. {@code candidates} null: every detail was read already (one VM).
     */
    private Assembled assemble(VimPortType vim, ServiceContent content, List<ObjectContent> objects,
                               ChangeCandidates candidates) throws RemoteException {
        InventoryPaths paths = new InventoryPaths();
        Map<String, Map<String, Object>> vmProperties = new LinkedHashMap<>();
        Map<String, ManagedObjectReference> hostRefs = new LinkedHashMap<>();
        Map<String, HostFacts> hosts = new HashMap<>();
        Map<ManagedObjectReference, Map<String, Object>> placed = new LinkedHashMap<>();
        for (ObjectContent object : objects) {
            Map<String, Object> props = properties(object);
            ManagedObjectReference ref = object.getObj();
            if (!ref.getType().equals("VirtualMachine") && !ref.getType().equals("HostSystem")) {
                placed.put(ref, props);
            }
            switch (ref.getType()) {
                case "VirtualMachine" -> {
                    vmProperties.put(ref.getVal(), props);
                    if (props.get("runtime.host") instanceof ManagedObjectReference host) {
                        hostRefs.putIfAbsent(host.getVal(), host);
                    }
                }
                case "HostSystem" -> hosts.put(ref.getVal(), hostFacts(props));
                default -> paths.add(ref.getVal(), (String) props.get("name"), moid(props.get("parent")));
            }
        }
        hostRefs.keySet().removeAll(hosts.keySet());
        Map<List<String>, List<ManagedObjectReference>> needDetails = new LinkedHashMap<>();
        Set<String> settled = new HashSet<>();
        if (candidates != null) {
            vmProperties.forEach((moid, props) -> {
                boolean inFull = candidates.everyVm() || candidates.mayChange((String) props.get("name"), props);
                if (!inFull) {
                    settled.add(moid);
                }
                List<String> details = inFull ? detailsFor(props, !candidates.everyVm(), candidates.sizesFirst())
                        : props.get("resourcePool") == null ? List.of(TEMPLATE) : List.of();
                if (!details.isEmpty()) {
                    needDetails.computeIfAbsent(details, d -> new ArrayList<>()).add(VsphereConnection.mor("VirtualMachine", moid));
                }
            });
        }
        readHostsAndDetails(vim, content, hostRefs.values(), needDetails, hosts, vmProperties);

        Placements placements = new Placements();
        for (Map.Entry<ManagedObjectReference, Map<String, Object>> object : placed.entrySet()) {
            place(placements, paths, object.getKey(), object.getValue());
        }
        List<VsphereVm> vms = new ArrayList<>(vmProperties.size());
        for (Map.Entry<String, Map<String, Object>> vm : vmProperties.entrySet()) {
            VsphereVm read = VmProperties.toVm(vm.getKey(), vm.getValue(), paths, hosts, !settled.contains(vm.getKey()));
            if (read.template()) { // a template cannot run: it is a clone source, never a VM to manage
                placements.addTemplate(new Placements.Item(read.moid(), read.name(), read.path(), null));
            } else {
                vms.add(read);
            }
        }
        return new Assembled(vms, placements);
    }

    private static void place(Placements placements, InventoryPaths paths, ManagedObjectReference ref,
                              Map<String, Object> props) {
        String name = (String) props.get("name");
        String parent = moid(props.get("parent"));
        Placements.Item item = new Placements.Item(ref.getVal(), name, paths.pathOf(name, parent), parent);
        switch (ref.getType()) {
            case "Folder" -> placements.addFolder(item);
            case "ClusterComputeResource" -> placements.addCluster(item, moid(props.get("resourcePool")));
            case "ResourcePool", "VirtualApp" -> placements.addPool(item);
            case "Datastore" -> placements.addDatastore(item);
            case "Network", "DistributedVirtualPortgroup", "OpaqueNetwork" -> placements.addNetwork(item);
            default -> { } // datacenters only make paths
        }
    }

    /**
     * What a VM a plan may change needs beyond its first read (see the class comment).
     *
     * @param detailsNow  the VM may change and its details were not in the first read: read them now, the memory
     *                    hot-add limit and step with them (whether hot-add is on is one of them)
     * @param sizesRead   the first read had the sizes
     */
    private static List<String> detailsFor(Map<String, Object> props, boolean detailsNow, boolean sizesRead) {
        List<String> details = new ArrayList<>();
        if (detailsNow) {
            details.addAll(List.of(DETAIL_PATHS));
            if (!sizesRead) {
                details.addAll(List.of(SIZE_PATHS));
            }
            details.addAll(List.of(HOT_PLUG_PATHS));
        }
        if (VmProperties.devicesMatter(props)) {
            details.add(DEVICES);
        }
        if (!detailsNow && VmProperties.hotPlugMatters(props)) {
            details.addAll(List.of(HOT_PLUG_PATHS));
        }
        if (props.get("resourcePool") == null) {
            details.add(TEMPLATE);
        }
        return details;
    }

    /**
     * The hosts' facts, and the details added to those VMs' properties: one RetrievePropertiesEx, or none. VMs that
     * need the same details share a filter; no object is in two filters (vcsim reports an object only once per call).
     */
    private void readHostsAndDetails(VimPortType vim, ServiceContent content, Collection<ManagedObjectReference> hostRefs,
                                     Map<List<String>, List<ManagedObjectReference>> vmRefsByDetails,
                                     Map<String, HostFacts> hosts, Map<String, Map<String, Object>> vmProperties)
            throws RemoteException {
        List<PropertyFilterSpec> filters = new ArrayList<>();
        if (!hostRefs.isEmpty()) {
            filters.add(filter(hostRefs, propertySpec("HostSystem", HOST_PATHS)));
        }
        vmRefsByDetails.forEach((details, vmRefs) ->
                filters.add(filter(vmRefs, propertySpec("VirtualMachine", details.toArray(new String[0])))));
        if (filters.isEmpty()) {
            return;
        }
        for (ObjectContent object : retrieveAll(vim, content, filters.toArray(new PropertyFilterSpec[0]))) {
            ManagedObjectReference ref = object.getObj();
            if ("HostSystem".equals(ref.getType())) {
                hosts.put(ref.getVal(), hostFacts(properties(object)));
            } else if (vmProperties.containsKey(ref.getVal())) {
                vmProperties.get(ref.getVal()).putAll(properties(object));
            }
        }
    }

    private static PropertyFilterSpec filter(Collection<ManagedObjectReference> objects, PropertySpec properties) {
        PropertyFilterSpec filter = new PropertyFilterSpec();
        filter.setObjectSet(objects.stream().map(InventoryReader::objectSpec).toArray(ObjectSpec[]::new));
        filter.setPropSet(new PropertySpec[] {properties});
        return filter;
    }

    static ObjectSpec objectSpec(ManagedObjectReference ref) {
        ObjectSpec spec = new ObjectSpec();
        spec.setObj(ref);
        spec.setSkip(false);
        return spec;
    }

    static HostFacts hostFacts(Map<String, Object> props) {
        Long memoryBytes = props.get("summary.hardware.memorySize") instanceof Number n ? n.longValue() : null;
        return new HostFacts((String) props.get("name"), (Boolean) props.get("capability.nestedHVSupported"),
                (String) props.get("summary.config.product.version"),
                props.get("summary.hardware.numCpuThreads") instanceof Number n ? n.intValue() : null,
                memoryBytes == null ? null : memoryBytes / (1024 * 1024));
    }

    /**
     * RetrievePropertiesEx, then ContinueRetrievePropertiesEx until the server has no more pages; the answers are
     * read by a streaming parser where they allow it (see {@link PropertyPages}).
     */
    private List<ObjectContent> retrieveAll(VimPortType vim, ServiceContent content, PropertyFilterSpec[] filters) throws RemoteException {
        ManagedObjectReference collector = content.getPropertyCollector();
        RetrieveOptions options = new RetrieveOptions();
        options.setMaxObjects(pageSize);
        List<ObjectContent> all = new ArrayList<>();
        RetrieveResult page = PropertyPages.first(vim, collector, filters, options);
        while (page != null) {
            if (page.getObjects() != null) {
                all.addAll(List.of(page.getObjects()));
            }
            String token = page.getToken();
            page = token == null ? null : PropertyPages.next(vim, collector, token);
        }
        return all;
    }

    static PropertyFilterSpec viewFilter(ManagedObjectReference view, String[] vmPaths) {
        TraversalSpec viewContents = new TraversalSpec();
        viewContents.setName("viewContents");
        viewContents.setType("ContainerView");
        viewContents.setPath("view");
        viewContents.setSkip(false);

        ObjectSpec start = new ObjectSpec();
        start.setObj(view);
        start.setSkip(true);
        start.setSelectSet(new SelectionSpec[] {viewContents});

        PropertyFilterSpec filter = new PropertyFilterSpec();
        filter.setObjectSet(new ObjectSpec[] {start});
        filter.setPropSet(new PropertySpec[] {
            propertySpec("VirtualMachine", vmPaths),
            propertySpec("HostSystem", HOST_PATHS),
            propertySpec("Folder", CONTAINER_PATHS),
            propertySpec("Datacenter", CONTAINER_PATHS),
            propertySpec("ClusterComputeResource", CLUSTER_PATHS),
            propertySpec(PLACEMENT_TYPES[0], CONTAINER_PATHS),
            propertySpec(PLACEMENT_TYPES[1], CONTAINER_PATHS),
            propertySpec(PLACEMENT_TYPES[2], CONTAINER_PATHS),
        });
        return filter;
    }

    /** The VM itself, then runtime.host, and parent after parent up to the root folder. */
    private static PropertyFilterSpec oneVmFilter(String moid) {
        TraversalSpec folderUp = traversal("folderUp", "Folder", "parent", "folderUp", "datacenterUp");
        TraversalSpec datacenterUp = traversal("datacenterUp", "Datacenter", "parent", "folderUp");
        TraversalSpec vmToParent = traversal("vmToParent", "VirtualMachine", "parent", "folderUp");
        TraversalSpec vmToHost = traversal("vmToHost", "VirtualMachine", "runtime.host");

        ObjectSpec start = new ObjectSpec();
        start.setObj(VsphereConnection.mor("VirtualMachine", moid));
        start.setSkip(false);
        start.setSelectSet(new SelectionSpec[] {vmToParent, vmToHost, folderUp, datacenterUp});

        PropertyFilterSpec filter = new PropertyFilterSpec();
        filter.setObjectSet(new ObjectSpec[] {start});
        filter.setPropSet(new PropertySpec[] {
            propertySpec("VirtualMachine", everyVmPath()),
            propertySpec("HostSystem", HOST_PATHS),
            propertySpec("Folder", CONTAINER_PATHS),
            propertySpec("Datacenter", CONTAINER_PATHS),
        });
        return filter;
    }

    /** Every VM property, the details too (for one VM they are cheap, and a second call is not). */
    static String[] everyVmPath() {
        List<String> paths = new ArrayList<>(List.of(VM_PATHS));
        paths.addAll(List.of(SIZE_PATHS));
        paths.addAll(List.of(DETAIL_PATHS));
        paths.add(DEVICES);
        paths.addAll(List.of(HOT_PLUG_PATHS));
        paths.add(TEMPLATE);
        return paths.toArray(new String[0]);
    }

    private static TraversalSpec traversal(String name, String type, String path, String... next) {
        TraversalSpec spec = new TraversalSpec();
        spec.setName(name);
        spec.setType(type);
        spec.setPath(path);
        spec.setSkip(false);
        SelectionSpec[] selections = new SelectionSpec[next.length];
        for (int i = 0; i < next.length; i++) {
            selections[i] = new SelectionSpec();
            selections[i].setName(next[i]);
        }
        spec.setSelectSet(selections);
        return spec;
    }

    static PropertySpec propertySpec(String type, String[] paths) {
        PropertySpec spec = new PropertySpec();
        spec.setType(type);
        spec.setAll(false);
        spec.setPathSet(paths.clone());
        return spec;
    }

    /**
     * The object's properties by path. A property missing because the session is gone means the same as
     * a NotAuthenticated fault (vcsim answers reads that way), so it is thrown as one to trigger a re-login.
     */
    static Map<String, Object> properties(ObjectContent object) throws NotAuthenticated {
        if (object.getMissingSet() != null) {
            for (MissingProperty missing : object.getMissingSet()) {
                if (missing.getFault() != null && missing.getFault().getFault() instanceof NotAuthenticated) {
                    throw new NotAuthenticated();
                }
            }
        }
        Map<String, Object> props = new HashMap<>();
        if (object.getPropSet() != null) {
            for (DynamicProperty property : object.getPropSet()) {
                props.put(property.getName(), property.getVal());
            }
        }
        return props;
    }

    static String moid(Object value) {
        return value instanceof ManagedObjectReference ref ? ref.getVal() : null;
    }

    private static void destroyQuietly(VimPortType vim, ManagedObjectReference view) {
        try {
            vim.destroyView(view);
        } catch (RemoteException | RuntimeException ignored) {
            // The view dies with the session anyway; the read's own outcome is what matters.
        }
    }

    /** What the inventory says about one host; capacity values are null when it does not report them. */
    record HostFacts(String name, Boolean nestedHvSupported, String productVersion, Integer cpuThreads,
                     Long memoryMB) {}
}
