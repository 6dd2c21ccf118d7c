package dev.provision.guest;

import dev.provision.spec.GuestCheck;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The verification as Markdown for a CI step summary (GitHub's $GITHUB_STEP_SUMMARY, Azure DevOps'
 * task.uploadsummary): one summary line, a table of VMs by check, then the cause and fix of everything that did
 * not pass. Text from guests is escaped so that it cannot break the table or turn into links or HTML.
 */
public final class MarkdownReport {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private MarkdownReport() {}

    /** @param timestamp when the verification ran, passed in so that the same input gives the same report */
    public static String render(List<VmVerification> verifications, String toolVersion, Instant timestamp) {
        VerificationSummary s = VerificationSummary.of(verifications);
        StringBuilder md = new StringBuilder();
        md.append("### ").append(headline(s)).append("\n\n");
        md.append(s.vms()).append(s.vms() == 1 ? " VM, " : " VMs, ").append(s.checkCount()).append(" checks: ")
                .append(s.checks(Verdict.PASS)).append(" ✅ passed, ").append(s.checks(Verdict.FAIL))
                .append(" ❌ failed, ").append(s.checks(Verdict.WARN))
                .append(s.checks(Verdict.WARN) == 1 ? " ⚠️ warning, " : " ⚠️ warnings, ")
                .append(s.checks(Verdict.SKIPPED)).append(" ⏭ skipped. provision ").append(escape(toolVersion))
                .append(", ").append(WHEN.format(timestamp)).append(".\n");
        if (verifications.isEmpty()) {
            return md.toString();
        }
        List<GuestCheck> columns = columns(verifications);
        md.append("\n| Target | VM |");
        columns.forEach(c -> md.append(' ').append(c.key()).append(" |"));
        md.append("\n|:---|:---|");
        columns.forEach(c -> md.append(":---:|"));
        md.append('\n');
        for (VmVerification vm : verifications) {
            md.append("| ").append(escape(vm.target())).append(" | ").append(escape(vm.vm())).append(" |");
            for (GuestCheck check : columns) {
                md.append(' ').append(cell(vm, check, check == columns.get(0))).append(" |");
            }
            md.append('\n');
        }
        section(md, "Failures", verifications, Verdict.FAIL, true);
        section(md, "Warnings", verifications, Verdict.WARN, false);
        section(md, "Skipped", verifications, Verdict.SKIPPED, false);
        List<String> notVerified = verifications.stream().filter(vm -> vm.notVerified() != null)
                .map(vm -> "- **" + escape(vm.target()) + " / " + escape(vm.vm()) + "**: "
                        + escape(vm.notVerified().line())).toList();
        if (!notVerified.isEmpty()) {
            md.append("\n#### Not verified\n\n").append(String.join("\n", notVerified)).append('\n');
        }
        return md.toString();
    }

    private static String headline(VerificationSummary s) {
        int probed = s.vms() - s.vmsNotVerified();
        if (probed == 0 && s.vmsUnproven() == 0) {
            return "provision verify: no VM asked for guest checks";
        }
        if (s.passed()) {
            return "✅ provision verify: " + (probed == 1 ? "the VM" : "all " + probed + " VMs") + " passed"
                    + (s.vmsNotVerified() > 0 ? " (" + s.vmsNotVerified() + " asked for no checks)" : "");
        }
        List<String> bad = s.problems();
        return "❌ provision verify: " + String.join(", ", bad);
    }

    /** The checks any VM ran, in the order GuestCheck declares them. */
    private static List<GuestCheck> columns(List<VmVerification> verifications) {
        Set<GuestCheck> used = EnumSet.noneOf(GuestCheck.class);
        verifications.forEach(vm -> vm.results().forEach(r -> used.add(r.check())));
        return used.isEmpty() ? List.of(GuestCheck.values()) : List.copyOf(used);
    }

    private static String cell(VmVerification vm, GuestCheck check, boolean first) {
        for (CheckResult r : vm.results()) {
            if (r.check() == check) {
                return switch (r.verdict()) {
                    case PASS -> "✅";
                    case FAIL -> "❌";
                    case WARN -> "⚠️";
                    case SKIPPED -> "⏭";
                };
            }
        }
        if (first && vm.notVerified() != null) {
            return "⏭ not verified";
        }
        return vm.error() != null && first ? "❌ not probed" : "–";
    }

    private static void section(StringBuilder md, String title, List<VmVerification> verifications, Verdict verdict,
                                boolean withProbeErrors) {
        List<String> items = new ArrayList<>();
        for (VmVerification vm : verifications) {
            String where = escape(vm.target()) + " / " + escape(vm.vm());
            if (withProbeErrors && vm.error() != null) {
                items.add("- **" + where + "**: could not be probed: " + escape(vm.error()));
            }
            for (CheckResult r : vm.results()) {
                if (r.verdict() == verdict) {
                    StringBuilder item = new StringBuilder("- **").append(where).append(": ").append(r.check().key())
                            .append("**: ").append(escape(r.cause() == null ? "" : r.cause()));
                    if (r.remedy() != null) {
                        item.append(". Fix: ").append(escape(r.remedy()));
                    }
                    if (r.evidence() != null) {
                        item.append(". Evidence: ").append(code(r.evidence()));
                    }
                    items.add(item.toString());
                }
            }
        }
        if (!items.isEmpty()) {
            md.append("\n#### ").append(title).append("\n\n").append(String.join("\n", items)).append('\n');
        }
    }

    /**
     * Plain text made inert: line breaks and controls become spaces, and the characters that make tables, emphasis,
     * links, code or HTML are backslash-escaped (every ASCII punctuation may be, by CommonMark).
     */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (char c : flat(text).toCharArray()) {
            if ("\\`*_[]<>|~&#!".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** A code span around evidence: fenced by more backticks than it holds in a row, as CommonMark allows. */
    static String code(String text) {
        String flat = flat(text);
        int longest = 0;
        int run = 0;
        for (char c : flat.toCharArray()) {
            run = c == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(longest + 1);
        String pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
        return fence + pad + flat + pad + fence;
    }

    private static String flat(String text) {
        return text.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").strip();
    }
}
