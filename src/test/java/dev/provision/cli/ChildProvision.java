package dev.provision.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A real provision process for the tests of signals and process death: a child JVM running
 * {@code dev.provision.cli.Main} on this build's classes, its output read as it comes, so that a test can wait for
 * a line before it signals or kills the process.
 */
final class ChildProvision {
    /** Generous: a child JVM on a loaded 2-core machine. Never a measure of speed, only of "did not hang". */
    static final Duration START = Duration.ofSeconds(90);

    private final Process process;
    private final List<String> errLines = new CopyOnWriteArrayList<>();
    private final StringBuffer out = new StringBuffer();
    private final Thread errReader;
    private final Thread outReader;

    private ChildProvision(Process process) {
        this.process = process;
        errReader = reader(process.getErrorStream(), errLines::add);
        outReader = reader(process.getInputStream(), line -> out.append(line).append('\n'));
    }

    /**
     * Starts {@code provision args...} in {@code dir}, with CI set and {@code env} added to this JVM's environment.
     */
    static ChildProvision start(Path dir, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                // A process started in the background by a non-interactive shell inherits SIGINT ignored, and the
                // JVM keeps it so; reset it, as a terminal's foreground job has it.
                "env", "--default-signal=INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().put("CI", "true");
        pb.environment().putAll(env);
        return new ChildProvision(pb.start());
    }

    private static Thread reader(InputStream stream, Consumer<String> sink) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    sink.accept(line);
                }
            } catch (IOException closed) {
                // The child ended.
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    void awaitErr(String fragment) throws InterruptedException {
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            if (errLines.stream().anyMatch(l -> l.contains(fragment))) {
                return;
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no line with '" + fragment + "' on stderr; " + this);
    }

    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + name);
    }

    /** kill -9: nothing of the child runs after it, no shutdown hook, no finally. */
    void killHard() throws IOException, InterruptedException {
        signal("KILL");
        assertTrue(process.waitFor(START.toSeconds(), TimeUnit.SECONDS), "still running after kill -9; " + this);
    }

    int awaitExit(Duration within) throws InterruptedException {
        assertTrue(process.waitFor(within.toSeconds(), TimeUnit.SECONDS),
                "still running " + within.toSeconds() + " s after the signal; " + this);
        errReader.join(10_000);
        outReader.join(10_000);
        return process.exitValue();
    }

    /** For a test's clean-up: the child never outlives its test. */
    void destroy() {
        process.destroyForcibly();
    }

    String err() {
        return String.join("\n", errLines);
    }

    String out() {
        return out.toString();
    }

    @Override
    public String toString() {
        return "--- stdout\n" + out + "--- stderr\n" + err();
    }
}
