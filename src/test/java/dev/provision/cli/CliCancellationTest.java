package dev.provision.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C and CI cancellation of an apply, as real signals sent to a real provision process: a child JVM running
 * {@code dev.provision.cli.Main} on this build's classes, applying a lab spec whose steps are slowed down by the
 * lab's {@code stepDelay} rehearsal knob. Two lab VMs each need a power cycle; the changes run one at a time.
 */
class CliCancellationTest {
    /** Generous: a child JVM on a loaded 2-core machine. Never a measure of speed, only of "did not hang". */
    private static final Duration START = Duration.ofSeconds(90);
    /** Far shorter than one slow change (3 steps of 40 s): an exit within it did not wait for the change. */
    private static final Duration SLOW_STEP = Duration.ofSeconds(40);
    private static final Duration WITHOUT_WAITING = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Process child;

    @AfterEach
    void killChild() {
        if (child != null) {
            child.destroyForcibly();
        }
    }

    @Test
    void ctrlCOnceFinishesTheChangeUnderWayThenReportsAndExits130() throws Exception {
        Path spec = spec(Duration.ofSeconds(2));
        Child run = start(spec);
        run.awaitErr("lab/vdi-01: update started");
        run.signal("INT");

        assertEquals(ExitCode.INTERRUPTED, run.awaitExit(START), run.toString());
        assertTrue(run.err().contains("Interrupted: no new change starts"), run.toString());
        assertTrue(run.out().contains("Apply: 1 applied, 0 failed, 0 refused, 0 pending, 1 not started, 0 unchanged."),
                run.toString());
        assertTrue(run.out().contains("NOT STARTED lab/vdi-02"), run.toString());
        assertTrue(run.err().contains("Verification skipped: the apply was interrupted"), run.toString());
        assertReportsSayInterrupted(run);
        // The change under way was finished, marker and all; the one not started was not touched.
        assertLab("vdi-01", "on", true, false);
        assertLab("vdi-02", "on", false, false);
    }

    @Test
    void ctrlCTwiceStopsWaitingLeavesTheMarkerAndTheNextApplyFinishes() throws Exception {
        Path spec = spec(SLOW_STEP);
        Child run = start(spec);
        run.awaitErr("lab/vdi-01: shutting down guest");
        run.signal("INT");
        run.awaitErr("Interrupted: no new change starts");
        run.signal("INT");

        assertEquals(ExitCode.INTERRUPTED, run.awaitExit(WITHOUT_WAITING), run.toString());
        assertTrue(run.out().contains("1 not started, 1 interrupted, 0 unchanged."), run.toString());
        assertTrue(run.out().contains("INTERRUPTED lab/vdi-01: the apply stopped waiting while this change was under "
                + "way (last step: shutting down guest (graceful))"), run.toString());
        assertTrue(run.err().contains("Stopped waiting: 1 VM may be mid-change"), run.toString());
        assertTrue(run.err().contains("Verification skipped"), run.toString());
        assertReportsSayInterrupted(run);
        assertLab("vdi-01", "off", false, true);
        assertFalse(Files.readString(dir.resolve("lab.json")).contains("\"lease\""), "the stopped run released it");

        // The next apply (the knob removed: no need to wait) finishes the change and powers the VM on again.
        Files.writeString(spec, Files.readString(spec).replaceAll("\\s*stepDelay: .*", ""));
        CliRun next = CliRun.run(CliRun.pipeline(), "apply", spec.toString(), "--auto-approve");
        assertEquals(ExitCode.OK, next.exit, next.toString());
        assertTrue(next.out.contains("an earlier apply was interrupted"), next.toString());
        assertLab("vdi-01", "on", true, false);
        assertLab("vdi-02", "on", true, false);
    }

    @Test
    void sigtermStopsWaitingAfterItsGraceReportsAndLeavesTheMarker() throws Exception {
        Path spec = spec(SLOW_STEP);
        Child run = start(spec);
        run.awaitErr("lab/vdi-01: shutting down guest");
        run.signal("TERM");

        assertEquals(ExitCode.INTERRUPTED, run.awaitExit(WITHOUT_WAITING), run.toString());
        assertTrue(run.err().contains("Terminated (SIGTERM): no new change starts"), run.toString());
        assertTrue(run.out().contains("Apply: 0 applied, 0 failed, 0 refused, 0 pending, 1 not started, "
                + "1 interrupted, 0 unchanged."), run.toString());
        assertTrue(run.err().contains("Verification skipped"), run.toString());
        assertReportsSayInterrupted(run);
        assertLab("vdi-01", "off", false, true);
        assertLab("vdi-02", "on", false, false);
        assertFalse(Files.readString(dir.resolve("lab.json")).contains("\"lease\""), "the stopped run released it");
    }

    /** Two running lab VMs without nesting; everything else as Docker Desktop wants it. */
    private Path spec(Duration stepDelay) throws IOException {
        Path file = dir.resolve("spec.yaml");
        String vm = """
                        - {name: %s, power: "on", nestedVirtualization: false, vcpus: 4, memoryGiB: 16,
                           features: [Microsoft-Hyper-V-All, VirtualMachinePlatform, Microsoft-Windows-Subsystem-Linux]}
                """;
        Files.writeString(file, """
                extends: docker-desktop
                desired:
                  powerCycle: graceful
                  guest:
                    user: labuser
                targets:
                  - name: lab
                    kind: lab
                    lab:
                      stateFile: lab.json
                      stepDelay: %ds
                      vms:
                """.formatted(stepDelay.toSeconds()) + vm.formatted("vdi-01") + vm.formatted("vdi-02") + """
                    vms:
                      - pattern: "vdi-*"
                """);
        return file;
    }

    private Child start(Path spec) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                // A process started in the background by a non-interactive shell inherits SIGINT ignored, and the
                // JVM keeps it so; reset it, as a terminal's foreground job has it.
                "env", "--default-signal=INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "apply", spec.toString(), "--auto-approve", "--parallelism", "1",
                "--report", "json=" + dir.resolve("reports/verify.json"),
                "--report", "junit=" + dir.resolve("reports/verify.xml")));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().put("CI", "true");
        child = pb.start();
        return new Child(child);
    }

    private void assertReportsSayInterrupted(Child run) throws IOException {
        JsonNode json = new ObjectMapper().readTree(dir.resolve("reports/verify.json").toFile());
        assertTrue(json.toString().contains("the apply was interrupted, so verification was skipped"), json.toString());
        assertTrue(Files.readString(dir.resolve("reports/verify.xml")).contains("interrupted"), run.toString());
        assertTrue(run.err().contains("Wrote report "), run.toString());
    }

    /** A VM as the lab's state file has it; {@code marked}: it carries the restore marker of a change under way. */
    private void assertLab(String vm, String power, boolean nested, boolean marked) throws IOException {
        JsonNode state = new ObjectMapper().readTree(dir.resolve("lab.json").toFile());
        for (JsonNode n : state.path("vms")) {
            if (n.path("name").asText().equals(vm)) {
                assertEquals(power, n.path("power").asText(), n.toString());
                assertEquals(nested, n.path("nestedVirtualization").asBoolean(), n.toString());
                assertEquals(marked, n.hasNonNull("restorePowerState"), n.toString());
                if (marked) {
                    assertEquals("on", n.path("restorePowerState").asText(), n.toString());
                }
                return;
            }
        }
        assertFalse(true, vm + " is not in the lab state: " + state);
    }

    /** The child provision: its output read as it comes, so the test can wait for a line before signalling. */
    private static final class Child {
        private final Process process;
        private final List<String> errLines = new CopyOnWriteArrayList<>();
        private final StringBuffer out = new StringBuffer();
        private final Thread errReader;
        private final Thread outReader;

        Child(Process process) {
            this.process = process;
            errReader = reader(process.getErrorStream(), line -> errLines.add(line));
            outReader = reader(process.getInputStream(), line -> out.append(line).append('\n'));
        }

        private static Thread reader(InputStream stream, java.util.function.Consumer<String> sink) {
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

        int awaitExit(Duration within) throws InterruptedException {
            assertTrue(process.waitFor(within.toSeconds(), TimeUnit.SECONDS),
                    "still running " + within.toSeconds() + " s after the signal; " + this);
            errReader.join(10_000);
            outReader.join(10_000);
            return process.exitValue();
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
}
