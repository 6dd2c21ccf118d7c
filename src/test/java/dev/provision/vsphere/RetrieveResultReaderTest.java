package dev.provision.vsphere;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.vmware.vim25.ArrayOfOptionValue;
import com.vmware.vim25.DynamicProperty;
import com.vmware.vim25.ManagedObjectNotFound;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.ObjectContent;
import com.vmware.vim25.ObjectSpec;
import com.vmware.vim25.OptionValue;
import com.vmware.vim25.PropertyFilterSpec;
import com.vmware.vim25.PropertySpec;
import com.vmware.vim25.RetrieveOptions;
import com.vmware.vim25.RetrieveResult;
import com.vmware.vim25.ServiceContent;
import com.vmware.vim25.VimPortType;
import com.vmware.vim25.ws.Argument;
import dev.provision.vsphere.sim.VcsimScenario;
import dev.provision.vsphere.sim.VcsimServer;
import java.nio.charset.StandardCharsets;
import java.rmi.RemoteException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The streaming reader against yavijava's parser, on the same bytes, recorded from vcsim 0.24.2 (our launcher) in
 * the test: the inventory read's answer must come out the same, and every answer the reader does not handle
 * (faults, missing properties, device lists) must be declined, so that yavijava reads it as before.
 */
class RetrieveResultReaderTest {
    @RegisterExtension
    static final VcsimServer VCSIM = new VcsimServer().withVms(12).withHosts(3).withScenario(VcsimScenario.create()
            .allVms(vm -> vm.guestId("windows9_64Guest").nestedHvEnabled(true).vhvEnable("TRUE"))
            .vm(VcsimServer.vmName(1), vm -> vm.nestedHvEnabled(false).vhvEnable("FALSE").pciPassthrough()
                    .extraConfig(RestoreMarker.KEY, "poweredOn").extraConfig(VsphereLeases.KEY, "run-1 until 2026-12-07T10:00:00Z"))
            .vm(VcsimServer.vmName(2), vm -> vm.poweredOff().firmware("efi").cpus(4, 2).memoryMB(16384)
                    .cpuHotAdd(true).memoryHotAdd(true).hotPlugMemoryLimitMB(65536)
                    .extraConfig(CreateMarker.KEY, "clone of tpl <&> \"quoted\""))
            .vm(VcsimServer.vmName(3), vm -> vm.suspended().faultToleranceState("running").toolsRunning(true))
            .vm(VcsimServer.vmName(4), VcsimScenario.Vm::template));

    private static VsphereConnection connection;

    @BeforeAll
    static void connect() {
        connection = VsphereConnection.open(VsphereEndpoint.of(VCSIM.url(), VCSIM.username(), VCSIM.password(),
                VsphereTrust.pinnedSha256(VCSIM.thumbprint())));
    }

    @AfterAll
    static void disconnect() {
        connection.close();
    }

    @Test
    void theInventoryAnswerReadsAsYavijavaReadsIt() throws Exception {
        byte[] answer = inventoryAnswer();
        RetrieveResult ours = RetrieveResultReader.read(answer);
        RetrieveResult theirs = (RetrieveResult) client().parse("RetrieveResult", answer);

        assertEquals(render(theirs), render(ours));
        // The fleet exercised what the reader claims to read: every value type, extraConfig with escapes.
        String rendered = render(ours);
        for (String seen : Set.of("VirtualMachinePowerState:suspended", "VirtualMachinePowerState:poweredOff",
                "VirtualMachineFaultToleranceState:running", "Boolean:true", "Integer:16384",
                "ManagedObjectReference:HostSystem:", "guestinfo.provision.create=String:clone of tpl <&> \"quoted\"",
                "Datastore", "ClusterComputeResource")) {
            assertTrue(rendered.contains(seen), seen + " in\n" + rendered);
        }
    }

    @Test
    void hostsAreReadButDeviceListsAreLeftToYavijava() throws Exception {
        ServiceContent content = content();
        ManagedObjectReference host = ObjectProperties.read(vim(), content, vmRef(VcsimServer.vmName(1)), "runtime.host")
                .values().stream().map(ManagedObjectReference.class::cast).findFirst().orElseThrow();
        byte[] hosts = retrieve(filter(host, "HostSystem", InventoryReader.HOST_PATHS));
        assertEquals(render((RetrieveResult) client().parse("RetrieveResult", hosts)), render(RetrieveResultReader.read(hosts)));
        assertTrue(render(RetrieveResultReader.read(hosts)).contains("summary.hardware.memorySize=Long:"), "an xsd:long was read");
        byte[] hotPlug = retrieve(filter(vmRef(VcsimServer.vmName(2)), "VirtualMachine", InventoryReader.HOT_PLUG_PATHS));
        assertEquals(render((RetrieveResult) client().parse("RetrieveResult", hotPlug)), render(RetrieveResultReader.read(hotPlug)));
        assertTrue(render(RetrieveResultReader.read(hotPlug)).contains("config.hotPlugMemoryLimit=Long:65536"));

        byte[] devices = retrieve(filter(vmRef(VcsimServer.vmName(1)), "VirtualMachine", new String[] {InventoryReader.DEVICES}));
        assertThrows(RetrieveResultReader.Declined.class, () -> RetrieveResultReader.read(devices));
        // ...and through PropertyPages the device list still arrives, parsed by yavijava.
        RetrieveResult page = PropertyPages.first(vim(), content.getPropertyCollector(),
                new PropertyFilterSpec[] {filter(vmRef(VcsimServer.vmName(1)), "VirtualMachine", new String[] {InventoryReader.DEVICES})},
                new RetrieveOptions());
        assertNotNull(page.getObjects()[0].getPropSet()[0].getVal());
    }

    @Test
    void aMissingPropertyIsLeftToYavijavaAndStillReported() throws Exception {
        PropertyFilterSpec filter = filter(vmRef(VcsimServer.vmName(0)), "VirtualMachine", new String[] {"name", "config.noSuchProperty"});
        byte[] answer = retrieve(filter);
        assertTrue(new String(answer, StandardCharsets.UTF_8).contains("missingSet"), "vcsim reports the path as missing");
        assertThrows(RetrieveResultReader.Declined.class, () -> RetrieveResultReader.read(answer));

        RetrieveResult page = PropertyPages.first(vim(), content().getPropertyCollector(), new PropertyFilterSpec[] {filter},
                new RetrieveOptions());
        ObjectContent vm = page.getObjects()[0];
        assertEquals("config.noSuchProperty", vm.getMissingSet()[0].getPath());
        assertEquals(VcsimServer.vmName(0), InventoryReader.properties(vm).get("name"));
    }

    @Test
    void aFaultIsThrownTypedAsYavijavaThrowsIt() throws Exception {
        PropertyFilterSpec filter = filter(VsphereConnection.mor("VirtualMachine", "vm-does-not-exist"), "VirtualMachine",
                new String[] {"name"});
        assertThrows(RetrieveResultReader.Declined.class, () -> RetrieveResultReader.read(retrieve(filter)));

        RemoteException viaYavijava = assertThrows(RemoteException.class, () -> vim().retrievePropertiesEx(
                content().getPropertyCollector(), new PropertyFilterSpec[] {filter}, new RetrieveOptions()));
        RemoteException viaPages = assertThrows(RemoteException.class, () -> PropertyPages.first(vim(),
                content().getPropertyCollector(), new PropertyFilterSpec[] {filter}, new RetrieveOptions()));
        assertEquals(ManagedObjectNotFound.class, viaYavijava.getClass());
        assertEquals(viaYavijava.getClass(), viaPages.getClass());
    }

    /** The page shape a real vCenter sends when it pages (vcsim never does): a token before the objects. */
    @Test
    void aContinuationTokenIsRead() throws Exception {
        String page = FakeVcenterEndpoint.ENVELOPE_START + "<RetrievePropertiesExResponse xmlns=\"urn:vim25\"><returnval>"
                + "<token>page-2</token><objects><obj type=\"VirtualMachine\">vm-1</obj>"
                + "<propSet><name>name</name><val xsi:type=\"xsd:string\">win-a</val></propSet></objects>"
                + "</returnval></RetrievePropertiesExResponse>" + FakeVcenterEndpoint.ENVELOPE_END;
        byte[] answer = page.getBytes(StandardCharsets.UTF_8);
        RetrieveResult ours = RetrieveResultReader.read(answer);
        assertEquals("page-2", ours.getToken());
        assertEquals(render((RetrieveResult) client().parse("RetrieveResult", answer)), render(ours));
    }

    @Test
    void anEmptyAnswerIsNoPageAsForYavijava() throws Exception {
        byte[] answer = (FakeVcenterEndpoint.ENVELOPE_START + "<RetrievePropertiesExResponse xmlns=\"urn:vim25\">"
                + "</RetrievePropertiesExResponse>" + FakeVcenterEndpoint.ENVELOPE_END).getBytes(StandardCharsets.UTF_8);
        assertEquals(null, client().parse("RetrieveResult", answer));
        assertEquals(null, RetrieveResultReader.read(answer));
    }

    private static byte[] inventoryAnswer() throws Exception {
        VimPortType vim = vim();
        ServiceContent content = content();
        ManagedObjectReference view = vim.createContainerView(content.getViewManager(), content.getRootFolder(),
                new String[] {"VirtualMachine", "HostSystem", "Folder", "Datacenter", "ClusterComputeResource",
                    "ResourcePool", "Datastore", "Network"}, true);
        try {
            return retrieve(InventoryReader.viewFilter(view, InventoryReader.firstVmPaths(ChangeCandidates.EVERY_VM)));
        } finally {
            vim.destroyView(view);
        }
    }

    private static byte[] retrieve(PropertyFilterSpec filter) throws Exception {
        return client().exchange("RetrievePropertiesEx", new Argument[] {
            new Argument("_this", "ManagedObjectReference", content().getPropertyCollector()),
            new Argument("specSet", "PropertyFilterSpec[]", new PropertyFilterSpec[] {filter}),
            new Argument("options", "RetrieveOptions", new RetrieveOptions())}, StreamedAnswer::bytes);
    }

    private static PropertyFilterSpec filter(ManagedObjectReference object, String type, String[] paths) {
        ObjectSpec objectSpec = InventoryReader.objectSpec(object);
        PropertyFilterSpec filter = new PropertyFilterSpec();
        filter.setObjectSet(new ObjectSpec[] {objectSpec});
        filter.setPropSet(new PropertySpec[] {InventoryReader.propertySpec(type, paths)});
        return filter;
    }

    private static ManagedObjectReference vmRef(String name) {
        return connection.withSession("finding " + name, (vim, content) -> {
            ManagedObjectReference view = vim.createContainerView(content.getViewManager(), content.getRootFolder(),
                    new String[] {"VirtualMachine"}, true);
            try {
                ObjectSpec start = InventoryReader.objectSpec(view);
                start.setSkip(true);
                com.vmware.vim25.TraversalSpec contents = new com.vmware.vim25.TraversalSpec();
                contents.setName("viewContents");
                contents.setType("ContainerView");
                contents.setPath("view");
                start.setSelectSet(new com.vmware.vim25.SelectionSpec[] {contents});
                PropertyFilterSpec filter = new PropertyFilterSpec();
                filter.setObjectSet(new ObjectSpec[] {start});
                filter.setPropSet(new PropertySpec[] {InventoryReader.propertySpec("VirtualMachine", new String[] {"name"})});
                for (ObjectContent vm : vim.retrievePropertiesEx(content.getPropertyCollector(),
                        new PropertyFilterSpec[] {filter}, new RetrieveOptions()).getObjects()) {
                    if (name.equals(vm.getPropSet()[0].getVal())) {
                        return vm.getObj();
                    }
                }
                throw new IllegalStateException("no VM " + name);
            } finally {
                vim.destroyView(view);
            }
        });
    }

    /** Every object, property and value with its Java class, in a stable order (property order may differ). */
    private static String render(RetrieveResult result) {
        if (result == null) {
            return "null";
        }
        List<String> lines = new ArrayList<>();
        lines.add("token " + result.getToken());
        for (ObjectContent object : result.getObjects() == null ? new ObjectContent[0] : result.getObjects()) {
            TreeMap<String, String> props = new TreeMap<>();
            for (DynamicProperty property : object.getPropSet() == null ? new DynamicProperty[0] : object.getPropSet()) {
                props.put(property.getName(), value(property.getVal()));
            }
            lines.add(object.getObj().getType() + ":" + object.getObj().getVal() + " missing="
                    + (object.getMissingSet() == null ? 0 : object.getMissingSet().length) + " " + props);
        }
        return String.join("\n", lines);
    }

    private static String value(Object value) {
        if (value instanceof ManagedObjectReference ref) {
            return "ManagedObjectReference:" + ref.getType() + ":" + ref.getVal();
        }
        if (value instanceof ArrayOfOptionValue options) {
            List<String> entries = new ArrayList<>();
            for (OptionValue option : options.getOptionValue() == null ? new OptionValue[0] : options.getOptionValue()) {
                entries.add(option.getKey() + "=" + value(option.getValue()));
            }
            return "ArrayOfOptionValue" + entries;
        }
        return value == null ? "null" : value.getClass().getSimpleName() + ":" + value;
    }

    private static GuardedWsClient client() {
        return (GuardedWsClient) vim().getWsc();
    }

    private static VimPortType vim() {
        return connection.withSession("test", (vim, content) -> vim);
    }

    private static ServiceContent content() {
        return connection.withSession("test", (vim, content) -> content);
    }
}
