package dev.provision.guest;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProbeScriptsTest {
    /** Verbs of cmdlets that change a system. */
    private static final Pattern CHANGING_CMDLET = Pattern.compile("\\b(?:Set|Enable|Disable|Start|Stop|Restart|New"
            + "|Remove|Add|Install|Uninstall|Register|Unregister|Rename|Clear|Update|Suspend|Resume|Move|Copy|Out)"
            + "-[A-Z][A-Za-z]+", Pattern.CASE_INSENSITIVE);
    /** Set-StrictMode sets the script's own parsing rules; New-Object makes a .NET object in memory. */
    private static final Set<String> HARMLESS = Set.of("set-strictmode", "new-object");
    private static final Pattern NATIVE_CALL = Pattern.compile("Invoke-Native\\s+\\S+\\s+(['\"])(.*?)\\1");
    /** Every program argument list the probe may use: all of them only read. */
    private static final Set<String> READING_ARGUMENTS = Set.of("/enum {current}", "--version",
            "-d $Distro -e uname -r");

    @Test
    void bothScriptsSayWhatTheyReadAndThatTheyChangeNothing() {
        for (ProbePart part : ProbePart.values()) {
            String script = ProbeScripts.text(part);
            assertTrue(script.startsWith("<#\n  provision guest probe, " + part.key() + " part (probeVersion "
                    + ProbeDocument.VERSION + ")"), part + " header");
            assertTrue(script.contains("READS ONLY, CHANGES NOTHING"), part + " header");
            assertTrue(script.contains("\nSet-StrictMode -Version 2\n"), part + " strict mode");
            assertTrue(script.contains("\n$ErrorActionPreference = 'Stop'\n"), part + " error preference");
            assertTrue(script.contains("probe = 'provision'; probeVersion = " + ProbeDocument.VERSION + "; part = '"
                    + part.key() + "'"), part + " document header");
        }
    }

    @Test
    void noScriptCallsACmdletOrProgramThatChangesTheSystem() {
        for (ProbePart part : ProbePart.values()) {
            String code = withoutComments(ProbeScripts.text(part));
            Matcher m = CHANGING_CMDLET.matcher(code);
            List<String> found = new ArrayList<>();
            while (m.find()) {
                if (!HARMLESS.contains(m.group().toLowerCase(java.util.Locale.ROOT))) {
                    found.add(m.group());
                }
            }
            assertEquals(List.of(), found, part + " calls cmdlets that change things");
            Matcher calls = NATIVE_CALL.matcher(code);
            int count = 0;
            while (calls.find()) {
                assertTrue(READING_ARGUMENTS.contains(calls.group(2)), part + " runs a program with '"
                        + calls.group(2) + "'");
                count++;
            }
            assertTrue(count > 0, "the pattern finds the program calls of " + part);
        }
    }

    @Test
    void theDesktopRunnerRunsBothPartsChangesNothingAndSaysWhereItWrites() {
        Map<String, String> files = ProbeScripts.forDesktop();
        assertEquals(List.of("run-probe.ps1", "probe-system.ps1", "probe-user.ps1"), List.copyOf(files.keySet()));
        String runner = files.get(ProbeScripts.RUNNER);
        assertTrue(runner.startsWith("<#\n  provision guest probe, runner for a desktop (probeVersion "
                + ProbeDocument.VERSION + ")"), runner);
        assertTrue(runner.contains("READS ONLY, CHANGES NOTHING: the one file it writes is its output"), runner);
        assertTrue(runner.contains("powershell -NoProfile -ExecutionPolicy Bypass -File .\\run-probe.ps1"), runner);
        assertTrue(runner.contains("provision probe --input probe.json"), runner);
        String code = withoutComments(runner);
        Matcher m = CHANGING_CMDLET.matcher(code);
        while (m.find()) {
            assertTrue(HARMLESS.contains(m.group().toLowerCase(java.util.Locale.ROOT)), "runner calls " + m.group());
        }
        assertEquals(List.of("probe-system.ps1", "probe-user.ps1"), Pattern.compile("Join-Path \\$here '([\\w.-]+)'")
                .matcher(code).results().map(r -> r.group(1)).toList(), "it runs the two parts, nothing else");
        assertEquals(1, code.split("WriteAll", -1).length - 1, "one write: its output file");
    }

    /**
     * Issue 10 items 1 and 2: wsl.exe's warnings (stderr) are silenced and kept apart from the release (stdout), each
     * cut to its own limit; Store WSL's wsl.exe comes first, as System32's cannot run in session 0.
     */
    @Test
    void theWslExeIsStoreWslsAndItsStreamsAreKeptApart() {
        String helpers = sharedHelpers(ProbePart.USER);
        Matcher find = Pattern.compile("function Find-Wsl \\{\\s*foreach \\(\\$path in @\\(\"([^\"]+)\"").matcher(helpers);
        assertTrue(find.find(), helpers);
        assertEquals("$env:ProgramW6432\\WSL\\wsl.exe", find.group(1), "Store WSL's wsl.exe is tried first");
        assertTrue(helpers.contains("Exit = $process.ExitCode; Out = $out; Err = $err;"), helpers);
        for (ProbePart part : ProbePart.values()) {
            assertTrue(ProbeScripts.text(part).contains("\n$env:WSL_DISABLE_WARNINGS = '1'\n"), part + " silences warnings");
        }
        String user = ProbeScripts.text(ProbePart.USER);
        assertTrue(user.contains("$doc.output = $boot.Out\n") && user.contains("$doc.stderr = $boot.Err\n")
                && user.contains("$doc.wslExe = $wsl\n"), user);
        assertTrue(user.contains("output = 300; stderr = 300;"), "each stream cut to its own limit");
    }

    /** Issue 10 item 8: as SYSTEM only '--version' works (the service refuses LocalSystem); it says which exe ran. */
    @Test
    void theSystemPartRunsWslOnlyForItsVersion() {
        String code = withoutComments(ProbeScripts.text(ProbePart.SYSTEM));
        assertEquals(List.of("'--version'"), Pattern.compile("Invoke-Native \\$wsl (\\S+)").matcher(code).results()
                .map(r -> r.group(1)).toList());
        assertTrue(code.contains("present = $true; exe = $wsl; versionExit = $version.Exit; versionText = $version.Out"),
                code);
    }

    /** Issue 10 item 10: the feature read runs in a runspace of its own, waited for with a deadline. */
    @Test
    void theFeatureReadHasADeadline() {
        String code = withoutComments(ProbeScripts.text(ProbePart.SYSTEM));
        Matcher section = Pattern.compile("(?s)Invoke-Section 'features' \\{(.*?)\\n}").matcher(code);
        assertTrue(section.find(), code);
        Matcher deadline = Pattern.compile("Read-FeatureStates (\\d+)").matcher(section.group(1));
        assertTrue(deadline.find(), "the features section reads through the deadline: " + section.group(1));
        int seconds = Integer.parseInt(deadline.group(1));
        assertTrue(seconds > 0 && seconds <= 120, "the deadline leaves the rest of the 5 minutes: " + seconds);
        assertTrue(!section.group(1).contains("Get-FeatureState"), "no read without the deadline");
        Matcher reader = Pattern.compile("(?s)function Read-FeatureStates\\(\\[int]\\$Seconds\\) \\{(.*?)\\n}")
                .matcher(code);
        assertTrue(reader.find(), code);
        assertTrue(reader.group(1).contains(".BeginInvoke()")
                && reader.group(1).contains("AsyncWaitHandle.WaitOne($Seconds * 1000)")
                && reader.group(1).contains("throw \"timed out after $Seconds s\""), reader.group(1));
    }

    /**
     * Issue 11: the helpers both parts need are written once (probe-common.ps1) and spliced into each part as it is
     * loaded, so that what a guest runs and a desktop team reviews is still one self-contained script per part.
     */
    @Test
    void theHelpersBothScriptsNeedComeFromOneSourceSplicedIntoEach() {
        String common = ProbeScripts.load(ProbeScripts.COMMON);
        assertTrue(common.contains("function Invoke-Section(") && common.contains("function Find-Wsl {"), common);
        for (ProbePart part : ProbePart.values()) {
            String source = ProbeScripts.load(part.script());
            assertEquals(1, source.split(Pattern.quote(ProbeScripts.COMMON_MARKER), -1).length - 1,
                    part + " marks where the helpers go, once");
            assertTrue(!source.contains("function Invoke-Section("), part + " does not carry its own copy");
            String shipped = ProbeScripts.text(part);
            assertEquals(common, sharedHelpers(part) + "# --- end of shared helpers ---\n");
            assertTrue(!shipped.contains(ProbeScripts.COMMON_MARKER), part + " is shipped spliced");
            assertEquals(source.replace(ProbeScripts.COMMON_MARKER, common), shipped);
        }
        assertEquals(sharedHelpers(ProbePart.SYSTEM), sharedHelpers(ProbePart.USER));
    }

    @Test
    void quotingDoublesEveryKindOfSingleQuote() {
        assertEquals("'Ubuntu'", ProbeScripts.quote("Ubuntu"));
        assertEquals("'it''s'", ProbeScripts.quote("it's"));
        assertEquals("'a\u2019\u2019b\u2018\u2018'", ProbeScripts.quote("a\u2019b\u2018"));
        assertEquals("'$env:x \"y\" `z'", ProbeScripts.quote("$env:x \"y\" `z"), "nothing expands in '...'");
        assertEquals("''", ProbeScripts.quote(""));
        assertEquals("'C:\\Windows\\Temp\\probe.json'", ProbeScripts.quote("C:\\Windows\\Temp\\probe.json"));
    }

    @Test
    void quotingRefusesControlCharacters() {
        for (String bad : List.of("Ubuntu\n", "a\rb", "nul\u0000", "esc\u001b[0m", "line\u2028sep")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProbeScripts.quote(bad));
            assertTrue(e.getMessage().startsWith("control character U+"), e.getMessage());
        }
    }

    @Test
    void theUserPartIsWrappedWithTheDistroBoundAsAQuotedParameter() {
        String wrapped = ProbeScripts.runCommandScript(ProbePart.USER, "Ubuntu-24.04");
        assertEquals("& {\n" + ProbeScripts.text(ProbePart.USER) + "\n} -Distro 'Ubuntu-24.04'\n", wrapped);
        assertEquals(wrapped, ProbeScripts.runCommandScript(ProbePart.USER, "Ubuntu-24.04"), "same input, same bytes");
        assertEquals(ProbeScripts.text(ProbePart.SYSTEM), ProbeScripts.runCommandScript(ProbePart.SYSTEM, null));
    }

    @Test
    void distroNamesWslWouldRefuseAreRefusedBeforeReachingTheGuest() {
        for (String bad : List.of("", "Ubuntu 24.04", "x'; Remove-Item C:\\ -Recurse; '", "Ubuntu\n", "a".repeat(65))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ProbeScripts.runCommandScript(ProbePart.USER, bad));
            assertTrue(e.getMessage().startsWith("WSL distro name '"), e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> ProbeScripts.runCommandScript(ProbePart.USER, null));
        assertThrows(IllegalArgumentException.class, () -> ProbeScripts.runCommandScript(ProbePart.SYSTEM, "Ubuntu"));
    }

    @Test
    void guestOperationsGetAnEncodedCommandThatWritesTheOutputFile() throws Exception {
        String command = decodedGuestCommand(ProbeScripts.guestOperationsArguments(ProbePart.USER, "Ubuntu",
                "C:\\Users\\builder\\AppData\\Local\\Temp\\vmware123.json"));
        Matcher payload = Pattern.compile("FromBase64String\\('([A-Za-z0-9+/=]+)'\\)").matcher(command);
        assertTrue(payload.find(), command);
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(
                payload.group(1))))) {
            assertEquals(ProbeScripts.text(ProbePart.USER), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertTrue(command.contains("\n$output = & ([scriptblock]::Create($script)) -Distro 'Ubuntu' 2>&1\n"), command);
        assertTrue(command.endsWith("[System.IO.File]::WriteAllLines("
                + "'C:\\Users\\builder\\AppData\\Local\\Temp\\vmware123.json', [string[]]@($output))\n"), command);
        assertEquals(ProbeScripts.guestOperationsArguments(ProbePart.USER, "Ubuntu", "C:\\x.json"),
                ProbeScripts.guestOperationsArguments(ProbePart.USER, "Ubuntu", "C:\\x.json"), "same input, same bytes");
        assertThrows(IllegalArgumentException.class,
                () -> ProbeScripts.guestOperationsArguments(ProbePart.SYSTEM, "Ubuntu", "C:\\x.json"));
        assertThrows(IllegalArgumentException.class,
                () -> ProbeScripts.guestOperationsArguments(ProbePart.USER, "bad name", "C:\\x.json"));
    }

    @Test
    void guestOperationCommandLinesStayFarBelowWindowsLimit() {
        for (ProbePart part : ProbePart.values()) {
            String args = ProbeScripts.guestOperationsArguments(part, part == ProbePart.USER ? "a".repeat(64) : null,
                    "C:\\Windows\\Temp\\" + "x".repeat(200) + ".json");
            // CreateProcess takes at most 32,767 characters, program path included; keep room for the scripts to grow.
            // Each KB the system part's text gains (compressed ~0.35 KB) costs ~1,250 characters here; with the
            // platform and VDI signals it is ~23,000, so 26,000 still leaves 6,700 below the hard limit.
            int commandLine = ProbeScripts.POWERSHELL.length() + 1 + args.length();
            assertTrue(commandLine < 26_000, part + " command line is " + commandLine + " characters");
            System.out.println("guest operations command line, " + part + " part: " + commandLine + " characters");
        }
    }

    @Test
    void theScriptsArePureAsciiSoNoCodePageCanChangeThem() {
        // Windows PowerShell 5.1 reads a .ps1 without a BOM in the ANSI code page, as Run Command's saved file is.
        for (Map.Entry<String, String> file : ProbeScripts.forDesktop().entrySet()) {
            String script = file.getValue();
            for (int i = 0; i < script.length(); i++) {
                char c = script.charAt(i);
                assertTrue(c == '\n' || (c >= 0x20 && c < 0x7F), file.getKey() + " has U+"
                        + Integer.toHexString(c) + " at " + i);
            }
        }
    }

    static String decodedGuestCommand(String arguments) {
        String prefix = "-NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand ";
        assertTrue(arguments.startsWith(prefix), arguments);
        return new String(Base64.getDecoder().decode(arguments.substring(prefix.length())), StandardCharsets.UTF_16LE);
    }

    static String sharedHelpers(ProbePart part) {
        String script = ProbeScripts.text(part);
        int start = script.indexOf("# --- shared helpers");
        int end = script.indexOf("# --- end of shared helpers ---");
        assertTrue(start >= 0 && end > start, part + " marks its shared helpers");
        return script.substring(start, end);
    }

    /** The script without comments, so that their words ("Set-", "Enable-") are not taken for calls. */
    static String withoutComments(String script) {
        return script.replaceAll("(?s)<#.*?#>", "").replaceAll("(?m)^\\s*#.*$", "")
                .replaceAll("(?m)\\s+#\\s.*$", "");
    }
}
