package dev.provision.cli;

import dev.provision.guest.ProbeScripts;
import dev.provision.guest.SelfTestScript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** provision probe --write-script DIR --self-test: the recorder a person runs once to report a wrong verdict. */
class CliProbeSelfTestTest {
    @TempDir
    Path dir;

    @Test
    void selfTestWritesTheRecorderBesideTheProbeScriptsAndSaysHowToReportAWrongVerdict() throws Exception {
        CliRun r = CliRun.run(CliRun.pipeline(), "probe", "--write-script", dir.toString(), "--self-test");
        assertEquals(ExitCode.OK, r.exit, r.toString());
        assertEquals(SelfTestScript.text(), Files.readString(dir.resolve("self-test.ps1")));
        for (Map.Entry<String, String> file : ProbeScripts.forDesktop().entrySet()) {
            // Beside them, the self-test also records what the probe itself prints on that machine.
            assertEquals(file.getValue(), Files.readString(dir.resolve(file.getKey())), file.getKey());
        }
        assertTrue(r.out.startsWith("Wrote run-probe.ps1, probe-system.ps1, probe-user.ps1, self-test.ps1 to "),
                r.out);
        assertTrue(r.out.contains("  powershell -NoProfile -ExecutionPolicy Bypass -File .\\self-test.ps1\n"), r.out);
        assertTrue(r.out.contains("It writes self-test.json"), r.out);
        assertTrue(r.out.contains("attach it to the report"), r.out);
    }

    @Test
    void withoutSelfTestOnlyTheProbeScriptsAreWritten() throws Exception {
        CliRun r = CliRun.run(CliRun.pipeline(), "probe", "--write-script", dir.toString());
        assertEquals(ExitCode.OK, r.exit, r.toString());
        assertFalse(Files.exists(dir.resolve("self-test.ps1")));
        assertFalse(r.out.contains("self-test"), r.out);
    }

    @Test
    void selfTestWithoutWriteScriptIsExitTwoWithOneLineAndWritesNothing() throws Exception {
        Path input = Files.writeString(dir.resolve("probe.json"), "{}");
        CliRun r = CliRun.run(CliRun.pipeline(), "probe", "--input", input.toString(), "--self-test");
        assertEquals(ExitCode.INVALID_INPUT, r.exit, r.toString());
        assertTrue(r.err.startsWith("command line: error: --self-test goes with --write-script DIR"), r.err);
        assertEquals("", r.out);
        assertFalse(Files.exists(dir.resolve("self-test.ps1")));
    }
}
