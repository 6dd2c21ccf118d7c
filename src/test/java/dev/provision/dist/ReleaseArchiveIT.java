package dev.provision.dist;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The release archive as a user installs it: unpacked into a read-only folder, its launcher linked into a folder
 * on PATH, and run by name from another working directory: --version, validate, plan --out, apply PLANFILE.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReleaseArchiveIT {
    @TempDir
    static Path tmp;

    private Path install;
    private String path;
    private Path cache;
    private Path work;
    private Map<String, String> env;

    @BeforeAll
    void install() throws Exception {
        install = Installed.untar(Installed.archive("tar.gz"), Files.createDirectories(tmp.resolve("opt")));
        Path onPath = Files.createDirectories(tmp.resolve("bin"));
        Files.createSymbolicLink(onPath.resolve("provision"), install.resolve("bin/provision"));
        path = onPath + ":" + System.getenv("PATH");
        cache = tmp.resolve("cache");
        work = Files.createDirectories(tmp.resolve("work"));
        // The archive's own lab spec: a lab target and the Azure rehearsal (the real Azure code path of the
        // shipped jar against the embedded ARM emulator), so a dependency trimmed too far fails here.
        for (String name : List.of("lab.yaml", "lab-azure-admin-password.txt")) {
            Files.copy(install.resolve("samples").resolve(name), work.resolve(name));
        }
        env = new HashMap<>();
        env.put("HOME", tmp.toString());
        env.put("XDG_CACHE_HOME", cache.toString());
        env.put("CI", "true");
        env.put("PROVISION_JAVA_OPTS", null);
        env.put("PROVISION_CACHE_DIR", null);
        env.put("PROVISION_JAR", null);
    }

    @AfterAll
    void makeDeletable() throws IOException {
        Installed.setWritable(install, true);
    }

    @Test
    void theMainJobRunsFromAReadOnlyInstallThroughALinkOnPath() throws Exception {
        Installed.setWritable(install, false);
        Map<String, String> before = Installed.snapshot(install);

        Installed.Result version = Installed.provision(path, work, env, "--version");
        assertEquals(0, version.exit(), version.toString());
        assertEquals("provision " + Installed.VERSION, version.out().strip());

        Installed.Result validate = Installed.provision(path, work, env, "validate", "lab.yaml");
        assertEquals(0, validate.exit(), validate.toString());
        assertTrue(validate.out().contains("lab.yaml: valid (2 targets"), validate.toString());

        Installed.Result plan = Installed.provision(path, work, env, "plan", "lab.yaml", "--out", "plan.json");
        assertEquals(0, plan.exit(), plan.toString());
        assertTrue(plan.out().contains("+ lab/dev-01  create") && plan.out().contains("+ azure-rehearsal/az-dev-01"),
                plan.toString());
        assertTrue(Files.isRegularFile(work.resolve("plan.json")), "plan --out wrote the plan in the working dir");

        Installed.Result apply = Installed.provision(path, work, env, "apply", "plan.json");
        assertEquals(0, apply.exit(), apply.toString());
        assertTrue(apply.out().contains("Verification: 6 VMs, 6 passed, 0 failed."), apply.toString());
        assertTrue(Files.isRegularFile(work.resolve(".provision/lab.json")), "the lab's state is beside the spec");

        assertEquals(before, Installed.snapshot(install), "nothing is written into the install directory");
        Set<String> recorded;
        try (Stream<Path> files = Files.list(cache.resolve("provision/cds"))) {
            recorded = files.map(f -> f.getFileName().toString()).collect(Collectors.toSet());
        }
        assertEquals(1, recorded.size(), "one class-data archive, recorded on the first run: " + recorded);
        assertTrue(recorded.iterator().next().endsWith(".jsa"), recorded.toString());
    }

    @Test
    void eachArchiveHasAChecksumInSha256sumFormat() throws IOException {
        for (String extension : List.of("tar.gz", "zip")) {
            Path archive = Installed.archive(extension);
            Path sum = archive.resolveSibling(archive.getFileName() + ".sha256");
            assertEquals(Installed.sha256(archive) + "  " + archive.getFileName(), Files.readString(sum).strip());
        }
    }

    @Test
    void theZipHoldsTheSameFilesWithAWindowsLauncher() throws Exception {
        Set<String> tarEntries = new TreeSet<>(Installed.run(List.of("tar", "-tzf",
                Installed.archive("tar.gz").toString()), tmp, Map.of()).out().lines().toList());
        Set<String> zipEntries = new TreeSet<>();
        String cmd;
        try (ZipFile zip = new ZipFile(Installed.archive("zip").toFile())) {
            zip.stream().map(ZipEntry::getName).forEach(zipEntries::add);
            ZipEntry launcher = zip.getEntry("provision-" + Installed.VERSION + "/bin/provision.cmd");
            cmd = new String(zip.getInputStream(launcher).readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        }
        assertEquals(tarEntries, zipEntries);
        assertTrue(cmd.contains("%LOCALAPPDATA%\\provision") && cmd.contains("lib\\provision.jar"), cmd);
        assertFalse(cmd.replace("\r\n", "").contains("\n"), "cmd.exe wants CRLF line ends");
    }

    @Test
    void licencesOfWhatShipsAreInTheArchive() throws IOException {
        Path licenses = install.resolve("licenses");
        String dependencies = Files.readString(licenses.resolve("DEPENDENCIES.txt"));
        assertTrue(dependencies.contains("com.azure:azure-core:jar:") && dependencies.contains("info.picocli:picocli"),
                dependencies);
        assertFalse(dependencies.contains("junit"), "test libraries do not ship");
        try (Stream<Path> folders = Files.list(licenses)) {
            assertTrue(folders.anyMatch(f -> f.getFileName().toString().startsWith("jackson-databind-")
                    && Files.isRegularFile(f.resolve("META-INF/LICENSE"))), "a library's own licence file");
        }
        assertTrue(Files.isRegularFile(licenses.resolve("THIRD-PARTY.md")));
    }
}
