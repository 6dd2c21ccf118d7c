package dev.provision.vsphere;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.vmware.vim25.OptionValue;
import com.vmware.vim25.VirtualMachineConfigSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a reconfigure puts on the wire, captured by a loopback endpoint: only the fields provision means to change.
 * yavijava 6.0.05 declares VirtualMachineConfigSpec.npivDesiredNodeWwns and npivDesiredPortWwns as primitive
 * {@code short}, so its serializer writes both, as 0, into every ReconfigVM_Task unless we take them out.
 */
class ReconfigureWireTest {
    private static final Pattern SPEC = Pattern.compile("<spec[^>]*>(.*)</spec>", Pattern.DOTALL);
    private static final Pattern CHILD = Pattern.compile("<(\\w+)[ >]");

    @TempDir
    Path dir;

    private static String answer(String request) {
        if (request.contains("RetrieveServiceContent")) {
            return FakeVcenterEndpoint.SERVICE_CONTENT;
        }
        if (request.contains("<Login")) {
            return FakeVcenterEndpoint.LOGIN;
        }
        if (request.contains("ReconfigVM_Task")) {
            return "<ReconfigVM_TaskResponse xmlns=\"urn:vim25\"><returnval type=\"Task\">task-1</returnval></ReconfigVM_TaskResponse>";
        }
        return "<RetrievePropertiesExResponse xmlns=\"urn:vim25\"><returnval><objects><obj type=\"Task\">task-1</obj>"
                + "<propSet><name>info.state</name><val xsi:type=\"TaskInfoState\">success</val></propSet>"
                + "</objects></returnval></RetrievePropertiesExResponse>";
    }

    /** The element names directly inside the spec of the one ReconfigVM_Task sent. */
    private static List<String> specFields(List<String> requests) {
        String reconfigure = requests.stream().filter(r -> r.contains("ReconfigVM_Task")).findFirst().orElseThrow();
        Matcher spec = SPEC.matcher(reconfigure);
        assertTrue(spec.find(), reconfigure);
        String inner = spec.group(1).replaceAll("<extraConfig[^>]*>.*?</extraConfig>", "<extraConfig>");
        return CHILD.matcher(inner).results().map(m -> m.group(1)).toList();
    }

    @Test
    void exposingNestingSendsTheFlagAndTheVmxKeyOnly() throws Exception {
        try (FakeVcenterEndpoint fake = new FakeVcenterEndpoint(dir, r -> FakeVcenterEndpoint.envelope(answer(r)));
             VsphereConnection connection = VsphereConnection.open(fake.endpoint())) {
            VirtualMachineConfigSpec spec = new VirtualMachineConfigSpec();
            spec.setNestedHVEnabled(true);
            OptionValue vhv = new OptionValue();
            vhv.setKey("vhv.enable");
            vhv.setValue("TRUE");
            spec.setExtraConfig(new OptionValue[] {vhv});
            new VmOperations(connection).reconfigure("vm-1", spec, "exposing hardware virtualization");
            assertEquals(java.util.Set.of("nestedHVEnabled", "extraConfig"), java.util.Set.copyOf(specFields(fake.requests())));
        }
    }
}
