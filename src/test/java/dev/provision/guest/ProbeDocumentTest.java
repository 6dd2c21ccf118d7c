package dev.provision.guest;

import dev.provision.azure.TrustedLaunch;
import dev.provision.spec.GuestCheck;
import dev.provision.spec.Keyed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProbeDocumentTest {
    private static final VmContext NESTED = new VmContext(true, null);
    private static final VmContext NOT_NESTED = new VmContext(false, null);
    private static final VmContext TRUSTED_LAUNCH = new VmContext(true, TrustedLaunch.BLOCKS_NESTING);

    @Test
    void aHealthyWindows11EnterpriseReadsAsEveryFact() {
        GuestFacts f = Fixtures.facts("system-win11-healthy.json", "user-wsl2-kernel.json");
        assertEquals("Microsoft Windows 11 Enterprise", f.windowsCaption());
        assertEquals("Enterprise", f.windowsEdition());
        assertEquals(22631, f.windowsBuild());
        assertEquals(false, f.windowsServer());
        assertEquals(FeatureState.ENABLED, f.feature(GuestFacts.HYPERV));
        assertEquals(FeatureState.ENABLED, f.feature(GuestFacts.VIRTUAL_MACHINE_PLATFORM));
        assertEquals(FeatureState.ENABLED, f.feature(GuestFacts.WSL));
        assertEquals("Auto", f.hypervisorLaunchType());
        assertEquals("Running", f.vmcompute());
        assertEquals(false, f.rebootPending());
        assertEquals("2.3.26.0", f.wslVersion());
        assertEquals("4.37.1", f.dockerDesktopVersion());
        assertEquals(new GuestFacts.DistroBoot("Ubuntu", "5.15.167.4-microsoft-standard-WSL2", null,
                "C:\\Program Files\\WSL\\wsl.exe", null), f.distro());
        assertEquals("C:\\Program Files\\WSL\\wsl.exe", f.wslExe());
        assertEquals(List.of(), f.probeErrors());
        for (CheckResult r : VerdictRules.judge(f, List.of(GuestCheck.values()), NESTED)) {
            assertEquals(Verdict.PASS, r.verdict(), r.toString());
        }
    }

    /** Each realistic output, judged: the verdict and the words the cause must contain. */
    @ParameterizedTest(name = "{0} + {1} -> {3} {4}")
    @CsvSource(nullValues = "-", delimiter = '|', textBlock = """
            system-server2022.json        | -                           | nested      | windows-edition          | FAIL | Windows Server is not supported
            system-server2022.json        | -                           | nested      | hyperv                   | PASS | -
            system-vmp-disabled.json      | user-0x80370102.json        | nested      | virtual-machine-platform | FAIL | VirtualMachinePlatform is off
            system-vmp-disabled.json      | user-0x80370102.json        | nested      | wsl2-boot                | FAIL | VirtualMachinePlatform is off
            system-vmp-disabled.json      | user-hcs-not-installed.json | not-nested  | wsl2-boot                | FAIL | nested virtualization is not exposed
            system-win11-healthy.json     | user-0x80370102.json        | trusted     | wsl2-boot                | FAIL | Trusted Launch
            system-win11-healthy.json     | user-german-0x80370102.json | not-nested  | wsl2-boot                | FAIL | nested virtualization is not exposed
            system-reboot-pending.json    | -                           | nested      | virtual-machine-platform | FAIL | waits for a reboot
            system-reboot-pending.json    | -                           | nested      | hyperv                   | FAIL | a reboot is pending
            system-reboot-pending.json    | -                           | nested      | wsl2-boot                | SKIPPED | WSL cannot run as LocalSystem
            system-launchtype-off.json    | -                           | nested      | hyperv                   | FAIL | the hypervisor launch type is Off
            system-launchtype-off.json    | user-hcs-not-installed.json | nested      | wsl2-boot                | FAIL | the hypervisor launch type is Off
            system-vmcompute-stopped.json | -                           | nested      | hyperv                   | PASS | -
            system-vmcompute-stopped.json | -                           | not-nested  | hyperv                   | FAIL | nested virtualization is not exposed
            system-wsl-missing.json       | -                           | nested      | wsl                      | FAIL | Microsoft-Windows-Subsystem-Linux is off
            system-wsl-missing.json       | -                           | nested      | hyperv                   | FAIL | Microsoft-Hyper-V-All is off
            system-wsl-missing.json       | user-0x8007019e.json        | nested      | wsl2-boot                | FAIL | Windows Subsystem for Linux feature is off
            system-win11-healthy.json     | user-no-distro.json         | nested      | wsl2-boot                | FAIL | distro is not installed for this user
            system-win11-healthy.json     | user-wsl1.json              | nested      | wsl2-boot                | FAIL | runs as WSL 1
            system-win11-healthy.json     | user-localsystem.json       | nested      | wsl2-boot                | FAIL | ran as LocalSystem
            system-section-errors.json    | -                           | nested      | virtual-machine-platform | FAIL | did not report VirtualMachinePlatform
            system-section-errors.json    | -                           | nested      | windows-edition          | PASS | -
            system-win11-healthy.json     | user-hcs-service-not-available.json | nested | wsl2-boot          | FAIL | vmcompute) is not running
            system-win11-healthy.json     | user-session0-system32.json | nested      | wsl2-boot                | FAIL | cannot run in session 0
            system-win11-healthy.json     | user-proxy-warning.json     | nested      | wsl2-boot                | PASS | -
            system-zh-tw.json             | -                           | nested      | wsl                      | PASS | -
            """)
    void realisticOutputsGetTheirVerdictAndCause(String system, String user, String context, String check,
                                                 Verdict verdict, String cause) {
        VmContext vm = switch (context) {
            case "nested" -> NESTED;
            case "not-nested" -> NOT_NESTED;
            case "trusted" -> TRUSTED_LAUNCH;
            default -> throw new IllegalArgumentException(context);
        };
        CheckResult r = VerdictRules.judge(Fixtures.facts(system, user), List.of(Keyed.lookup(GuestCheck.class, check).orElseThrow()), vm)
                .get(0);
        assertEquals(verdict, r.verdict(), r.toString());
        if (cause != null) {
            assertTrue(r.cause().contains(cause), "cause was: " + r.cause());
        }
    }

    /** Issue 10 item 1: a warning on stderr is evidence, never the kernel line; the release is stdout's first line. */
    @Test
    void aWarningOnStderrNeitherFailsTheBootNorIsLost() {
        GuestFacts f = Fixtures.facts("system-win11-healthy.json", "user-proxy-warning.json");
        assertEquals("5.15.167.4-microsoft-standard-WSL2", f.distro().kernel());
        CheckResult boot = VerdictRules.judge(f, List.of(GuestCheck.WSL2_BOOT), NESTED).get(0);
        assertEquals(Verdict.PASS, boot.verdict(), boot.toString());
        assertEquals("Ubuntu booted kernel 5.15.167.4-microsoft-standard-WSL2 (C:\\Program Files\\WSL\\wsl.exe); "
                + "wsl.exe warned: wsl: A localhost proxy configuration was detected but not mirrored into WSL. WSL in "
                + "NAT mode does not support localhost proxies.", boot.evidence());
    }

    /** Issue 10 item 1: a document whose stdout holds the release on its first line, then more. */
    @Test
    void theReleaseIsStdoutsFirstLine() throws ProbeOutputException {
        String json = Fixtures.probeOutput("user-wsl2-kernel.json").replace("\"output\":\"5.15.167.4-microsoft-standard-WSL2\"",
                "\"output\":\"5.15.167.4-microsoft-standard-WSL2 \"");
        GuestFacts.DistroBoot boot = ProbeDocument.facts(Fixtures.parsed("system-win11-healthy.json"),
                ProbeDocument.parse(json)).distro();
        assertEquals("5.15.167.4-microsoft-standard-WSL2", boot.kernel());
    }

    /** Issue 10 item 2: which wsl.exe ran is evidence of both the wsl check and the boot. */
    @Test
    void theWslExeThatRanIsShownAsEvidence() {
        GuestFacts f = Fixtures.facts("system-win11-healthy.json", "user-session0-system32.json");
        CheckResult boot = VerdictRules.judge(f, List.of(GuestCheck.WSL2_BOOT), NESTED).get(0);
        assertTrue(boot.evidence().endsWith("(C:\\Windows\\System32\\wsl.exe)"), boot.evidence());
        assertTrue(boot.remedy().contains("wsl --update"), boot.remedy());
        CheckResult wsl = VerdictRules.judge(f, List.of(GuestCheck.WSL), NESTED).get(0);
        assertTrue(wsl.evidence().endsWith("WSL 2.3.26.0 (C:\\Program Files\\WSL\\wsl.exe)"), wsl.evidence());
    }

    /** Issue 10 item 9: zh-TW labels the version with a full-width colon; the version is read by its position. */
    @Test
    void theWslVersionOfAChineseWindowsIsRead() {
        assertEquals("2.3.26.0", Fixtures.facts("system-zh-tw.json", null).wslVersion());
    }

    /** Issue 10 item 10: a feature read stopped at its deadline leaves the rest of the document, and says so. */
    @Test
    void aFeatureReadThatTimedOutKeepsTheRestOfTheDocument() {
        GuestFacts f = Fixtures.facts("system-features-timed-out.json", null);
        assertEquals(FeatureState.UNKNOWN, f.feature(GuestFacts.VIRTUAL_MACHINE_PLATFORM));
        assertEquals("Auto", f.hypervisorLaunchType());
        assertEquals("2.3.26.0", f.wslVersion());
        CheckResult vmp = VerdictRules.judge(f, List.of(GuestCheck.VIRTUAL_MACHINE_PLATFORM), NESTED).get(0);
        assertEquals(Verdict.FAIL, vmp.verdict());
        assertEquals("features: timed out after 90 s", vmp.evidence());
    }

    /** Issue 10 item 8: SYSTEM cannot run any wsl.exe command that needs the service, so no fixture shows one. */
    @Test
    void noSystemPartFixtureShowsWslOutputSystemCouldNotProduce() throws Exception {
        java.util.Set<String> allowed = java.util.Set.of("present", "exe", "versionExit", "versionText");
        java.nio.file.Path dir = java.nio.file.Path.of("src/test/resources/guest/probe");
        List<java.nio.file.Path> systems;
        try (var files = java.nio.file.Files.list(dir)) {
            systems = files.filter(p -> p.getFileName().toString().startsWith("system-")).sorted().toList();
        }
        assertTrue(systems.size() >= 18, "the system fixtures: " + systems);
        for (java.nio.file.Path p : systems) {
            com.fasterxml.jackson.databind.JsonNode wsl = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(p.toFile()).path("wsl");
            wsl.fieldNames().forEachRemaining(k -> assertTrue(allowed.contains(k), p + " has wsl." + k));
        }
    }

    @Test
    void windowsServerIsRecognizedByItsProductType() {
        GuestFacts f = Fixtures.facts("system-server2022.json", null);
        assertEquals(true, f.windowsServer());
        assertEquals(20348, f.windowsBuild());
        assertNull(f.dockerDesktopVersion(), "Docker Desktop is not installed there");
    }

    @Test
    void aMissingWslExeLeavesTheVersionUnobserved() {
        GuestFacts f = Fixtures.facts("system-wsl-missing.json", null);
        assertNull(f.wslVersion());
        assertEquals("NotSet", f.hypervisorLaunchType());
        assertEquals("Absent", f.vmcompute());
    }

    @Test
    void aPendingRebootIsReadFromItsReasons() {
        GuestFacts f = Fixtures.facts("system-reboot-pending.json", null);
        assertEquals(true, f.rebootPending());
        assertEquals(FeatureState.ENABLE_PENDING, f.feature(GuestFacts.VIRTUAL_MACHINE_PLATFORM));
    }

    @Test
    void theHeadAndTailCutKeepsWslErrorCodeOfALongMessage() {
        GuestFacts.DistroBoot boot = Fixtures.facts("system-win11-healthy.json", "user-hcs-not-installed.json")
                .distro();
        assertNull(boot.kernel());
        assertTrue(boot.error().startsWith("WSL2 is unable to start"), boot.error());
        assertTrue(boot.error().endsWith("HCS/HCS_E_HYPERV_NOT_INSTALLED"), boot.error());
        assertTrue(boot.error().contains("..."), "the probe marks where it cut: " + boot.error());
    }

    @Test
    void sectionErrorsReachTheEvidenceOfTheChecksTheyLeaveUnproven() {
        GuestFacts f = Fixtures.facts("system-section-errors.json", null);
        assertEquals(2, f.probeErrors().size());
        assertEquals(FeatureState.UNKNOWN, f.feature(GuestFacts.WSL));
        // The WSL optional component is not needed on this Windows 11, so the VMP check is the one left unproven.
        CheckResult platform = VerdictRules.judge(f, List.of(GuestCheck.VIRTUAL_MACHINE_PLATFORM), NESTED).get(0);
        assertEquals("features: Get-CimInstance : Access denied", platform.evidence());
        CheckResult hyperV = VerdictRules.judge(f, List.of(GuestCheck.HYPERV), NESTED).get(0);
        assertEquals(Verdict.FAIL, hyperV.verdict());
    }

    @Test
    void aUserPartFromLocalSystemSaysWhyNoDistroBooted() {
        GuestFacts.DistroBoot boot = Fixtures.facts("system-win11-healthy.json", "user-localsystem.json").distro();
        assertTrue(boot.error().contains("WSL cannot run as LocalSystem"), boot.error());
    }

    @Test
    void noisyRunCommandOutputAroundTheDocumentIsIgnored() throws ProbeOutputException {
        String json = Fixtures.probeOutput("system-win11-healthy.json").strip();
        // The shape the recorded Linux Run Command returns: one message with both streams in it.
        String runShellShape = "Enable succeeded: \n[stdout]\nWARNING: a profile script printed this {braces}\n"
                + json + "\n\n[stderr]\nSome-Cmdlet : a warning with \"quotes\" and {\"json\":1}\n";
        assertEquals(ProbePart.SYSTEM, ProbeDocument.parse(runShellShape).part());
        String banner = "#< CLIXML\r\nTranscript started, output file is C:\\x.txt\r\n" + json + "\r\nPS>exit\r\n";
        assertEquals("Auto", ProbeDocument.facts(ProbeDocument.parse(banner), null).hypervisorLaunchType());
    }

    @Test
    void outputThatLostItsBeginningIsReportedAsTruncated() {
        String json = Fixtures.probeOutput("system-launchtype-off.json").strip();
        String noisy = "x".repeat(5000) + "\n" + json + "\n" + "trailing output line\n".repeat(200);
        String tail = noisy.substring(noisy.length() - ProbeDocument.RUN_COMMAND_OUTPUT_LIMIT);
        // Still the whole document within the last 4,096 bytes: fine.
        String fits = noisy.substring(0, 5001 + json.length() + 1);
        assertEquals(ProbePart.SYSTEM, assertParses(fits.substring(fits.length() - 4096)).part());
        // Cut inside the document: the start is gone.
        String cut = json.substring(json.length() / 2);
        ProbeOutputException e = assertThrows(ProbeOutputException.class, () -> ProbeDocument.parse(cut));
        assertEquals(ProbeOutputException.Reason.TRUNCATED, e.reason());
        assertTrue(e.getMessage().contains("last 4096 bytes"), e.getMessage());
        // The Windows shape: the cut StdOut message, then the StdErr message, as a provider may join them.
        ProbeOutputException joined = assertThrows(ProbeOutputException.class,
                () -> ProbeDocument.parse(cut + "\nWARNING: something on stderr\n"));
        assertEquals(ProbeOutputException.Reason.TRUNCATED, joined.reason());
        // Only trailing noise arrived: there is no document at all.
        ProbeOutputException none = assertThrows(ProbeOutputException.class, () -> ProbeDocument.parse(tail));
        assertEquals(ProbeOutputException.Reason.NO_DOCUMENT, none.reason());
    }

    @Test
    void anotherProbeVersionIsRefusedByName() {
        String v2 = Fixtures.probeOutput("system-win11-healthy.json").replace("\"probeVersion\":1", "\"probeVersion\":2");
        ProbeOutputException e = assertThrows(ProbeOutputException.class, () -> ProbeDocument.parse(v2));
        assertEquals(ProbeOutputException.Reason.UNSUPPORTED, e.reason());
        assertEquals("probe version 2 is not one this build reads (1): use the probe scripts shipped with this "
                + "build of provision", e.getMessage());
        String other = "{\"probe\":\"someone-else\",\"probeVersion\":1,\"part\":\"system\"}";
        assertTrue(assertThrows(ProbeOutputException.class, () -> ProbeDocument.parse(other)).getMessage()
                .startsWith("unknown probe 'someone-else'"));
        String text = "{\"probe\":\"provision\",\"probeVersion\":\"1\",\"part\":\"system\"}";
        assertEquals(ProbeOutputException.Reason.UNSUPPORTED,
                assertThrows(ProbeOutputException.class, () -> ProbeDocument.parse(text)).reason());
    }

    @Test
    void malformedAndEmptyOutputsSayWhatWentWrongInOneLine() {
        ProbeOutputException broken = assertThrows(ProbeOutputException.class,
                () -> ProbeDocument.parse("{\"probe\":\"provision\",\"probeVersion\":1,\"part\":\"sys"));
        assertEquals(ProbeOutputException.Reason.MALFORMED, broken.reason());
        assertTrue(!broken.getMessage().contains("\n"), broken.getMessage());
        ProbeOutputException empty = assertThrows(ProbeOutputException.class, () -> ProbeDocument.parse(" \r\n"));
        assertEquals("the probe printed nothing", empty.getMessage());
        ProbeOutputException error = assertThrows(ProbeOutputException.class, () -> ProbeDocument.parse(
                "File C:\\p.ps1 cannot be loaded because running scripts is disabled on this system.\r\n"));
        assertEquals(ProbeOutputException.Reason.NO_DOCUMENT, error.reason());
        assertTrue(error.getMessage().contains("running scripts is disabled"), error.getMessage());
    }

    @Test
    void missingFieldsAreUnobservedNeverGoodNews() throws ProbeOutputException {
        ProbeDocument bare = ProbeDocument.parse("{\"probe\":\"provision\",\"probeVersion\":1,\"part\":\"system\"}");
        GuestFacts f = ProbeDocument.facts(bare, null);
        assertNull(f.windowsServer());
        assertNull(f.rebootPending());
        assertNull(f.hypervisorLaunchType());
        for (CheckResult r : VerdictRules.judge(f, List.of(GuestCheck.values()), NESTED)) {
            assertTrue(r.verdict() != Verdict.PASS, r.toString());
        }
    }

    @Test
    void bytesFetchedFromAGuestAreDecodedWhateverTheirEncoding() throws ProbeOutputException {
        String json = Fixtures.probeOutput("user-wsl2-kernel.json");
        // Out-File in Windows PowerShell 5.1 writes UTF-16LE with a BOM.
        byte[] bom = {(byte) 0xFF, (byte) 0xFE};
        byte[] body = json.getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
        byte[] utf16 = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, utf16, 0, 2);
        System.arraycopy(body, 0, utf16, 2, body.length);
        assertEquals(ProbePart.USER, ProbeDocument.parse(utf16).part());
        assertEquals(ProbePart.USER, ProbeDocument.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .part());
    }

    @Test
    void thePartsMustBeGivenInTheirPlaces() {
        assertThrows(IllegalArgumentException.class, () -> ProbeDocument.facts(
                Fixtures.parsed("user-wsl2-kernel.json"), null));
        assertThrows(IllegalArgumentException.class, () -> ProbeDocument.facts(
                Fixtures.parsed("system-win11-healthy.json"), Fixtures.parsed("system-win11-healthy.json")));
    }

    @Test
    void theSystemPartCarriesThePlatformAndVdiFacts() {
        ProbeDocument system = Fixtures.parsed("system-citrix-pvs-standard.json");
        assertEquals("PVS-W11-013", system.computer());
        GuestFacts f = ProbeDocument.facts(system, null);
        assertEquals(new PlatformFacts("VMware, Inc.", "VMware7,1", "VMware, Inc.",
                "VMW71.00V.21100432.B64.2301110304", true, List.of("vmtools")), f.platform());
        assertEquals(new VdiFacts(List.of("citrixvda", "pvs"), 9, 1), f.vdi());
        assertNull(Fixtures.facts("system-reboot-pending.json", null).platform(), "an older probe has none");
    }

    @Test
    void bothPartsInOneFileAreReadInTurnWhateverTheEncoding() throws ProbeOutputException {
        String both = "WARNING: something PowerShell said\r\n" + Fixtures.probeOutput("system-vmware-esxi.json")
                + "\r\n" + Fixtures.probeOutput("user-wsl2-kernel.json");
        for (byte[] bytes : List.of(both.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                ("\uFEFF" + both).getBytes(java.nio.charset.StandardCharsets.UTF_16LE))) {
            List<ProbeDocument> docs = ProbeDocument.parseAll(bytes);
            assertEquals(List.of(ProbePart.SYSTEM, ProbePart.USER), docs.stream().map(ProbeDocument::part).toList());
            GuestFacts f = ProbeDocument.facts(docs);
            assertTrue(f.distro().bootedWsl2());
            assertEquals(List.of("vmtools"), f.platform().markers());
        }
    }

    @Test
    void aDocumentCutAtItsEndIsMalformedNotSkipped() {
        String system = Fixtures.probeOutput("system-vmware-esxi.json");
        String cut = Fixtures.probeOutput("user-wsl2-kernel.json") + system.substring(0, system.length() / 2);
        ProbeOutputException e = assertThrows(ProbeOutputException.class, () -> ProbeDocument.parseAll(
                cut.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(ProbeOutputException.Reason.MALFORMED, e.reason());
        assertTrue(e.getMessage().startsWith("the probe's JSON is malformed at character "), e.getMessage());
    }

    @Test
    void theInputNeedsOneSystemPartAndAtMostOneOfEach() throws ProbeOutputException {
        ProbeDocument system = Fixtures.parsed("system-vmware-esxi.json");
        ProbeDocument user = Fixtures.parsed("user-wsl2-kernel.json");
        ProbeOutputException none = assertThrows(ProbeOutputException.class, () -> ProbeDocument.facts(
                List.of(user)));
        assertEquals("no system part of the probe in the input: give the output of probe-system.ps1 too",
                none.getMessage());
        ProbeOutputException twice = assertThrows(ProbeOutputException.class, () -> ProbeDocument.facts(
                List.of(system, user, system)));
        assertTrue(twice.getMessage().startsWith("2 system parts of the probe in the input"), twice.getMessage());
        assertNull(ProbeDocument.facts(List.of(system)).distro(), "the user part is optional");
    }

    private static ProbeDocument assertParses(String output) {
        try {
            return ProbeDocument.parse(output);
        } catch (ProbeOutputException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
