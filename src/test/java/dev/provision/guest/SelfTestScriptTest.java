package dev.provision.guest;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * self-test.ps1, as far as it can be checked where no PowerShell runs: it parses (and so does each piece of code
 * it hands to a child powershell.exe), it changes nothing but what its header owns up to, and its header says what
 * it reads and that it has no byte budget.
 */
class SelfTestScriptTest {
    /** Cmdlets and .NET calls that change something; the script may use only those its header declares. */
    private static final Pattern CHANGES = Pattern.compile("\\b(Set-\\w+|New-Item\\w*|Remove-\\w+|Move-\\w+|"
            + "Copy-\\w+|Rename-\\w+|Clear-\\w+|Enable-\\w+|Disable-\\w+|Install-\\w+|Uninstall-\\w+|Start-\\w+|"
            + "Stop-\\w+|Restart-\\w+|Register-\\w+|Unregister-\\w+|Out-File|Add-Content|Write\\w*Text|"
            + "WriteAll\\w+|bcdedit\\S* /set|--set-\\w+|--unregister|--shutdown|--terminate)", Pattern.CASE_INSENSITIVE);
    private static final Set<String> DECLARED = Set.of(
            "Set-StrictMode",                  // the script's own strictness, not the machine's
            "WriteAllText",                    // self-test.json, and the SYSTEM task's answer under %SystemRoot%\Temp
            "Move-Item",                       // that answer, renamed once complete
            "Remove-Item",                     // that answer, deleted
            "Register-ScheduledTask", "Start-ScheduledTask", "Stop-ScheduledTask", "Unregister-ScheduledTask",
            "Start-Sleep");                    // waits for the task's answer

    @BeforeAll
    static void installTheParser() throws Exception {
        PowerShellSyntax.install();
    }

    @Test
    void theScriptAndEveryCodeBlockItRunsInAChildPowerShellParse() throws Exception {
        Path dir = Files.createDirectories(PowerShellSyntax.workDir().resolve("self-test"));
        List<String> files = new ArrayList<>(List.of("src/main/resources/guest/" + SelfTestScript.FILE));
        Matcher block = Pattern.compile("@'\\r?\\n(.*?)\\r?\\n'@", Pattern.DOTALL).matcher(SelfTestScript.text());
        while (block.find()) {
            Path file = dir.resolve("child-" + files.size() + ".ps1");
            Files.writeString(file, block.group(1), StandardCharsets.UTF_8);
            files.add(file.toString());
        }
        assertTrue(files.size() >= 6, "the os, feature, win32, services and reboot blocks were found: " + files);
        PowerShellSyntax.Result check = PowerShellSyntax.check(files);
        assertEquals(0, check.exit(), "syntax errors in self-test.ps1:\n" + check.output());
    }

    @Test
    void itChangesNothingButWhatItsHeaderDeclares() {
        String script = SelfTestScript.text();
        Set<String> used = new TreeSet<>();
        Matcher m = CHANGES.matcher(script.substring(script.indexOf("#>")));
        while (m.find()) {
            used.add(m.group(1));
        }
        assertEquals(new TreeSet<>(DECLARED), used, "self-test.ps1 is read-only but for its own files and task");
    }

    @Test
    void theHeaderSaysWhatItReadsWritesAndThatItHasNoByteBudget() {
        String header = SelfTestScript.text().substring(0, SelfTestScript.text().indexOf("#>"));
        for (String said : List.of("READS ONLY", "self-test.json", "scheduled task", "removed",
                "Get-WindowsOptionalFeature", "Win32_OptionalFeature", "bcdedit /enum {current}", "Sysnative",
                "vmcompute, HNS and vfpext", "RebootPending", "PendingFileRenameOperations", "EditionID",
                "%ProgramFiles%\\WSL\\wsl.exe", "System32\\wsl.exe", "wsl --version", "WSL_UTF8=1", "wsl -l -v",
                "wsl -d <distro> -e uname -r", "stdout and stderr are kept apart", "deadline",
                "no byte budget", "4,096 bytes", "no user or computer name")) {
            assertTrue(header.contains(said), "the header says: " + said);
        }
    }
}
