package dev.provision.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provision.boot.Providers;
import dev.provision.guest.GuestFacts;
import dev.provision.guest.JsonReport;
import dev.provision.guest.JunitReport;
import dev.provision.guest.MarkdownReport;
import dev.provision.guest.ProbeDocument;
import dev.provision.guest.ProbeOutputException;
import dev.provision.guest.ProbePart;
import dev.provision.guest.ProbeScripts;
import dev.provision.guest.VerdictRules;
import dev.provision.guest.VmContext;
import dev.provision.guest.VmVerification;
import dev.provision.local.LocalProbe;
import dev.provision.provider.DesktopProbe;
import dev.provision.spec.GuestCheck;
import dev.provision.spec.SpecLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** provision probe through the real command line: scripts out, probe output in, the same reports as verify. */
class CliProbeTest {
    @TempDir
    Path dir;

    private static String output(String name) {
        try (InputStream in = CliProbeTest.class.getResourceAsStream("/guest/probe/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(name, e);
        }
    }

    /** What run-probe.ps1 writes: both parts, one line each. */
    private Path probeFile(String system, String user) throws IOException {
        return Files.writeString(dir.resolve("probe.json"), output(system) + output(user));
    }

    private static Context withStdin(byte[] bytes) {
        return new Context(Map.of("CI", "true"), null, Providers::standard, new ByteArrayInputStream(bytes));
    }

    @Test
    void writeScriptWritesTheShippedScriptsAndSaysWhatToRunNext() throws Exception {
        Path scripts = dir.resolve("scripts");
        CliRun r = CliRun.run(CliRun.pipeline(), "probe", "--write-script", scripts.toString());
        assertEquals(0, r.exit, r.toString());
        for (Map.Entry<String, String> file : ProbeScripts.forDesktop().entrySet()) {
            assertEquals(file.getValue(), Files.readString(scripts.resolve(file.getKey())), file.getKey());
        }
        for (ProbePart part : ProbePart.values()) {
            String written = Files.readString(scripts.resolve(part.script()));
            assertTrue(written.contains("\nfunction Invoke-Native(") && !written.contains("probe-common.ps1: provision "
                    + "splices"), part.script() + " is self-contained: it runs on a desktop with nothing beside it");
        }
        assertTrue(r.out.contains("powershell -NoProfile -ExecutionPolicy Bypass -File .\\run-probe.ps1"), r.out);
        assertTrue(r.out.contains("provision probe --input probe.json"), r.out);
    }

    @Test
    void aProbeFileBecomesTheSameReportsAsVerifyWritesForTheSameFacts() throws Exception {
        Path input = probeFile("system-citrix-hypervisor.json", "user-hcs-not-installed.json");
        Path junit = dir.resolve("reports/probe.xml");
        Path json = dir.resolve("reports/probe.json");
        Path markdown = dir.resolve("reports/probe.md");
        CliRun r = CliRun.run(CliRun.pipeline(), "probe", "--input", input.toString(), "--report", "junit=" + junit,
                "--report", "json=" + json, "--report", "markdown=" + markdown);
        assertEquals(ExitCode.VERIFICATION_FAILED, r.exit, r.toString());

        GuestFacts facts = ProbeDocument.facts(ProbeDocument.parseAll(Files.readAllBytes(input)));
        List<GuestCheck> checks = new SpecLoader().profileGuest("docker-desktop").checks();
        List<VmVerification> expected = List.of(new VmVerification("probe", "CTX-W11-0042",
                VerdictRules.judge(facts, checks, VmContext.guestOnly()), null));
        Instant when = Instant.parse(new ObjectMapper().readTree(json.toFile()).path("generatedAt").asText());
        String version = Version.number();
        assertEquals(JunitReport.render(expected, version, when), Files.readString(junit));
        assertEquals(JsonReport.render(expected, version, when), Files.readString(json));
        assertEquals(MarkdownReport.render(expected, version, when), Files.readString(markdown));

        String offload = "nested virtualization is not available on this hypervisor (Citrix Hypervisor/XenServer) "
                + "— use Docker Offload";
        for (Path report : List.of(junit, json, markdown)) {
            String text = Files.readString(report);
            assertTrue(text.contains(offload), report + " names the cause");
            assertTrue(text.contains("use Docker Offload (Docker's cloud engine"), report + " says what to do");
            assertTrue(text.contains("a VDI desktop whose persistence the guest cannot tell"), report + " warns");
        }
        assertTrue(r.out.contains("fail    platform"), r.out);
        assertTrue(r.out.contains("cause: " + offload), r.out);
    }

    @Test
    void aHealthyAzureDesktopPassesEveryCheckOfTheProfile() throws Exception {
        CliRun r = CliRun.run(CliRun.pipeline(), "probe", "--input",
                probeFile("system-win11-healthy.json", "user-wsl2-kernel.json").toString());
        assertEquals(0, r.exit, r.toString());
        assertTrue(r.out.startsWith("probe/WIN11-CI\n"), r.out);
        assertTrue(r.out.contains("pass    platform                  Microsoft Azure (high confidence"), r.out);
        assertEquals(7, r.out.lines().filter(l -> l.startsWith("  pass ")).count(), r.out);
    }

    @Test
    void standardInputInUtf16AsWindowsPowerShellRedirectsItReadsTheSame() throws Exception {
        String both = output("system-horizon-instant-clone.json") + output("user-wsl2-kernel.json");
        byte[] utf16 = ("\uFEFF" + both).getBytes(StandardCharsets.UTF_16LE);
        CliRun fromStdin = CliRun.run(withStdin(utf16), "probe", "--input", "-", "--name", "ic-0007");
        CliRun fromFile = CliRun.run(CliRun.pipeline(), "probe", "--input", Files.writeString(dir.resolve("p.json"),
                both).toString(), "--name", "ic-0007");
        assertEquals(0, fromStdin.exit, fromStdin.toString());
        assertEquals(fromFile.out, fromStdin.out);
        assertTrue(fromStdin.out.contains("warn    vdi"), fromStdin.out);
        assertTrue(fromStdin.out.contains("the desktop is non-persistent (a Horizon instant clone"), fromStdin.out);
    }

    @Test
    void eachPartMayComeFromItsOwnInputAndAProfileChoosesTheChecks() throws Exception {
        Path system = Files.writeString(dir.resolve("system.json"), output("system-nutanix-ahv.json"));
        Path user = Files.writeString(dir.resolve("user.json"), output("user-0x80370102.json"));
        CliRun r = CliRun.run(CliRun.pipeline(), "probe", "--input", system.toString(), "--input", user.toString(),
                "--profile", "wsl2");
        assertEquals(ExitCode.VERIFICATION_FAILED, r.exit, r.toString());
        assertEquals(List.of("virtual-machine-platform", "wsl", "wsl2-boot"), r.out.lines()
                .filter(l -> l.startsWith("  ") && !l.startsWith("   ")).map(l -> l.substring(10).split(" +")[0])
                .toList(), r.out);
        assertTrue(r.out.contains("cause: Nutanix AHV does not expose nested virtualization to this VM"), r.out);
    }

    @Test
    void unreadableInputIsExitTwoWithOneLine() throws Exception {
        String system = output("system-vmware-esxi.json");
        Map<String, String> inputs = Map.of(
                "cut.json", system.substring(0, system.length() / 2),
                "headless.json", system.substring(system.length() / 2),
                "garbage.json", "File C:\\run-probe.ps1 cannot be loaded because running scripts is disabled.",
                "user-only.json", output("user-wsl2-kernel.json"),
                "twice.json", system + system,
                "v2.json", system.replace("\"probeVersion\":1", "\"probeVersion\":2"));
        for (Map.Entry<String, String> input : inputs.entrySet()) {
            Path file = Files.writeString(dir.resolve(input.getKey()), input.getValue());
            Path report = dir.resolve("never.xml");
            CliRun r = CliRun.run(CliRun.pipeline(), "probe", "--input", file.toString(), "--report",
                    "junit=" + report);
            assertEquals(ExitCode.INVALID_INPUT, r.exit, input.getKey() + ": " + r);
            assertEquals(1, r.err.lines().count(), input.getKey() + ": one line: " + r.err);
            assertTrue(r.err.startsWith("error: "), r.err);
            assertEquals("", r.out, "nothing judged");
            assertFalse(Files.exists(report), "no report of nothing");
        }
        CliRun missing = CliRun.run(CliRun.pipeline(), "probe", "--input", dir.resolve("nope.json").toString());
        assertEquals(ExitCode.INVALID_INPUT, missing.exit);
        assertTrue(missing.err.endsWith("nope.json: no such file\n"), missing.err);
        CliRun empty = CliRun.run(withStdin(new byte[0]), "probe", "--input", "-");
        assertEquals("error: standard input: the probe printed nothing\n", empty.err);
    }

    @Test
    void exactlyOneWayOfProbingIsGiven() throws Exception {
        Path input = probeFile("system-vmware-esxi.json", "user-wsl2-kernel.json");
        for (String[] args : List.of(new String[] {"probe"},
                new String[] {"probe", "--write-script", dir.toString(), "--input", input.toString()},
                new String[] {"probe", "--write-script", dir.toString(), "--report", "junit=x.xml"},
                new String[] {"probe", "--input", input.toString(), "--distro", "Ubuntu"},
                new String[] {"probe", "--input", "-", "--input", "-"},
                new String[] {"probe", "--input", input.toString(), "--profile", "no-such-profile"})) {
            CliRun r = CliRun.run(CliRun.pipeline(), args);
            assertEquals(ExitCode.INVALID_INPUT, r.exit, String.join(" ", args) + ": " + r);
        }
    }

    /** The probe run here, as a Windows desktop's powershell.exe printed it: the recorded outputs of SOURCES-*.md. */
    private static Context here(String system, String user, List<String> distros) {
        DesktopProbe printed = new DesktopProbe() {
            @Override
            public boolean runsHere() {
                return true;
            }

            @Override
            public List<ProbeDocument> run(String distro) throws ProbeOutputException {
                distros.add(distro);
                return List.of(ProbeDocument.parse(output(system)), ProbeDocument.parse(output(user)));
            }
        };
        return new Context(Map.of("CI", "true"), null, Providers::standard, InputStream.nullInputStream(),
                printed);
    }

    @Test
    void localJudgesWhatTheProbeHerePrintedAsInputDoes() throws Exception {
        Path input = probeFile("system-citrix-hypervisor.json", "user-hcs-not-installed.json");
        CliRun read = CliRun.run(CliRun.pipeline(), "probe", "--input", input.toString());
        List<String> distros = new ArrayList<>();
        CliRun local = CliRun.run(here("system-citrix-hypervisor.json", "user-hcs-not-installed.json", distros),
                "probe", "--local");
        assertEquals(ExitCode.VERIFICATION_FAILED, local.exit, local.toString());
        assertEquals(read.out, local.out);
        assertEquals(List.of(new SpecLoader().profileGuest("docker-desktop").distro()), distros,
                "the profile's distro is booted");

        CliRun named = CliRun.run(here("system-win11-healthy.json", "user-wsl2-kernel.json", distros), "probe",
                "--local", "--distro", "Debian", "--name", "my-desktop");
        assertEquals("Debian", distros.get(distros.size() - 1));
        assertTrue(named.out.contains("my-desktop"), named.toString());
    }

    @Test
    void localRunsOnlyOnWindowsAndBuildsAPlainPowershellCommandLine() {
        if (!LocalProbe.isWindows(System.getProperty("os.name"))) {
            CliRun r = CliRun.run(CliRun.pipeline(), "probe", "--local");
            assertEquals(ExitCode.INVALID_INPUT, r.exit, r.toString());
            assertTrue(r.err.contains("--local runs powershell.exe and needs Windows"), r.err);
        }
        assertTrue(LocalProbe.isWindows("Windows 11") && LocalProbe.isWindows("Windows Server 2022"));
        assertFalse(LocalProbe.isWindows("Linux"));
        String ps = LocalProbe.powershell(Map.of("SystemRoot", "D:\\WINDOWS"));
        assertEquals("D:\\WINDOWS\\System32\\WindowsPowerShell\\v1.0\\powershell.exe", ps);
        assertEquals(ProbeScripts.POWERSHELL, LocalProbe.powershell(Map.of()));
        Path script = Path.of("C:\\Users\\Jane Doe\\AppData\\Local\\Temp\\provision-probe1\\probe-user.ps1");
        assertEquals(List.of(ps, "-NoLogo", "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-File",
                script.toString(), "-Distro", "Ubuntu-24.04"),
                LocalProbe.command(ps, script, ProbePart.USER, "Ubuntu-24.04"));
        assertEquals(List.of(ps, "-NoLogo", "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-File",
                "probe-system.ps1"), LocalProbe.command(ps, Path.of("probe-system.ps1"), ProbePart.SYSTEM, null));
        for (String bad : new String[] {"Ubuntu; Remove-Item C:\\", "-Command evil", ""}) {
            try {
                LocalProbe.command(ps, script, ProbePart.USER, bad);
                throw new AssertionError("accepted distro '" + bad + "'");
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage().startsWith("WSL distro name"), expected.getMessage());
            }
        }
    }
}
