package dev.provision.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --report html=FILE} through the command line, on a lab fleet, and the page as a browser renders it:
 * headless Chromium from Debian loads the file and the test reads the DOM after the page's own script ran.
 */
class CliHtmlReportTest {
    private static final String FEATURES =
            "[Microsoft-Hyper-V-All, VirtualMachinePlatform, Microsoft-Windows-Subsystem-Linux]";

    @TempDir
    Path dir;

    /** A lab fleet: every 4th VM lacks Virtual Machine Platform, every 10th is off (its probe cannot run). */
    private Path fleet(int vms) throws Exception {
        StringBuilder seed = new StringBuilder();
        for (int i = 0; i < vms; i++) {
            seed.append("        - name: vdi-").append(String.format("%04d", i)).append('\n')
                    .append("          power: ").append(i % 10 == 9 ? "off" : "on").append('\n')
                    .append("          nestedVirtualization: true\n          vcpus: 4\n          memoryGiB: 16\n")
                    .append("          features: ").append(i % 4 == 1
                            ? "[Microsoft-Hyper-V-All, Microsoft-Windows-Subsystem-Linux]" : FEATURES).append('\n');
        }
        Path spec = dir.resolve("fleet.yaml");
        Files.writeString(spec, """
                extends: docker-desktop
                targets:
                  - name: lab
                    kind: lab
                    lab:
                      stateFile: lab.json
                      vms:
                %s    vms:
                      - pattern: "vdi-*"
                """.formatted(seed));
        return spec;
    }

    private static int count(String dom, String regex) {
        Matcher m = Pattern.compile(regex).matcher(dom);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void verifyWritesAPageWhoseRenderedMatrixShowsEveryVerdict() throws Exception {
        Path spec = fleet(8);
        Path page = dir.resolve("reports/fleet.html");
        CliRun verify = CliRun.run(CliRun.pipeline(), "verify", spec.toString(), "--report", "html=" + page);

        assertEquals(ExitCode.VERIFICATION_FAILED, verify.exit, verify.toString());
        assertTrue(verify.err.contains("Wrote report " + page), verify.toString());
        String html = Files.readString(page);
        assertFalse(Pattern.compile("(?i)<(script|link|img|iframe)[^>]*\\s(src|href)=").matcher(html).find(),
                "the page loads nothing from elsewhere");
        assertFalse(html.contains("http://") || html.contains("https://"), "no address in the page");

        String dom = new HeadlessChromium().dumpDom(page, dir);
        assertTrue(dom.contains("<output id=\"shown\">8 of 8 VMs shown</output>"), "the page's script ran: " + dom);
        assertEquals(8, count(dom, "<tr data-name=\"lab/vdi-"), dom);
        // 8 VMs: 0-7; vdi-0001 and vdi-0005 lack VMP, none is off (vdi-0009 would be). 7 checks per VM.
        assertEquals(2, count(dom, "<td class=\"v fail\""), "one failed VMP cell per VM without it");
        assertTrue(count(dom, "<td class=\"v pass\"") > 8 * 2, dom);
        assertTrue(count(dom, "<td class=\"v skipped\"") > 0, "wsl2-boot is skipped without guest.user");
        assertTrue(dom.contains("id=\"verdict-platform\""), "the platform verdicts are shown");
        assertTrue(dom.contains("id=\"verdict-vdi\""), "the VDI verdicts are shown");
        assertTrue(dom.contains("<h2>Counts per cause</h2>"), dom);
        // A failed cell links to its VM's causes and remedies.
        Matcher link = Pattern.compile("<td class=\"v fail\" title=\"[^\"]+\"><a href=\"#(vm-\\d+)\">").matcher(dom);
        assertTrue(link.find(), dom);
        assertTrue(Pattern.compile("<section id=\"" + link.group(1) + "\"><h3>lab / vdi-000[15]</h3><ul>.*What to do",
                Pattern.DOTALL).matcher(dom).find(), dom);
    }

    /**
     * A thousand VMs: the page renders in Chromium within a generous bound, stays a few hundred KB, and its rows,
     * counts and problem list are all there. Usable at that size: counts and causes come first, the header row is
     * sticky, and the filter narrows the matrix.
     */
    @Test
    void aThousandVmPageRendersAndStaysSmall() throws Exception {
        Path spec = fleet(1000);
        Path page = dir.resolve("fleet-1000.html");
        CliRun verify = CliRun.run(CliRun.pipeline(), "verify", spec.toString(), "--parallelism", "8",
                "--report", "html=" + page);
        assertEquals(ExitCode.VERIFICATION_FAILED, verify.exit, verify.toString());
        long bytes = Files.size(page);
        assertTrue(bytes < 2_000_000, "the page is " + bytes + " bytes");

        long start = System.nanoTime();
        String dom = new HeadlessChromium().dumpDom(page, dir);
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertTrue(seconds < 60, "Chromium took " + seconds + " s to render 1,000 VMs");
        assertTrue(dom.contains("1000 of 1000 VMs shown"), "the page's script ran over every row");
        assertEquals(1000, count(dom, "<tr data-name=\"lab/vdi-"));
        assertEquals(100, count(dom, "<td class=\"v notprobed\""), "every 10th VM is off");
        // 250 lack VMP; 50 of those (i = 9 mod 20) are off and show as not probed instead.
        assertEquals(200, count(dom, "<td class=\"v fail\""), "VMP missing on every 4th VM that runs");
        assertTrue(dom.contains("position:sticky"), "the header row sticks while scrolling");
    }
}
