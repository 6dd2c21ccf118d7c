package dev.provision.guest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provision.spec.GuestCheck;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonReportTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void theReportIsVersionedAndHoldsEveryVmAndCheck() throws Exception {
        JsonNode report = MAPPER.readTree(JsonReport.render(SampleVerifications.all(), SampleVerifications.VERSION,
                SampleVerifications.WHEN));
        assertEquals(1, report.path("reportVersion").intValue());
        assertEquals("0.1.0", report.path("toolVersion").asText());
        assertEquals("2026-03-14T09:26:53Z", report.path("generatedAt").asText());
        assertEquals(5, report.path("vms").size());
        JsonNode dev02 = report.path("vms").get(1);
        assertEquals("azure-prod", dev02.path("target").asText());
        assertEquals("win11-dev-02", dev02.path("vm").asText());
        assertEquals(false, dev02.path("passed").booleanValue());
        assertTrue(dev02.path("error").isNull(), "absent values are null, not missing");
        JsonNode boot = dev02.path("checks").get(3);
        assertEquals("wsl2-boot", boot.path("check").asText());
        assertEquals("fail", boot.path("verdict").asText());
        assertEquals("VirtualMachinePlatform is off", boot.path("cause").asText());
        assertEquals("enable VirtualMachinePlatform and reboot", boot.path("remedy").asText());
        assertTrue(boot.path("evidence").asText().endsWith("0x80370102 (C:\\Program Files\\WSL\\wsl.exe)"),
                boot.path("evidence").asText());
        JsonNode pass = report.path("vms").get(0).path("checks").get(0);
        assertTrue(pass.has("cause") && pass.path("cause").isNull());
        JsonNode unprobed = report.path("vms").get(2);
        assertEquals("Run Command failed: the VM agent is not ready (status NotReady)", unprobed.path("error").asText());
        assertEquals(0, unprobed.path("checks").size());
    }

    @Test
    void theSummaryCountsVmsAndVerdicts() throws Exception {
        JsonNode summary = MAPPER.readTree(JsonReport.render(SampleVerifications.all(), "0.1.0",
                SampleVerifications.WHEN)).path("summary");
        assertEquals(5, summary.path("vms").intValue());
        assertEquals(2, summary.path("vmsPassed").intValue());
        assertEquals(2, summary.path("vmsFailed").intValue());
        assertEquals(1, summary.path("vmsNotProbed").intValue());
        assertEquals(15, summary.path("checks").path("pass").intValue());
        assertEquals(3, summary.path("checks").path("fail").intValue());
        assertEquals(1, summary.path("checks").path("warn").intValue());
        assertEquals(1, summary.path("checks").path("skipped").intValue());
        assertEquals(false, summary.path("passed").booleanValue());
    }

    @Test
    void controlCharactersAndQuotesSurviveTheRoundTrip() throws Exception {
        String evidence = "line1\nline2 \"quoted\" \\ \u0000\u001b[0m </script>";
        VmVerification vm = new VmVerification("t", "v", List.of(CheckResult.pass(GuestCheck.WSL, evidence)), null);
        JsonNode report = MAPPER.readTree(JsonReport.render(List.of(vm), "0.1.0", SampleVerifications.WHEN));
        assertEquals(evidence, report.path("vms").get(0).path("checks").get(0).path("evidence").asText());
        assertEquals(true, report.path("summary").path("passed").booleanValue());
    }
}
