package dev.provision.vsphere.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A private vCenter simulator for one test class, in the style of a Testcontainers module but without
 * Docker: our Go launcher around govmomi's vcsim (src/test/vcsim), run as a child process on a free
 * loopback port with a fresh TLS certificate.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final VcsimServer VCSIM = new VcsimServer().withVms(200).withHosts(4);
 * </pre>
 * or call {@link #start()} / {@link #close()} yourself. The first start in a JVM runs build.sh, which
 * installs Go and govmomi from Debian when missing (as root) and builds the launcher when out of date.
 * Anything that goes wrong fails loudly with the launcher's stderr; a test is never skipped.
 *
 * <p>The launcher exits when its stdin closes, so it cannot outlive the test JVM.
 */
public final class VcsimServer implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Object BUILD_LOCK = new Object();
    private static volatile boolean built;

    private int vms = 10;
    private int hosts = 3;
    private long latencyMillis;
    private Duration sessionTimeout = Duration.ZERO;
    private Path scenarioFile;
    private VcsimScenario scenario;
    private Duration startupTimeout = Duration.ofSeconds(60);

    private Process process;
    private Path workDir;
    private JsonNode ready;

    /** vcsim's name for the i-th VM (all VMs sit in the cluster's resource pool). */
    public static String vmName(int i) {
        return "DC0_C0_RP0_VM" + i;
    }

    /** vcsim's name for the i-th host of the cluster. */
    public static String hostName(int i) {
        return "DC0_C0_H" + i;
    }

    public VcsimServer withVms(int count) {
        this.vms = count;
        return this;
    }

    public VcsimServer withHosts(int count) {
        this.hosts = count;
        return this;
    }

    /** Added to every SOAP call, to see how an operation behaves on a slower link. */
    public VcsimServer withLatencyMillis(long millis) {
        this.latencyMillis = millis;
        return this;
    }

    public VcsimServer withScenario(Path jsonFile) {
        this.scenarioFile = jsonFile;
        this.scenario = null;
        return this;
    }

    public VcsimServer withScenario(VcsimScenario scenario) {
        this.scenario = scenario;
        this.scenarioFile = null;
        return this;
    }

    /** Sessions idle for longer expire (checked at this interval, so expiry comes within 1-2x of it). */
    public VcsimServer withSessionTimeout(Duration timeout) {
        this.sessionTimeout = timeout;
        return this;
    }

    public VcsimServer withStartupTimeout(Duration timeout) {
        this.startupTimeout = timeout;
        return this;
    }

    public synchronized VcsimServer start() {
        if (process != null) {
            throw new IllegalStateException("vcsim already started at " + url());
        }
        Path binary = ensureBuilt();
        try {
            workDir = Files.createTempDirectory("provision-vcsim-");
            List<String> command = command(binary);
            Path stderr = workDir.resolve("stderr.log");
            process = new ProcessBuilder(command)
                    .redirectError(stderr.toFile())
                    .start();
            ready = awaitReadyLine(command, stderr);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("could not start vcsim", e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    public String url() {
        return field("url");
    }

    public String username() {
        return field("username");
    }

    public String password() {
        return field("password");
    }

    /** SHA-256 of the server certificate, upper-case hex pairs joined by colons. */
    public String thumbprint() {
        return field("thumbprint");
    }

    /** The SHA-1 thumbprint of the simulated ESXi hosts' certificate, as their summary.config.sslThumbprint says. */
    public String hostThumbprint() {
        return field("hostThumbprint");
    }

    /** The server certificate as a PEM file (self-signed, SAN IP:127.0.0.1), for CA-file trust. */
    public Path certificateFile() {
        return Path.of(field("certFile"));
    }

    /** The launcher's process id while it runs (for tests of this fixture). */
    synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("vcsim is not started");
        }
        return process.pid();
    }

    public int vmCount() {
        return vms;
    }

    public int hostCount() {
        return hosts;
    }

    /** Stops our own launcher process (closing its stdin first, then SIGTERM, then SIGKILL) and cleans up. */
    @Override
    public synchronized void close() {
        if (process != null) {
            try {
                process.getOutputStream().close(); // the launcher exits on stdin EOF
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroy();
                    if (!process.waitFor(5, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    }
                }
            } catch (IOException ignored) {
                process.destroyForcibly();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            process = null;
        }
        ready = null;
        deleteWorkDir();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    private List<String> command(Path binary) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                binary.toString(),
                "-hosts", Integer.toString(hosts),
                "-vms", Integer.toString(vms),
                "-port", "0",
                "-latency-ms", Long.toString(latencyMillis),
                "-session-timeout", sessionTimeout.toMillis() + "ms",
                "-cert-out", workDir.resolve("server.pem").toString()));
        Path scenarioPath = scenarioFile;
        if (scenario != null) {
            scenarioPath = workDir.resolve("scenario.json");
            JSON.writeValue(scenarioPath.toFile(), scenario.toJsonTree());
        }
        if (scenarioPath != null) {
            command.add("-scenario");
            command.add(scenarioPath.toString());
        }
        return command;
    }

    private JsonNode awaitReadyLine(List<String> command, Path stderr) {
        Process started = process;
        CompletableFuture<String> firstLine = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
                firstLine.complete(out.readLine());
                while (out.readLine() != null) {
                    // keep draining: the launcher must never block on a full pipe
                }
            } catch (IOException e) {
                firstLine.completeExceptionally(e);
            }
        }, "vcsim-stdout");
        reader.setDaemon(true);
        reader.start();

        String line;
        try {
            line = firstLine.get(startupTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw failure("did not print its ready line within " + startupTimeout, command, stderr);
        } catch (ExecutionException e) {
            throw failure("could not be read: " + e.getCause(), command, stderr);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("start was interrupted", command, stderr);
        }
        if (line == null) {
            throw failure("exited before it was ready", command, stderr);
        }
        try {
            JsonNode node = JSON.readTree(line);
            if (!node.path("ready").asBoolean(false)) {
                throw failure("printed an unexpected first line: " + line, command, stderr);
            }
            return node;
        } catch (IOException e) {
            throw failure("printed a first line that is not JSON: " + line, command, stderr);
        }
    }

    private IllegalStateException failure(String what, List<String> command, Path stderr) {
        String exit = "";
        if (process != null) {
            try {
                if (process.waitFor(2, TimeUnit.SECONDS)) {
                    exit = " (exit code " + process.exitValue() + ")";
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new IllegalStateException("vcsim " + what + exit + "\ncommand: " + String.join(" ", command)
                + "\n--- launcher stderr ---\n" + readQuietly(stderr));
    }

    private String field(String name) {
        if (ready == null) {
            throw new IllegalStateException("vcsim is not started");
        }
        JsonNode value = ready.get(name);
        if (value == null || value.isNull()) {
            throw new IllegalStateException("vcsim's ready line has no " + name + ": " + ready);
        }
        return value.asText();
    }

    /** Runs build.sh once per JVM; it installs what is missing and rebuilds only when sources changed. */
    private static Path ensureBuilt() {
        Path project = projectDir();
        Path binary = project.resolve("target/vcsim/provision-vcsim");
        synchronized (BUILD_LOCK) {
            if (built && Files.isExecutable(binary)) {
                return binary;
            }
            Path script = project.resolve("src/test/vcsim/build.sh");
            Path log;
            try {
                log = Files.createTempFile("provision-vcsim-build-", ".log");
                Process build = new ProcessBuilder("bash", script.toString())
                        .directory(project.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
                if (!build.waitFor(BUILD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    build.destroyForcibly();
                    throw new IllegalStateException("building vcsim took longer than " + BUILD_TIMEOUT + ":\n" + readQuietly(log));
                }
                if (build.exitValue() != 0) {
                    throw new IllegalStateException("building vcsim failed (" + script + ", exit code " + build.exitValue() + "):\n"
                            + readQuietly(log));
                }
                // Say what happened (installed packages, built or up to date) in the test output.
                System.err.print(readQuietly(log));
                Files.deleteIfExists(log);
            } catch (IOException e) {
                throw new UncheckedIOException("could not run " + script, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while building vcsim", e);
            }
            if (!Files.isExecutable(binary)) {
                throw new IllegalStateException(script + " succeeded but " + binary + " is missing");
            }
            built = true;
            return binary;
        }
    }

    /** Maven's surefire sets basedir; an IDE usually runs tests in the project directory. */
    private static Path projectDir() {
        String basedir = System.getProperty("basedir");
        return Path.of(basedir != null ? basedir : System.getProperty("user.dir")).toAbsolutePath();
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(could not read " + file + ": " + e.getMessage() + ")";
        }
    }

    private void deleteWorkDir() {
        if (workDir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
        workDir = null;
    }
}
