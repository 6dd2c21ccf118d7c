package dev.provision.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * provision as a real, separate process: a child JVM running {@link Main} on this build's class path, with its own
 * environment and working directory, its output read line by line as it comes. What a crash test needs that an
 * in-process run cannot give: a process that can be killed with SIGKILL, so that none of provision's code (no
 * finally, no shutdown hook) runs after the kill.
 */
final class ProvisionProcess {
    /** Generous: a child JVM on a loaded 2-core machine. Never a measure of speed, only of "did not hang". */
    static final Duration PATIENCE = Duration.ofSeconds(120);

    private final Process process;
    private final StringBuffer out = new StringBuffer();
    private final StringBuffer err = new StringBuffer();
    private final Thread outReader;
    private final Thread errReader;

    private ProvisionProcess(Process process) {
        this.process = process;
        outReader = drain(process.getInputStream(), out);
        errReader = drain(process.getErrorStream(), err);
    }

    /** Starts {@code provision args...} in {@code dir} with exactly {@code env} added to a clean environment. */
    static ProvisionProcess start(Path dir, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                // A process started in the background by a non-interactive shell inherits SIGINT ignored, and the
                // JVM keeps it so; reset it, as a terminal's foreground job has it (env execs java: same pid).
                "env", "--default-signal=INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        // Only what the test hands over: no AZURE_* or proxy settings of the machine running the tests.
        builder.environment().keySet().retainAll(List.of("PATH", "HOME", "TMPDIR", "LANG"));
        builder.environment().putAll(env);
        return new ProvisionProcess(builder.start());
    }

    private static Thread drain(InputStream stream, StringBuffer sink) {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    sink.append(line).append('\n');
                }
            } catch (IOException closed) {
                // The process ended; what it wrote is in the sink.
            }
        }, "provision-child-output");
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL ({@code kill -9}; what {@link Process#destroyForcibly()} sends on Linux), then waits for the death. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        assertTrue(process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), "survived SIGKILL; " + this);
        drained();
    }

    /**
     * SIGTERM, what a CI system sends to cancel a job, through {@code kill}: {@link Process#destroy()} sends it too,
     * but also closes our ends of the child's output, which would lose what the child says as it stops.
     */
    void terminate() throws IOException, InterruptedException {
        signal("TERM");
    }

    /** SIGINT, what Ctrl-C at a terminal sends. */
    void interrupt() throws IOException, InterruptedException {
        signal("INT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
        assertTrue(kill.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + name);
    }

    /** Waits (bounded) until a line on stderr contains {@code line}; fails if the process ends first. */
    void awaitErr(String line) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!err().lines().anyMatch(l -> l.contains(line))) {
            assertTrue(isAlive() && System.nanoTime() < deadline, "no line '" + line + "'; " + this);
            Thread.sleep(20);
        }
    }

    /** Waits for the process to end by itself and returns its exit code. */
    int awaitExit(Duration within) throws InterruptedException {
        assertTrue(process.waitFor(within.toSeconds(), TimeUnit.SECONDS),
                "still running after " + within.toSeconds() + " s; " + this);
        drained();
        return process.exitValue();
    }

    private void drained() throws InterruptedException {
        outReader.join(10_000);
        errReader.join(10_000);
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    @Override
    public String toString() {
        return "provision pid " + process.pid() + (process.isAlive() ? " (running)" : " (exit "
                + process.exitValue() + ")") + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
