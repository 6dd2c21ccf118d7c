package dev.provision.guest;

import dev.provision.spec.GuestCheck;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HtmlReportTest {
    @Test
    void namesCausesAndEvidenceAreEscapedAsText() {
        List<VmVerification> vms = new ArrayList<>(SampleVerifications.all());
        vms.add(new VmVerification("lab", "<script>alert(1)</script>", List.of(CheckResult.fail(GuestCheck.HYPERV,
                "cause with \"quotes\" & <b>tags</b>", "remedy 'here'", "evidence </code><img src=x>")), null));
        String html = HtmlReport.render(vms, "0.1.0", SampleVerifications.WHEN);

        assertFalse(html.contains("<script>alert(1)"), html);
        assertFalse(html.contains("<img src=x>"), html);
        assertFalse(html.contains("<b>tags</b>"), html);
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
        assertTrue(html.contains("title=\"cause with &quot;quotes&quot; &amp; &lt;b&gt;tags&lt;/b&gt;\""), html);
        assertTrue(html.contains("evidence &lt;/code&gt;&lt;img src=x&gt;"), html);
        assertTrue(html.contains("could not be probed: Run Command failed: the VM agent is not ready"), html);
    }

    @Test
    void theSameInputGivesTheSamePage() {
        List<VmVerification> vms = SampleVerifications.all();
        String a = HtmlReport.render(vms, "0.1.0", SampleVerifications.WHEN);
        assertTrue(a.equals(HtmlReport.render(vms, "0.1.0", SampleVerifications.WHEN)));
        assertTrue(a.contains("2026-03-14 09:26:53 UTC"), a);
    }
}
