package dev.provision.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's main command, exactly as its "Two commands" section writes it, run twice through this checkout's
 * {@code ./provision} launcher on a fresh copy of the samples: the lab and the local Azure rehearsal (the embedded ARM
 * emulator) applied and verified, then an empty plan. The command line is read from README.md, so the test follows
 * whatever the README tells a new user to run.
 */
class ReadmeMainCommandIT {
    private static final Path CHECKOUT = Installed.BUILD.toAbsolutePath().getParent();

    @TempDir
    Path work;

    @Test
    void theReadmesMainCommandAppliesTheSamplesThenFindsNothingToDo() throws Exception {
        String command = mainCommand(Files.readString(CHECKOUT.resolve("README.md")));
        assertTrue(command.startsWith("./provision apply samples/lab.yaml"), command);
        copySamples();
        // Run where the README runs it: a folder with ./provision (the checkout's launcher, linked) and samples/.
        Files.createSymbolicLink(work.resolve("provision"), CHECKOUT.resolve("provision"));
        Map<String, String> env = new HashMap<>();
        env.put("HOME", work.toString());
        env.put("XDG_CACHE_HOME", work.resolve("cache").toString());
        env.put("CI", "true");
        env.put("PROVISION_JAVA_OPTS", null);
        env.put("PROVISION_CACHE_DIR", null);
        env.put("PROVISION_JAR", null);

        Installed.Result first = Installed.run(List.of("bash", "-c", command), work, env);
        assertEquals(0, first.exit(), first.toString());
        assertTrue(first.out().contains("Apply: ") && first.out().contains(" 0 failed"), first.toString());
        assertTrue(first.out().contains("+ azure-rehearsal/az-dev-01"), "the rehearsal ran: " + first);
        assertTrue(Files.isRegularFile(work.resolve("samples/.provision/arm-lab.json")), first.toString());

        Installed.Result second = Installed.run(List.of("bash", "-c", command), work, env);
        assertEquals(0, second.exit(), second.toString());
        assertTrue(second.out().contains("No changes."), "the second plan is empty: " + second);
        assertTrue(second.out().contains("Apply: 0 applied, 0 failed"), second.toString());
    }

    /** The first {@code ./provision} line of the README's "Two commands" section. */
    static String mainCommand(String readme) {
        int section = readme.indexOf("\n## Two commands");
        assertTrue(section >= 0, "README.md has no 'Two commands' section");
        int end = readme.indexOf("\n## ", section + 1);
        return readme.substring(section, end < 0 ? readme.length() : end).lines()
                .map(String::strip).filter(l -> l.startsWith("./provision ")).findFirst()
                .orElseThrow(() -> new AssertionError("no ./provision line under 'Two commands' in README.md"));
    }

    /** samples/ as a clone has it: without the state (.provision/) an earlier run in the checkout left there. */
    private void copySamples() throws IOException {
        Path from = CHECKOUT.resolve("samples");
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path rel = from.relativize(p);
                if (rel.startsWith(".provision")) {
                    continue;
                }
                Path to = work.resolve("samples").resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
    }
}
