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

/**
 * No PowerShell runs on the build machines, so the probe scripts are parsed with tree-sitter-powershell under
 * Node ({@link PowerShellSyntax}). Without node or npm this test fails and says what to install: a syntax check
 * that silently does not run proves nothing.
 */
class ProbeSyntaxTest {
    private static final Path SCRIPTS = Path.of("src/main/resources/guest");

    @BeforeAll
    static void installTheParser() throws Exception {
        PowerShellSyntax.install();
    }

    /** The probe parts are checked as shipped, their shared helpers spliced in; every other script as it is. */
    @Test
    void everyProbeScriptParsesWithoutErrors() throws Exception {
        Path spliced = Files.createDirectories(PowerShellSyntax.workDir().resolve("spliced"));
        List<String> scripts = new ArrayList<>();
        for (ProbePart part : ProbePart.values()) {
            scripts.add(write(spliced.resolve(part.script()), ProbeScripts.text(part)));
        }
        try (Stream<Path> files = Files.list(SCRIPTS)) {
            files.filter(p -> p.toString().endsWith(".ps1")).map(Path::toString).sorted().forEach(scripts::add);
        }
        assertEquals(8, scripts.size(), "both probe parts as shipped and as written, their shared helpers, the "
                + "desktop runner, the remediation and the self-test are checked: " + scripts);
        long start = System.nanoTime();
        PowerShellSyntax.Result check = check(scripts);
        System.out.printf("ps-syntax: %d scripts checked in %d ms%n", scripts.size(), millisSince(start));
        assertEquals(0, check.exit(), "syntax errors in the probe scripts:\n" + check.output());
    }

    @Test
    void theWrappedFormsEachTransportRunsParseToo() throws Exception {
        Path dir = Files.createDirectories(PowerShellSyntax.workDir().resolve("wrapped"));
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
        PowerShellSyntax.Result check = check(files);
        assertEquals(0, check.exit(), "syntax errors in the wrapped scripts:\n" + check.output());
    }

    @Test
    void theCheckerReportsABrokenScriptWithLineAndColumn() throws Exception {
        Path broken = PowerShellSyntax.workDir().resolve("broken.ps1");
        write(broken, "foreach ($name in @('a', 'b' {\n    Write-Output \"unclosed $name\n");
        PowerShellSyntax.Result check = check(List.of(broken.toString()));
        assertEquals(1, check.exit(), check.output());
        assertTrue(check.output().contains(broken + ":1:"), "an error on line 1 is reported: " + check.output());
        assertTrue(check.output().contains("syntax error(s)") && !check.output().contains(" 0 syntax error(s)"),
                check.output());
    }

    private static PowerShellSyntax.Result check(List<String> scripts) throws Exception {
        return PowerShellSyntax.check(scripts);
    }

    private static String write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file.toString();
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
