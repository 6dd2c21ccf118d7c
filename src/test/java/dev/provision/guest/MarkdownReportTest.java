package dev.provision.guest;

import dev.provision.spec.GuestCheck;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarkdownReportTest {
    private static final String REPORT = MarkdownReport.render(SampleVerifications.all(), "0.1.0",
            SampleVerifications.WHEN);

    @Test
    void aSummaryLineThenTheTableOfVmsByCheck() {
        List<String> lines = REPORT.lines().toList();
        assertEquals("### ❌ provision verify: 2 of 5 VMs failed, 1 of 5 VMs could not be probed", lines.get(0));
        assertEquals("5 VMs, 20 checks: 15 ✅ passed, 3 ❌ failed, 1 ⚠️ warning, 1 ⏭ skipped. provision 0.1.0, "
                + "2026-03-14 09:26:53 UTC.", lines.get(2));
        assertEquals("| Target | VM | hyperv | virtual-machine-platform | wsl | wsl2-boot | windows-edition |",
                lines.get(4));
        assertEquals("|:---|:---|:---:|:---:|:---:|:---:|:---:|", lines.get(5));
        assertTrue(lines.contains("| azure-prod | win11-dev-02 | ✅ | ❌ | ✅ | ❌ | ✅ |"), REPORT);
        assertTrue(lines.contains("| azure-prod | win11-dev-03 | ❌ not probed | – | – | – | – |"), REPORT);
        assertTrue(lines.contains("| vsphere-lab | ws2022-build | ✅ | ✅ | ✅ | ⏭ | ❌ |"), REPORT);
        assertTrue(lines.contains("| vsphere-lab | win11-inbox-wsl | ✅ | ✅ | ⚠️ | ✅ | ✅ |"), REPORT);
    }

    @Test
    void failuresListCauseFixAndEvidence() {
        assertTrue(REPORT.contains("\n#### Failures\n\n- **azure-prod / win11-dev-02: virtual-machine-platform**: "
                + "VirtualMachinePlatform is off. Fix: enable it"), REPORT);
        assertTrue(REPORT.contains("- **azure-prod / win11-dev-03**: could not be probed: Run Command failed: the "
                + "VM agent is not ready (status NotReady)\n"), REPORT);
        assertTrue(REPORT.contains("Evidence: `Microsoft Windows Server 2022 Datacenter build 20348`"), REPORT);
        assertTrue(REPORT.contains("\n#### Warnings\n"), REPORT);
        assertTrue(REPORT.contains("\n#### Skipped\n"), REPORT);
    }

    @Test
    void allPassedSaysSoAndListsNothingElse() {
        String md = MarkdownReport.render(List.of(SampleVerifications.all().get(0)), "0.1.0",
                SampleVerifications.WHEN);
        assertTrue(md.startsWith("### ✅ provision verify: the VM passed\n"), md);
        assertTrue(!md.contains("####"), md);
    }

    @Test
    void guestTextCannotBreakTheTableOrBecomeMarkup() {
        VmVerification vm = new VmVerification("lab|1", "vm_*<b>*", List.of(CheckResult.fail(GuestCheck.WSL,
                "cause | with [link](http://x) and\nnewline", "fix <script>", "evidence with ``ticks`` | pipe")),
                null);
        String md = MarkdownReport.render(List.of(vm), "0.1.0", SampleVerifications.WHEN);
        assertTrue(md.contains("| lab\\|1 | vm\\_\\*\\<b\\>\\* | ❌ |"), md);
        assertTrue(md.contains("cause \\| with \\[link\\](http://x) and newline. Fix: fix \\<script\\>. "
                + "Evidence: ```evidence with ``ticks`` | pipe```"), md);
        assertEquals(0, md.lines().filter(l -> l.startsWith("newline")).count(), "line breaks are flattened");
    }

    @Test
    void noVerificationsIsAShortReport() {
        String md = MarkdownReport.render(List.of(), "0.1.0", SampleVerifications.WHEN);
        assertTrue(md.startsWith("### provision verify: no VM asked for guest checks\n"), md);
    }
}
