package dev.provision.guest;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * PowerShell syntax checking for tests, where no PowerShell runs: tree-sitter-powershell under Node
 * (src/test/ps-syntax/check.mjs), its npm packages installed once into target/ps-syntax. Without node or npm the
 * calling test fails and says what to install: a syntax check that silently does not run proves nothing.
 * Used by the probe scripts' test and by every transport that builds PowerShell of its own.
 */
public final class PowerShellSyntax {
    private static final Path CHECKER = Path.of("src/test/ps-syntax/check.mjs");
    private static final Path WORK = Path.of("target/ps-syntax");
    private static final Path MODULES = WORK.resolve("node_modules");
    private static final List<String> PACKAGES = List.of("web-tree-sitter@0.27.1", "tree-sitter-powershell@0.26.4");

    /** The checker's exit code (0 clean, 1 syntax errors, 2 cannot run) and what it printed. */
    public record Result(int exit, String output) {}

    private PowerShellSyntax() {}

    /** Where tests may write scripts to check. */
    public static Path workDir() throws IOException {
        return Files.createDirectories(WORK);
    }

    /** Installs the parser unless the pinned versions are there already; fails the test when it cannot. */
    public static synchronized void install() throws Exception {
        Result node = run(60, "node", "--version");
        if (node.exit() != 0) {
            fail("node is needed to check the PowerShell syntax: install Node.js 18 or later with npm "
                    + "(apt-get install nodejs npm)");
        }
        if (installedVersionsMatch()) {
            return;
        }
        long start = System.nanoTime();
        List<String> npm = new ArrayList<>(List.of("npm", "install", "--prefix", WORK.toString(), "--no-save",
                "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"));
        npm.addAll(PACKAGES);
        Files.createDirectories(WORK);
        Result install = run(300, npm.toArray(String[]::new));
        if (install.exit() != 0) {
            fail("npm could not install " + PACKAGES + " (exit " + install.exit() + "); npm is needed for the "
                    + "PowerShell syntax check (apt-get install npm): " + install.output());
        }
        System.out.printf("ps-syntax: npm installed the parser in %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /** Parses the script files; call {@link #install()} first. */
    public static Result check(List<String> scripts) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", CHECKER.toString(), MODULES.toString()));
        command.addAll(scripts);
        return run(120, command.toArray(String[]::new));
    }

    private static boolean installedVersionsMatch() throws IOException {
        for (String spec : PACKAGES) {
            int at = spec.lastIndexOf('@');
            Path manifest = MODULES.resolve(spec.substring(0, at)).resolve("package.json");
            if (!Files.exists(manifest)
                    || !Files.readString(manifest).contains("\"version\": \"" + spec.substring(at + 1) + "\"")) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs a program; a program that cannot be started at all counts as exit 127, like a shell's, and one still
     * running after the timeout is stopped and counts as 124. The output goes to a file, not a pipe read here:
     * reading a pipe to its end would wait for the child however long it takes, and the timeout would never fire.
     */
    static Result run(int timeoutSeconds, String... command) throws Exception {
        Path log = Files.createTempFile(workDir(), "run-", ".log");
        try {
            Process p;
            try {
                p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                return new Result(127, command[0] + " cannot be started: " + e.getMessage());
            }
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return new Result(124, command[0] + " did not finish within " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
