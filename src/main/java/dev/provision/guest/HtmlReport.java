package dev.provision.guest;

import dev.provision.spec.GuestCheck;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The fleet at a glance, as one self-contained HTML page for a desktop team that would rather look than read: the
 * counts first, then what failed most often (counts per cause), the platform and VDI verdicts, a VM-by-check
 * matrix coloured pass/warn/fail/skipped whose cells link to the cause and remedy, and those per VM below.
 *
 * <p>Nothing is fetched: the style and a small filter script are inline, so the page opens from a build artifact
 * or a mail attachment. Everything from a guest or a spec (names, causes, evidence) is escaped as HTML text. With a
 * thousand VMs it stays usable: the header row sticks while scrolling, the problems come first, a filter narrows
 * the rows by name or to those with a problem, and passing cells carry no text beyond their mark.
 */
public final class HtmlReport {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private static final String STYLE = """
            body{font:14px/1.4 system-ui,sans-serif;margin:1rem;color:#1b1b1b}
            h1{font-size:1.3rem}h2{font-size:1.1rem;margin-top:1.5rem}
            .counts span{display:inline-block;margin-right:1rem;padding:.1rem .5rem;border-radius:3px}
            table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}
            .matrix thead th{position:sticky;top:0;background:#f4f4f4;z-index:1}
            .matrix td.v{text-align:center;min-width:2.5rem}.matrix td.v a{color:inherit;text-decoration:none}
            .pass{background:#d7f5dd}.warn{background:#fff1c2}.fail{background:#ffd4d4}.skipped{background:#e8e8e8}
            .notprobed{background:#ffd4d4}.notverified{background:#e8e8e8}
            .problems section{margin:.4rem 0;padding:.3rem .6rem;border-left:4px solid #c33}
            .problems section:target{outline:2px solid #06c}
            code{background:#f4f4f4;padding:0 .2rem;word-break:break-all}
            """;

    /** Filters the matrix rows by name, or to those with a problem, and says how many are shown. */
    private static final String SCRIPT = """
            (function(){
            var q=document.getElementById('q'),p=document.getElementById('only-problems'),
            rows=document.querySelectorAll('table.matrix tbody tr'),out=document.getElementById('shown');
            function apply(){var t=q.value.toLowerCase(),n=0;
            rows.forEach(function(r){var ok=(!t||r.dataset.name.indexOf(t)>=0)&&(!p.checked||r.dataset.problem==='1');
            r.hidden=!ok;if(ok)n++;});out.textContent=n+' of '+rows.length+' VMs shown';}
            q.addEventListener('input',apply);p.addEventListener('change',apply);apply();})();
            """;

    private HtmlReport() {}

    /** @param timestamp when the verification ran, passed in so that the same input gives the same page */
    public static String render(List<VmVerification> verifications, String toolVersion, Instant timestamp) {
        VerificationSummary s = VerificationSummary.of(verifications);
        List<GuestCheck> columns = columns(verifications);
        StringBuilder h = new StringBuilder(4096 + verifications.size() * 400);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width\">")
                .append("<title>provision verify: ").append(s.vms()).append(s.vms() == 1 ? " VM" : " VMs")
                .append("</title><style>").append(STYLE).append("</style></head><body>\n");
        h.append("<h1 id=\"headline\">").append(esc(headline(s))).append("</h1>\n");
        h.append("<p class=\"counts\">").append(count("pass", s.checks(Verdict.PASS), "passed"))
                .append(count("fail", s.checks(Verdict.FAIL), "failed"))
                .append(count("warn", s.checks(Verdict.WARN), "warnings"))
                .append(count("skipped", s.checks(Verdict.SKIPPED), "skipped"))
                .append(" of ").append(s.checkCount()).append(" checks on ").append(s.vms())
                .append(s.vms() == 1 ? " VM" : " VMs").append(". provision ").append(esc(toolVersion)).append(", ")
                .append(WHEN.format(timestamp)).append(".</p>\n");
        causes(h, verifications);
        platformAndVdi(h, verifications);
        matrix(h, verifications, columns);
        problems(h, verifications);
        h.append("<script>").append(SCRIPT).append("</script>\n</body></html>\n");
        return h.toString();
    }

    private static String count(String verdict, int n, String label) {
        return "<span class=\"" + verdict + "\" id=\"count-" + verdict + "\">" + n + " " + label + "</span>";
    }

    private static String headline(VerificationSummary s) {
        int probed = s.vms() - s.vmsNotVerified();
        if (probed == 0 && s.vmsUnproven() == 0) {
            return "No VM asked for guest checks";
        }
        if (s.passed()) {
            return (probed == 1 ? "The VM" : "All " + probed + " VMs") + " passed";
        }
        List<String> bad = s.problems();
        return String.join(", ", bad);
    }

    /** What went wrong most often: each failed or warned check's cause, a failed probe, a VM not verified. */
    private static void causes(StringBuilder h, List<VmVerification> verifications) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        Map<String, String> kinds = new LinkedHashMap<>();
        for (VmVerification vm : verifications) {
            if (vm.error() != null) {
                tally(counts, kinds, "notprobed", "could not be probed", vm.error());
            }
            if (vm.notVerified() != null && vm.notVerified().countsAgainst()) {
                tally(counts, kinds, "notverified", "not verified", vm.notVerified().line());
            }
            for (CheckResult r : vm.results()) {
                if (r.verdict() == Verdict.FAIL || r.verdict() == Verdict.WARN) {
                    tally(counts, kinds, key(r.verdict()), r.check().key(), r.cause() == null ? "" : r.cause());
                }
            }
        }
        if (counts.isEmpty()) {
            return;
        }
        h.append("<h2>Counts per cause</h2>\n<table class=\"causes\"><thead><tr><th>VMs</th><th>check</th>")
                .append("<th>cause</th></tr></thead><tbody>\n");
        counts.entrySet().stream().sorted((a, b) -> b.getValue()[0] - a.getValue()[0]).forEach(e -> {
            String[] parts = e.getKey().split("\u0000", 2);
            h.append("<tr class=\"").append(kinds.get(e.getKey())).append("\"><td>").append(e.getValue()[0])
                    .append("</td><td>").append(esc(parts[0])).append("</td><td>").append(esc(parts[1]))
                    .append("</td></tr>\n");
        });
        h.append("</tbody></table>\n");
    }

    private static void tally(Map<String, int[]> counts, Map<String, String> kinds, String kind, String what,
                              String cause) {
        String k = what + "\u0000" + cause;
        counts.computeIfAbsent(k, x -> new int[1])[0]++;
        kinds.putIfAbsent(k, kind);
    }

    /** Whether the platform and the kind of desktop are ones Docker supports: verdicts by count. */
    private static void platformAndVdi(StringBuilder h, List<VmVerification> verifications) {
        StringBuilder rows = new StringBuilder();
        for (GuestCheck check : List.of(GuestCheck.PLATFORM, GuestCheck.VDI)) {
            Map<Verdict, Integer> by = new LinkedHashMap<>();
            for (VmVerification vm : verifications) {
                for (CheckResult r : vm.results()) {
                    if (r.check() == check) {
                        by.merge(r.verdict(), 1, Integer::sum);
                    }
                }
            }
            if (by.isEmpty()) {
                continue;
            }
            rows.append("<tr id=\"verdict-").append(check.key()).append("\"><th>").append(check.key()).append("</th>");
            for (Verdict v : Verdict.values()) {
                int n = by.getOrDefault(v, 0);
                rows.append("<td class=\"").append(n > 0 ? key(v) : "").append("\">").append(n).append(' ')
                        .append(key(v)).append("</td>");
            }
            rows.append("</tr>\n");
        }
        if (!rows.isEmpty()) {
            h.append("<h2>Platform and VDI verdicts</h2>\n<table class=\"verdicts\"><tbody>\n").append(rows)
                    .append("</tbody></table>\n");
        }
    }

    private static void matrix(StringBuilder h, List<VmVerification> verifications, List<GuestCheck> columns) {
        h.append("<h2>VMs by check</h2>\n<p><label>Filter by name <input id=\"q\" type=\"search\"></label> ")
                .append("<label><input id=\"only-problems\" type=\"checkbox\"> only VMs with a problem</label> ")
                .append("<output id=\"shown\"></output></p>\n");
        h.append("<table class=\"matrix\"><thead><tr><th>target</th><th>VM</th>");
        columns.forEach(c -> h.append("<th>").append(c.key()).append("</th>"));
        h.append("</tr></thead><tbody>\n");
        for (int i = 0; i < verifications.size(); i++) {
            VmVerification vm = verifications.get(i);
            String anchor = "vm-" + i;
            boolean problem = hasProblem(vm);
            h.append("<tr data-name=\"").append(esc((vm.target() + "/" + vm.vm()).toLowerCase(Locale.ROOT)))
                    .append("\" data-problem=\"").append(problem ? 1 : 0).append("\"><td>").append(esc(vm.target()))
                    .append("</td><td>").append(esc(vm.vm())).append("</td>");
            if (vm.results().isEmpty() && (vm.error() != null || vm.notVerified() != null)) {
                boolean error = vm.error() != null;
                h.append("<td class=\"v ").append(error ? "notprobed" : "notverified").append("\" colspan=\"")
                        .append(columns.size()).append("\"><a href=\"#").append(anchor).append("\">")
                        .append(error ? "could not be probed" : esc(vm.notVerified().line())).append("</a></td>");
            } else {
                for (GuestCheck check : columns) {
                    h.append(cell(vm, check, anchor));
                }
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    private static String cell(VmVerification vm, GuestCheck check, String anchor) {
        for (CheckResult r : vm.results()) {
            if (r.check() == check) {
                String mark = switch (r.verdict()) {
                    case PASS -> "✓";
                    case FAIL -> "✗";
                    case WARN -> "!";
                    case SKIPPED -> "–";
                };
                if (r.verdict() == Verdict.PASS) {
                    return "<td class=\"v pass\">" + mark + "</td>";
                }
                return "<td class=\"v " + key(r.verdict()) + "\" title=\"" + esc(r.cause() == null ? "" : r.cause())
                        + "\"><a href=\"#" + anchor + "\">" + mark + "</a></td>";
            }
        }
        return "<td class=\"v none\"></td>";
    }

    /** Per VM with anything short of a pass: each check's cause, what to do, and the evidence. */
    private static void problems(StringBuilder h, List<VmVerification> verifications) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < verifications.size(); i++) {
            VmVerification vm = verifications.get(i);
            if (!hasProblem(vm) && vm.results().stream().noneMatch(r -> r.verdict() == Verdict.SKIPPED)) {
                continue;
            }
            out.append("<section id=\"vm-").append(i).append("\"><h3>").append(esc(vm.target())).append(" / ")
                    .append(esc(vm.vm())).append("</h3><ul>");
            if (vm.error() != null) {
                out.append("<li class=\"notprobed\">could not be probed: ").append(esc(vm.error())).append("</li>");
            }
            if (vm.notVerified() != null) {
                out.append("<li class=\"notverified\">").append(esc(vm.notVerified().line())).append("</li>");
            }
            for (CheckResult r : vm.results()) {
                if (r.verdict() == Verdict.PASS) {
                    continue;
                }
                out.append("<li class=\"").append(key(r.verdict())).append("\"><b>").append(r.check().key())
                        .append("</b> ").append(key(r.verdict())).append(": ")
                        .append(esc(r.cause() == null ? "" : r.cause()));
                if (r.remedy() != null) {
                    out.append("<br>What to do: ").append(esc(r.remedy()));
                }
                if (r.evidence() != null) {
                    out.append("<br>Evidence: <code>").append(esc(r.evidence())).append("</code>");
                }
                out.append("</li>");
            }
            out.append("</ul></section>\n");
        }
        if (!out.isEmpty()) {
            h.append("<h2>Causes and remedies</h2>\n<div class=\"problems\">\n").append(out).append("</div>\n");
        }
    }

    private static boolean hasProblem(VmVerification vm) {
        return vm.error() != null || (vm.notVerified() != null && vm.notVerified().countsAgainst())
                || vm.results().stream().anyMatch(r -> r.verdict() == Verdict.FAIL || r.verdict() == Verdict.WARN);
    }

    /** The checks any VM ran, in the order GuestCheck declares them. */
    private static List<GuestCheck> columns(List<VmVerification> verifications) {
        Set<GuestCheck> used = EnumSet.noneOf(GuestCheck.class);
        verifications.forEach(vm -> vm.results().forEach(r -> used.add(r.check())));
        return used.isEmpty() ? List.of(GuestCheck.values()) : List.copyOf(used);
    }

    private static String key(Verdict verdict) {
        return verdict.name().toLowerCase(Locale.ROOT);
    }

    /** Text made inert in HTML, in elements and in quoted attributes alike; controls become spaces. */
    static String esc(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(Character.isISOControl(c) && c != '\n' ? ' ' : c);
            }
        }
        return out.toString();
    }
}
