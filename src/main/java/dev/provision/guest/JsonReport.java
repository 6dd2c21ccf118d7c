package dev.provision.guest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The verification as JSON for scripts and dashboards. Versioned: a consumer checks {@code reportVersion}, and a
 * change that renames or removes a field raises it. Absent values are written as null, never left out.
 */
public final class JsonReport {
    public static final int REPORT_VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {}

    /** @param timestamp when the verification ran, passed in so that the same input gives the same report */
    public static String render(List<VmVerification> verifications, String toolVersion, Instant timestamp) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("reportVersion", REPORT_VERSION);
        root.put("tool", "provision");
        root.put("toolVersion", toolVersion);
        root.put("generatedAt", timestamp.truncatedTo(ChronoUnit.SECONDS).toString());
        ArrayNode vms = root.putArray("vms");
        for (VmVerification vm : verifications) {
            ObjectNode v = vms.addObject();
            v.put("target", vm.target());
            v.put("vm", vm.vm());
            v.put("passed", vm.passed());
            v.put("error", vm.error());
            if (vm.notVerified() == null) {
                v.putNull("notVerified");
            } else {
                ObjectNode why = v.putObject("notVerified");
                why.put("reason", vm.notVerified().reason().key());
                why.put("detail", vm.notVerified().detail());
                why.put("message", vm.notVerified().line());
            }
            ArrayNode checks = v.putArray("checks");
            for (CheckResult r : vm.results()) {
                ObjectNode c = checks.addObject();
                c.put("check", r.check().key());
                c.put("verdict", r.verdict().key());
                c.put("cause", r.cause());
                c.put("remedy", r.remedy());
                c.put("evidence", r.evidence());
            }
        }
        VerificationSummary s = VerificationSummary.of(verifications);
        ObjectNode summary = root.putObject("summary");
        summary.put("vms", s.vms());
        summary.put("vmsPassed", s.vmsPassed());
        summary.put("vmsFailed", s.vmsFailed());
        summary.put("vmsNotProbed", s.vmsNotProbed());
        summary.put("vmsNotVerified", s.vmsNotVerified());
        ObjectNode checks = summary.putObject("checks");
        for (Verdict verdict : Verdict.values()) {
            checks.put(verdict.key(), s.checks(verdict));
        }
        summary.put("passed", s.passed());
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree of strings and numbers cannot fail to serialize", e);
        }
    }
}
