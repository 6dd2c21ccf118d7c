package dev.provision.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The rules the layout rests on, checked on the sources: cloud SDK types stay inside their provider package, the
 * core never imports the CLI, and only the CLI prints.
 */
class LayeringTest {
    private static final Path MAIN = Path.of("src/main/java/dev/provision");

    private static List<String> violations(String packagePrefixToSkip, String forbidden) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = MAIN.relativize(file).getName(0).toString();
                if (pkg.equals(packagePrefixToSkip)) {
                    continue;
                }
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).contains(forbidden)) {
                        out.add(MAIN.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).trim());
                    }
                }
            }
        }
        return out;
    }

    @Test
    void azureSdkTypesStayInTheAzurePackage() throws IOException {
        assertEquals(List.of(), violations("azure", "import com.azure."));
    }

    @Test
    void vsphereSdkTypesStayInTheVspherePackage() throws IOException {
        assertEquals(List.of(), violations("vsphere", "import com.vmware."));
    }

    @Test
    void theCoreNeverImportsTheCli() throws IOException {
        assertEquals(List.of(), violations("cli", "import dev.provision.cli."));
    }

    @Test
    void onlyTheCliPrints() throws IOException {
        List<String> found = new ArrayList<>(violations("cli", "System.out"));
        found.addAll(violations("cli", "System.err"));
        found.addAll(violations("cli", "printStackTrace"));
        assertEquals(List.of(), found);
    }
}
