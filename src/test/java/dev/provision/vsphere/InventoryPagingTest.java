package dev.provision.vsphere;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * vcsim ignores maxObjects and never pages, but a real vCenter does: this fake answers the VM read in two
 * pages joined by a continuation token, and the reader must follow it.
 */
class InventoryPagingTest {
    private static String vm(String moid, String name, String power, String version, String vhv) {
        return "<objects><obj type=\"VirtualMachine\">" + moid + "</obj>"
                + "<propSet><name>name</name><val xsi:type=\"xsd:string\">" + name + "</val></propSet>"
                + "<propSet><name>parent</name><val type=\"Folder\" xsi:type=\"ManagedObjectReference\">group-v3</val></propSet>"
                + "<propSet><name>runtime.powerState</name><val xsi:type=\"VirtualMachinePowerState\">" + power + "</val></propSet>"
                + "<propSet><name>config.version</name><val xsi:type=\"xsd:string\">" + version + "</val></propSet>"
                + "<propSet><name>config.extraConfig</name><val xsi:type=\"ArrayOfOptionValue\"><OptionValue xsi:type=\"OptionValue\">"
                + "<key>vhv.enable</key><value xsi:type=\"xsd:string\">" + vhv + "</value></OptionValue></val></propSet>"
                + "<propSet><name>runtime.host</name><val type=\"HostSystem\" xsi:type=\"ManagedObjectReference\">host-7</val></propSet>"
                + "</objects>";
    }

    private static final String CONTAINERS = "<objects><obj type=\"Datacenter\">datacenter-2</obj>"
            + "<propSet><name>name</name><val xsi:type=\"xsd:string\">Lab</val></propSet>"
            + "<propSet><name>parent</name><val type=\"Folder\" xsi:type=\"ManagedObjectReference\">group-d1</val></propSet></objects>"
            + "<objects><obj type=\"Folder\">group-v3</obj>"
            + "<propSet><name>name</name><val xsi:type=\"xsd:string\">vm</val></propSet>"
            + "<propSet><name>parent</name><val type=\"Datacenter\" xsi:type=\"ManagedObjectReference\">datacenter-2</val></propSet></objects>";

    private static byte[] answer(String request) {
        String body = FakeVcenterEndpoint.sessionOrViewAnswer(request);
        if (body != null) {
            // answered as every inventory read needs
        } else if (request.contains("ContinueRetrievePropertiesEx")) {
            body = "<ContinueRetrievePropertiesExResponse xmlns=\"urn:vim25\"><returnval>"
                    + vm("vm-2", "win-b", "poweredOn", "vmx-13", "TRUE") + "</returnval></ContinueRetrievePropertiesExResponse>";
        } else if (request.contains("RetrievePropertiesEx") && request.contains(">host-7</obj>")) {
            // the hosts the VMs run on, asked for by reference (the first read's view finds none here)
            body = "<RetrievePropertiesExResponse xmlns=\"urn:vim25\"><returnval><objects><obj type=\"HostSystem\">host-7</obj>"
                    + "<propSet><name>name</name><val xsi:type=\"xsd:string\">esx-7</val></propSet>"
                    + "<propSet><name>capability.nestedHVSupported</name><val xsi:type=\"xsd:boolean\">true</val></propSet>"
                    + "<propSet><name>summary.config.product.version</name><val xsi:type=\"xsd:string\">7.0.3</val></propSet>"
                    + "</objects></returnval></RetrievePropertiesExResponse>";
        } else if (request.contains("RetrievePropertiesEx")) {
            body = "<RetrievePropertiesExResponse xmlns=\"urn:vim25\"><returnval><token>page-2</token>" + CONTAINERS
                    + vm("vm-1", "win-a", "poweredOff", "vmx-11", "FALSE") + "</returnval></RetrievePropertiesExResponse>";
        } else {
            throw new IllegalStateException("unexpected request: " + request);
        }
        return FakeVcenterEndpoint.envelope(body);
    }

    @Test
    void followsTheContinuationTokenAndStillCostsAConstantNumberOfRoundTrips(@TempDir Path dir) {
        try (FakeVcenterEndpoint fake = new FakeVcenterEndpoint(dir, InventoryPagingTest::answer);
                VsphereConnection connection = VsphereConnection.open(fake.endpoint())) {
            VmInventory inventory = new InventoryReader(connection, 1).readVms();

            List<VsphereVm> vms = inventory.vms();
            assertEquals(List.of("win-a", "win-b"), vms.stream().map(VsphereVm::name).toList());
            // CreateContainerView, RetrievePropertiesEx, ContinueRetrievePropertiesEx, DestroyView, hosts
            assertEquals(5, inventory.roundTrips());
            assertTrue(fake.requests().stream().anyMatch(r -> r.contains("<maxObjects>1</maxObjects>")), "page size sent");

            VsphereVm a = vms.get(0);
            assertEquals("/Lab/vm/win-a", a.path());
            assertEquals(VsphereVm.RuntimePowerState.POWERED_OFF, a.powerState());
            assertEquals(11, a.hardwareVersionNumber());
            assertEquals("FALSE", a.vhvEnable());
            assertEquals("esx-7", a.hostName());
            assertEquals(Boolean.TRUE, a.hostNestedHvSupported());
            assertEquals("7.0.3", a.hostVersion());
            assertEquals("TRUE", vms.get(1).vhvEnable());
        }
    }
}
