package dev.provision.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The progress line as a person sees it: the built CLI runs a lab apply in a real terminal (tmux, 80 x 24, on a
 * private server socket), and the screen it leaves is read back with {@code capture-pane}. Wrapped rows are joined
 * ({@code -J}), so a live line that wrapped and was only half erased shows as a row that starts with the bar. The
 * plan's own long lines (its "because ..." lines) wrap as any printed text does; the live line never may.
 */
class ProgressInTmuxTest {
    private static final int COLUMNS = 80;

    @TempDir
    Path dir;

    private final String socket = "provision-test-" + UUID.randomUUID();
    private Path tmux;

    @AfterEach
    void stopServer() throws Exception {
        if (tmux != null) {
            tmux("kill-server");
        }
    }

    @Test
    void aLabApplyAtEightyColumnsLeavesOnlyWholeLines() throws Exception {
        tmux = DebianTool.require("tmux", "tmux");
        StringBuilder seed = new StringBuilder();
        StringBuilder wanted = new StringBuilder();
        for (int i = 1; i <= 3; i++) {
            // Long names, so that every live line ("[bar] n/3 · ... : shutting down guest ...") needs cutting.
            String name = "vdi-engineering-desktop-pool-frankfurt-000" + i;
            seed.append("""
                            - name: %s
                              power: on
                              nestedVirtualization: false
                              vcpus: 4
                              memoryGiB: 16
                              features: [Microsoft-Hyper-V-All, VirtualMachinePlatform, Microsoft-Windows-Subsystem-Linux]
                    """.formatted(name));
            wanted.append("      - name: ").append(name).append('\n');
        }
        Files.writeString(dir.resolve("lab.yaml"), """
                extends: docker-desktop
                desired:
                  powerCycle: graceful
                targets:
                  - name: lab
                    kind: lab
                    lab:
                      stateFile: lab.json
                      vms:
                %s    vms:
                %s""".formatted(seed, wanted));
        Path done = dir.resolve("exit-code");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // As a person's shell: no CI variables (they turn the live line off), the terminal tmux says it is.
        Files.writeString(dir.resolve("run.sh"), String.join("\n",
                "cd " + quote(dir.toString()),
                "env -u CI -u TF_BUILD -u GITHUB_ACTIONS -u COLUMNS " + quote(java) + " -cp "
                        + quote(System.getProperty("java.class.path")) + " dev.provision.cli.Main apply --auto-approve "
                        + "--parallelism 2 lab.yaml",
                "echo $? > " + quote(done + ".tmp") + " && mv " + quote(done + ".tmp") + " " + quote(done.toString()),
                "sleep 600", ""));
        tmux("new-session", "-d", "-x", String.valueOf(COLUMNS), "-y", "24", "bash " + quote(dir.resolve("run.sh")
                .toString()));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!Files.exists(done) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        String screen = tmux("capture-pane", "-p", "-J", "-S", "-200");
        assertTrue(Files.exists(done), "the apply did not finish in 2 minutes; the screen:\n" + screen);
        int exit = Integer.parseInt(Files.readString(done).trim());
        assertTrue(exit == ExitCode.OK || exit == ExitCode.VERIFICATION_FAILED, "exit " + exit + "\n" + screen);

        List<String> rows = new ArrayList<>(screen.lines().map(String::stripTrailing).toList());
        assertTrue(rows.stream().anyMatch(r -> r.endsWith("000" + 3 + ": applied")), screen);
        for (String row : rows) {
            boolean liveLine = row.startsWith("[working]") || row.matches("\\[[#-]{20}\\] .*");
            assertFalse(liveLine, "a live line left behind" + (row.length() > COLUMNS ? ", wider than the "
                    + "terminal" : "") + ":\n" + row + "\n--- screen\n" + screen);
        }
        assertEquals(0, rows.stream().filter(r -> r.contains("…")).count(), "a cut live line stayed:\n" + screen);
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(tmux.toString(), "-L", socket));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return out;
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
