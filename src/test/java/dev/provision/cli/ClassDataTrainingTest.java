package dev.provision.cli;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The launcher's recording run must cover a vSphere plan too: the class list it loads ships in the jar and names
 * the inventory reader and the yavijava types that parsing an inventory needs (recorded against vcsim, see
 * BENCHMARKS.md "vSphere: cold plan").
 */
class ClassDataTrainingTest {
    @Test
    void theVsphereClassListShipsAndCoversTheInventoryRead() throws IOException {
        List<String> lines;
        try (InputStream in = ClassDataTraining.class.getResourceAsStream(ClassDataTraining.VSPHERE_CLASSES)) {
            assertNotNull(in, ClassDataTraining.VSPHERE_CLASSES + " is missing from the jar");
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        for (String needed : List.of("dev/provision/vsphere/InventoryReader", "dev/provision/vsphere/VsphereRules",
                "com/vmware/vim25/ObjectContent", "com/vmware/vim25/DynamicProperty", "com/vmware/vim25/ws/WSClient")) {
            assertTrue(lines.contains(needed), needed + " is not in the class list: record it again");
        }
    }
}
