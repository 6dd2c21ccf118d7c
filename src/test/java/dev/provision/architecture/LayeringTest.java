package dev.provision.architecture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layering rule of {@link Layers}, checked on the main sources: who may name whom (imports, static imports and
 * fully qualified names), which layer owns each cloud SDK, who prints, and that no packages name each other round a
 * loop. The last tests plant violations in a scratch tree to prove the checker sees each kind.
 */
class LayeringTest {
    private static final Path MAIN = Path.of("src/main/java");

    @Test
    void everyPackageNamesOnlyWhatTheTableAllows() throws IOException {
        assertEquals(List.of(), Layers.violations(Layers.sources(MAIN)));
    }

    @Test
    void noPackagesNameEachOtherRoundALoop() throws IOException {
        assertEquals(List.of(), Layers.cycles(Layers.packageGraph(Layers.sources(MAIN))));
    }

    @Test
    void everyLayerOfTheTableHasItsRow() {
        assertEquals(Set.copyOf(Layers.LAYER_OF.values()), Layers.MAY_NAME.keySet());
    }

    @Test
    void aPlantedImportStaticImportAndQualifiedNameAreEachSeen(@TempDir Path root) throws IOException {
        write(root, "engine/Wires.java", """
                package dev.provision.engine;

                import dev.provision.azure.AzureProvider;
                import static dev.provision.vsphere.VsphereProvider.open;

                /** Mentions dev.provision.cli.Main in a comment, which is not a reference. */
                final class Wires {
                    String text = "dev.provision.cli.Main in a string is not one either";
                    Object lab = dev.provision.rehearsal.lab.LabProvider.class;
                }
                """);
        List<String> found = Layers.violations(Layers.sources(root));
        assertEquals(List.of(
                "dev/provision/engine/Wires.java:3: core names dev.provision.azure (azure)",
                "dev/provision/engine/Wires.java:4: core names dev.provision.vsphere (vsphere)",
                "dev/provision/engine/Wires.java:9: core names dev.provision.rehearsal.lab (rehearsal)"), found);
    }

    @Test
    void aPlantedSdkUsePrintAndUnknownPackageAreSeen(@TempDir Path root) throws IOException {
        write(root, "armlab/Server.java", """
                package dev.provision.armlab;

                import com.azure.core.http.HttpClient;

                final class Server {
                    void log() {
                        System.err.println("emulator");
                    }
                }
                """);
        write(root, "gadgets/Thing.java", "package dev.provision.gadgets;\nfinal class Thing {}\n");
        List<String> found = Layers.violations(Layers.sources(root));
        assertEquals(List.of(
                "dev/provision/armlab/Server.java:3: armlab names com.azure.* (only azure may)",
                "dev/provision/armlab/Server.java:7: armlab prints (System.err)",
                "dev/provision/gadgets/Thing.java: package dev.provision.gadgets is in no layer of the table"), found);
    }

    @Test
    void aPlantedLoopOfThreePackagesIsSeen(@TempDir Path root) throws IOException {
        write(root, "plan/A.java", "package dev.provision.plan;\nclass A { dev.provision.provider.B b; }\n");
        write(root, "provider/B.java", "package dev.provision.provider;\nclass B { dev.provision.apply.C c; }\n");
        write(root, "apply/C.java", "package dev.provision.apply;\nclass C { dev.provision.plan.A a; }\n");
        write(root, "spec/D.java", "package dev.provision.spec;\nclass D {}\n");
        List<Set<String>> cycles = Layers.cycles(Layers.packageGraph(Layers.sources(root)));
        assertEquals(List.of(Set.of("apply", "plan", "provider")), cycles);
        assertTrue(Layers.violations(Layers.sources(root)).isEmpty(), "a loop inside the core breaks no row");
    }

    private static void write(Path root, String file, String text) throws IOException {
        Path path = root.resolve("dev/provision").resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }
}
