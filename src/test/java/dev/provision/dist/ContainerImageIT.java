package dev.provision.dist;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The container image built from the repository's Containerfile, run through Testcontainers on podman's
 * Docker-compatible API: --version, validate of a mounted spec, and the lab main job inside the container.
 */
class ContainerImageIT {
    private static final Path CHECKOUT = Installed.BUILD.getParent();
    private static final String IMAGE = "localhost/provision:" + Installed.VERSION.toLowerCase() + "-it";

    private static ContainerHost host;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void buildImage() throws Exception {
        host = ContainerHost.start(CHECKOUT);
        ContainerHost.build(CHECKOUT, IMAGE);
    }

    @AfterAll
    static void stop() throws Exception {
        if (host != null) {
            ContainerHost.remove(IMAGE);
            host.close();
        }
    }

    /** One run of the image's entrypoint to its end; fails when it exits non-zero. */
    private static GenericContainer<?> oneShot(String... command) {
        return new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withCommand(command)
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(5)));
    }

    @Test
    void printsItsVersionAsANonRootUser() {
        try (GenericContainer<?> c = oneShot("--version")) {
            c.start();
            assertEquals("provision " + Installed.VERSION, c.getLogs(OutputFrame.OutputType.STDOUT).strip());
            assertEquals("10001:10001", c.getContainerInfo().getConfig().getUser());
        }
    }

    @Test
    void validatesAMountedSpec() throws Exception {
        Path specs = Files.createDirectories(tmp.resolve("specs"));
        Files.copy(CHECKOUT.resolve("src/test/resources/cli/fleet.yaml"), specs.resolve("fleet.yaml"));
        // The container's user is not the owner: it needs to read and enter the folder.
        Files.setPosixFilePermissions(specs, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(specs.resolve("fleet.yaml"), PosixFilePermissions.fromString("rw-r--r--"));
        try (GenericContainer<?> c = oneShot("validate", "/specs/fleet.yaml")
                .withFileSystemBind(specs.toString(), "/specs", BindMode.READ_ONLY)) {
            c.start();
            assertTrue(c.getLogs(OutputFrame.OutputType.STDOUT).contains("/specs/fleet.yaml: valid"), c.getLogs());
        }
    }

    @Test
    void runsTheLabMainJob() {
        try (GenericContainer<?> c = oneShot("apply", "lab.yaml", "--auto-approve")
                .withCopyFileToContainer(MountableFile.forHostPath(CHECKOUT.resolve("samples/lab.yaml")),
                        "/work/lab.yaml")
                .withCopyFileToContainer(MountableFile.forHostPath(
                        CHECKOUT.resolve("samples/lab-azure-admin-password.txt")),
                        "/work/lab-azure-admin-password.txt")) {
            c.start();
            String out = c.getLogs(OutputFrame.OutputType.STDOUT);
            assertTrue(out.contains("Verification: 6 VMs, 6 passed, 0 failed."), c.getLogs());
        }
    }
}
