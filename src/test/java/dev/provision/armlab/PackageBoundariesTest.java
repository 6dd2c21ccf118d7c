package dev.provision.armlab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The emulator is a server and must not lean on the client SDK it emulates; only dev.provision.azure may. */
class PackageBoundariesTest {
    private static final Path MAIN = Path.of("src", "main", "java");

    @Test
    void onlyTheAzurePackageImportsTheAzureSdk() throws IOException {
        Path allowed = MAIN.resolve("dev/provision/azure");
        try (Stream<Path> files = Files.walk(MAIN)) {
            List<String> offenders = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !f.startsWith(allowed))
                    .filter(PackageBoundariesTest::importsAzure)
                    .map(Path::toString)
                    .collect(Collectors.toList());
            assertEquals(List.of(), offenders);
        }
    }

    private static boolean importsAzure(Path file) {
        try {
            return Files.readAllLines(file).stream().anyMatch(line -> line.startsWith("import com.azure.")
                    || line.startsWith("import static com.azure."));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
