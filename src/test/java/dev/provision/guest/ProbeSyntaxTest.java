package dev.provision.guest;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * No PowerShell runs on the build machines, so the probe scripts are parsed with tree-sitter-powershell under
 * Node (src/test/ps-syntax/check.mjs). The npm packages are installed once into target/ps-syntax. Without node or
 * npm this test fails and says what to install: a syntax check that silently does not run proves nothing.
 */
class ProbeSyntaxTest {
    private static final Path SCRIPTS = Path.of("src/main/resources/guest");
    private static final Path CHECKER = Path.of("src/test/ps-syntax/check.mjs");
    private static final Path WORK = Path.of("target/ps-syntax");
    private static final Path MODULES = WORK.resolve("node_modules");
    private static final List<String> PACKAGES = List.of("web-tree-sitter@0.27.1", "tree-sitter-powershell@0.26.4");

    @BeforeAll
    static void installTheParser() throws Exception {
        Run node = run(60, "node", "--version");
        if (node.exit != 0) {
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
        Run install = run(300, npm.toArray(String[]::new));
        if (install.exit != 0) {
            fail("npm could not install " + PACKAGES + " (exit " + install.exit + "); npm is needed for the "
                    + "PowerShell syntax check (apt-get install npm): " + install.output);
        }
        System.out.printf("ps-syntax: npm installed the parser in %d ms%n", millisSince(start));
    }

    @Test
    void everyProbeScriptParsesWithoutErrors() throws Exception {
        List<String> scripts;
        try (Stream<Path> files = Files.list(SCRIPTS)) {
            scripts = files.filter(p -> p.toString().endsWith(".ps1")).map(Path::toString).sorted().toList();
        }
        assertEquals(3, scripts.size(), "both probe parts and the remediation are checked: " + scripts);
        long start = System.nanoTime();
        Run check = check(scripts);
        System.out.printf("ps-syntax: %d scripts checked in %d ms%n", scripts.size(), millisSince(start));
        assertEquals(0, check.exit, "syntax errors in the probe scripts:\n" + check.output);
    }

    @Test
    void theWrappedFormsEachTransportRunsParseToo() throws Exception {
        Path dir = Files.createDirectories(WORK.resolve("wrapped"));
        List<String> files = new ArrayList<>();
        for (ProbePart part : ProbePart.values()) {
            String distro = part == ProbePart.USER ? "Ubuntu-24.04" : null;
            files.add(write(dir.resolve("run-command-" + part.key() + ".ps1"),
                    ProbeScripts.runCommandScript(part, distro)));
            files.add(write(dir.resolve("guest-operations-" + part.key() + ".ps1"), ProbeScriptsTest
                    .decodedGuestCommand(ProbeScripts.guestOperationsArguments(part, distro, "C:\\Temp\\o.json"))));
        }
        files.add(write(dir.resolve("run-command-enable-features.ps1"), RemediationScripts.runCommandScript(
                List.of("VirtualMachinePlatform", "Microsoft-Windows-Subsystem-Linux"))));
        Run check = check(files);
        assertEquals(0, check.exit, "syntax errors in the wrapped scripts:\n" + check.output);
    }

    @Test
    void theCheckerReportsABrokenScriptWithLineAndColumn() throws Exception {
        Path broken = WORK.resolve("broken.ps1");
        write(broken, "foreach ($name in @('a', 'b' {\n    Write-Output \"unclosed $name\n");
        Run check = check(List.of(broken.toString()));
        assertEquals(1, check.exit, check.output);
        assertTrue(check.output.contains(broken + ":1:"), "an error on line 1 is reported: " + check.output);
        assertTrue(check.output.contains("syntax error(s)") && !check.output.contains(" 0 syntax error(s)"),
                check.output);
    }

    private static Run check(List<String> scripts) throws Exception {
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

    private static String write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file.toString();
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private record Run(int exit, String output) {}

    /** Runs a program; a program that cannot be started at all counts as exit 127, like a shell's. */
    private static Run run(int timeoutSeconds, String... command) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Run(127, command[0] + " cannot be started: " + e.getMessage());
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Run(124, command[0] + " did not finish within " + timeoutSeconds + " s");
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
