package dev.provision.dist;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * podman as Testcontainers' container engine, started by the test itself so that `mvn -B -ntp verify` needs no
 * setup on a fresh machine of the project's kind (../shared/domain/containers-podman.md):
 * src/test/container/prepare.sh installs podman when missing (as root), configures it and builds the local JRE
 * base image; then a `podman system service` serves the Docker-compatible API on the socket that the build gave
 * Testcontainers in DOCKER_HOST (pom.xml, failsafe). The service is stopped by its own process at the end.
 */
final class ContainerHost implements AutoCloseable {
    static final String BASE_IMAGE = "localhost/debian-jre17:local";

    private final Process service;
    private final Path socket;

    private ContainerHost(Process service, Path socket) {
        this.service = service;
        this.socket = socket;
    }

    static ContainerHost start(Path checkout) throws IOException, InterruptedException {
        String dockerHost = System.getenv("DOCKER_HOST");
        if (dockerHost == null || !dockerHost.startsWith("unix://")) {
            throw new AssertionError("DOCKER_HOST is " + dockerHost + "; the build sets it to a unix socket under "
                    + "target/ (pom.xml, failsafe) for the podman service this test starts");
        }
        if (!"127.0.0.1".equals(System.getenv("TESTCONTAINERS_HOST_OVERRIDE"))) {
            throw new AssertionError("TESTCONTAINERS_HOST_OVERRIDE must be 127.0.0.1: tests reach loopback only");
        }
        Path socket = Path.of(dockerHost.substring("unix://".length()));
        if (socket.toString().length() > 100) {
            throw new AssertionError("the podman socket path is longer than a unix socket allows: " + socket
                    + "; build from a checkout with a shorter path");
        }
        Installed.Result prepared = Installed.run(List.of("bash",
                checkout.resolve("src/test/container/prepare.sh").toString()), checkout, Map.of());
        if (prepared.exit() != 0) {
            throw new AssertionError("podman is not usable here; src/test/container/prepare.sh said:\n"
                    + prepared.err());
        }
        Files.createDirectories(socket.getParent());
        Files.deleteIfExists(socket);
        Path log = socket.resolveSibling("podman-service.log");
        Process service = new ProcessBuilder("podman", "system", "service", "--time=0", "unix://" + socket)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ContainerHost host = new ContainerHost(service, socket);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!host.answersPing()) {
            if (!service.isAlive() || Instant.now().isAfter(deadline)) {
                host.close();
                throw new AssertionError("podman system service did not answer on " + socket + ":\n"
                        + Files.readString(log));
            }
            Thread.sleep(200);
        }
        return host;
    }

    /** GET /_ping on the socket, the call Docker clients start with. */
    private boolean answersPing() {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: podman\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer answer = ByteBuffer.allocate(256);
            channel.read(answer);
            return new String(answer.array(), 0, answer.position(), StandardCharsets.US_ASCII).contains(" 200 ");
        } catch (IOException e) {
            return false;
        }
    }

    /** Builds the repository's Containerfile on the local base image, with the archive `mvn package` wrote. */
    static void build(Path checkout, String image) throws IOException, InterruptedException {
        Installed.Result built = Installed.run(List.of("podman", "build", "--build-arg", "BASE=" + BASE_IMAGE,
                "--build-arg", "VERSION=" + Installed.VERSION, "-t", image, "-f", "Containerfile", "."),
                checkout, Map.of());
        if (built.exit() != 0) {
            throw new AssertionError("podman build failed:\n" + built);
        }
    }

    static void remove(String image) throws IOException, InterruptedException {
        Installed.run(List.of("podman", "rmi", "--force", image), Path.of("."), Map.of());
    }

    @Override
    public void close() throws InterruptedException {
        service.destroy();
        if (!service.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            service.destroyForcibly();
        }
    }
}
