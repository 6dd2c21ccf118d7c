package dev.provision.guest;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The verification as JUnit XML, the format CI systems show as test results (GitHub test reporters, Azure DevOps
 * PublishTestResults, GitLab): one testsuite per target, one testcase per VM and check. A FAIL is a failure, a VM
 * that could not be probed an error, a SKIPPED check skipped; a WARN passes and says why in its system-out. A VM
 * not verified on purpose is one skipped testcase saying why (a refusal or failed create is failed by the apply's
 * exit code and report, not twice here).
 * Durations are not measured per check, so every time is 0.
 */
public final class JunitReport {
    /** The testcase of a VM whose guest could not be probed at all. */
    public static final String PROBE_TESTCASE = "probe";
    /** The testcase of a VM that was not verified on purpose. */
    public static final String NOT_VERIFIED_TESTCASE = "verification";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ISO_LOCAL_DATE_TIME.withZone(ZoneOffset.UTC);

    private JunitReport() {}

    /**
     * @param toolVersion provision's version, recorded as a property of each suite
     * @param timestamp   when the verification ran, passed in so that the same input gives the same report
     */
    public static String render(List<VmVerification> verifications, String toolVersion, Instant timestamp) {
        VerificationSummary total = VerificationSummary.of(verifications);
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append("<testsuites name=\"provision verify\"").append(counts(total)).append(">\n");
        String when = TIMESTAMP.format(timestamp.truncatedTo(ChronoUnit.SECONDS));
        for (Map.Entry<String, List<VmVerification>> target : VerificationSummary.byTarget(verifications).entrySet()) {
            xml.append("  <testsuite name=\"").append(XmlText.attribute(target.getKey())).append('"')
                    .append(counts(VerificationSummary.of(target.getValue())))
                    .append(" timestamp=\"").append(when).append("\">\n");
            xml.append("    <properties>\n      <property name=\"provision.version\" value=\"")
                    .append(XmlText.attribute(toolVersion)).append("\"/>\n    </properties>\n");
            for (VmVerification vm : target.getValue()) {
                testcases(xml, vm);
            }
            xml.append("  </testsuite>\n");
        }
        return xml.append("</testsuites>\n").toString();
    }

    /** A VM not probed counts one test in error, besides any check results it has. */
    private static String counts(VerificationSummary s) {
        return " tests=\"" + (s.checkCount() + s.vmsNotProbed() + s.vmsNotVerified()) + "\" failures=\""
                + s.checks(Verdict.FAIL) + "\" errors=\"" + s.vmsNotProbed() + "\" skipped=\""
                + (s.checks(Verdict.SKIPPED) + s.vmsNotVerified()) + "\" time=\"0\"";
    }

    private static void testcases(StringBuilder xml, VmVerification vm) {
        String classname = XmlText.attribute(vm.target() + "." + vm.vm());
        if (vm.notVerified() != null) {
            xml.append("    <testcase classname=\"").append(classname).append("\" name=\"").append(NOT_VERIFIED_TESTCASE)
                    .append("\" time=\"0\">\n      <skipped message=\"")
                    .append(XmlText.attribute("not verified: " + vm.notVerified().line())).append("\"/>\n    </testcase>\n");
        }
        if (vm.error() != null) {
            xml.append("    <testcase classname=\"").append(classname).append("\" name=\"").append(PROBE_TESTCASE)
                    .append("\" time=\"0\">\n      <error message=\"").append(XmlText.attribute(vm.error()))
                    .append("\" type=\"ProbeError\">").append(XmlText.text(vm.error()))
                    .append("</error>\n    </testcase>\n");
        }
        for (CheckResult r : vm.results()) {
            xml.append("    <testcase classname=\"").append(classname).append("\" name=\"")
                    .append(XmlText.attribute(r.check().key())).append("\" time=\"0\"");
            switch (r.verdict()) {
                case PASS -> closeWithOutput(xml, r.evidence());
                case WARN -> closeWithOutput(xml, "warning: " + details(r));
                case SKIPPED -> xml.append(">\n      <skipped message=\"").append(XmlText.attribute(text(r.cause())))
                        .append("\"/>\n    </testcase>\n");
                case FAIL -> xml.append(">\n      <failure message=\"").append(XmlText.attribute(text(r.cause())))
                        .append("\" type=\"CheckFailed\">").append(XmlText.text(details(r)))
                        .append("</failure>\n    </testcase>\n");
            }
        }
    }

    private static void closeWithOutput(StringBuilder xml, String output) {
        if (output == null) {
            xml.append("/>\n");
        } else {
            xml.append(">\n      <system-out>").append(XmlText.text(output)).append("</system-out>\n    </testcase>\n");
        }
    }

    /** Cause, fix and evidence on their own lines: what a reader of a failed test needs to act. */
    private static String details(CheckResult r) {
        StringBuilder out = new StringBuilder(text(r.cause()));
        if (r.remedy() != null) {
            out.append("\nfix: ").append(r.remedy());
        }
        if (r.evidence() != null) {
            out.append("\nevidence: ").append(r.evidence());
        }
        return out.toString();
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
