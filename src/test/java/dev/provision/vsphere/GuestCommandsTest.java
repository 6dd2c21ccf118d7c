package dev.provision.vsphere;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.guest.GuestFacts;
import dev.provision.guest.PowerShellSyntax;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The remediation command: what it may enable, how it is quoted and encoded, and that it parses as PowerShell. */
class GuestCommandsTest {
    private static final String PREFIX = "-NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand ";

    private static String decoded(String arguments) {
        assertTrue(arguments.startsWith(PREFIX), arguments);
        return new String(Base64.getDecoder().decode(arguments.substring(PREFIX.length())), StandardCharsets.UTF_16LE);
    }

    @Test
    void theCommandNamesTheFeaturesAndTheOutputFileAsQuotedLiterals() {
        String script = decoded(GuestCommands.enableFeatures(List.of(GuestFacts.VIRTUAL_MACHINE_PLATFORM, GuestFacts.WSL),
                "C:\\Users\\o'brien\\AppData\\Local\\Temp\\provision-1.txt"));
        // The vcsim launcher (guestcommand.go) recognises the command by these lines.
        assertTrue(script.startsWith("# provision: enable Windows features"), script);
        assertTrue(script.contains("\n$features = @('VirtualMachinePlatform', 'Microsoft-Windows-Subsystem-Linux')\n"), script);
        assertTrue(script.contains("\n$outputPath = 'C:\\Users\\o''brien\\AppData\\Local\\Temp\\provision-1.txt'\n"), script);
        assertTrue(script.contains("-NoRestart"), "the restart is a step of its own: " + script);
    }

    @Test
    void onlyTheThreeFeaturesTheChecksNeedCanBeEnabled() {
        assertThrows(IllegalArgumentException.class,
                () -> GuestCommands.enableFeatures(List.of("TelnetClient"), "C:\\o.txt"));
        assertThrows(IllegalArgumentException.class,
                () -> GuestCommands.enableFeatures(List.of("VirtualMachinePlatform'); Remove-Item C:\\ -Recurse; ('"), "C:\\o.txt"));
        assertThrows(IllegalArgumentException.class, () -> GuestCommands.enableFeatures(List.of(), "C:\\o.txt"));
    }

    @Test
    void theCommandParsesAsPowerShell() throws Exception {
        PowerShellSyntax.install();
        Path file = PowerShellSyntax.workDir().resolve("enable-features.ps1");
        Files.writeString(file, decoded(GuestCommands.enableFeatures(
                List.of(GuestFacts.HYPERV, GuestFacts.VIRTUAL_MACHINE_PLATFORM, GuestFacts.WSL), "C:\\Temp\\o.txt")));
        PowerShellSyntax.Result check = PowerShellSyntax.check(List.of(file.toString()));
        assertEquals(0, check.exit(), check.output());
    }
}
