package dev.provision.cli;

import dev.provision.guest.CheckResult;
import dev.provision.guest.Verdict;
import dev.provision.guest.VmVerification;
import dev.provision.spec.Diagnostic;
import dev.provision.spec.SourceLocation;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Spec errors and failed guest checks as the CI system's own annotations, so they show on the run's summary (and,
 * for spec errors, on the line of the file) instead of only in the log.
 *
 * <p>Both systems read these lines from the step's standard output, which is where they are printed:
 * <ul>
 * <li>GitHub Actions: "Workflow commands for GitHub Actions" (docs.github.com/en/actions/reference/
 *     workflow-commands-for-github-actions), {@code ::error file=,line=,col=,title=::message}. The escaping is
 *     the one actions/toolkit's packages/core/src/command.ts applies (escapeData: % CR LF; escapeProperty: also
 *     : and ,), detected by {@code GITHUB_ACTIONS=true}, which the runner always sets.</li>
 * <li>Azure Pipelines: "Logging commands" (learn.microsoft.com/azure/devops/pipelines/scripts/logging-commands:
 *     "scanning standard output"), {@code ##vso[task.logissue type=error;sourcepath=;linenumber=;columnnumber=]}.
 *     The escaping is azure-pipelines-task-lib's node/taskcommand.ts (message: % as %AZP25, CR, LF; properties:
 *     also ; and ]), detected by {@code TF_BUILD=True}, a predefined variable of every pipeline agent.</li>
 * </ul>
 */
final class CiAnnotations {
    private enum Ci { GITHUB, AZURE_DEVOPS }

    private final Ci ci;

    private CiAnnotations(Ci ci) {
        this.ci = ci;
    }

    /** The annotations for the CI system the environment names, or null outside CI (or in another one). */
    static CiAnnotations detect(Map<String, String> env) {
        if ("true".equalsIgnoreCase(env.get("GITHUB_ACTIONS"))) {
            return new CiAnnotations(Ci.GITHUB);
        }
        if ("true".equalsIgnoreCase(env.get("TF_BUILD"))) {
            return new CiAnnotations(Ci.AZURE_DEVOPS);
        }
        return null;
    }

    /** Prints the spec's diagnostics as annotations, when the environment is a CI system that reads them. */
    static void printDiagnostics(Map<String, String> env, List<Diagnostic> diagnostics, PrintWriter out) {
        CiAnnotations ci = detect(env);
        if (ci != null) {
            ci.diagnostics(diagnostics).forEach(out::println);
            out.flush();
        }
    }

    /** Prints failed and warning guest checks as annotations, when in a CI system that reads them. */
    static void printVerifications(Map<String, String> env, List<VmVerification> results, PrintWriter out) {
        CiAnnotations ci = detect(env);
        if (ci != null) {
            ci.verifications(results).forEach(out::println);
            out.flush();
        }
    }

    List<String> diagnostics(List<Diagnostic> diagnostics) {
        List<String> lines = new ArrayList<>();
        for (Diagnostic d : diagnostics) {
            lines.add(line(d.severity() == Diagnostic.Severity.ERROR, d.location(), null, d.message()));
        }
        return lines;
    }

    /** One annotation per failed or warning check, per VM whose probe failed, per VM that could not be verified. */
    List<String> verifications(List<VmVerification> results) {
        List<String> lines = new ArrayList<>();
        for (VmVerification vm : results) {
            String where = vm.target() + "/" + vm.vm();
            if (vm.notVerified() != null) {
                lines.add(line(vm.notVerified().countsAgainst(), null, "provision: " + where + " not verified",
                        vm.notVerified().line()));
            }
            if (vm.error() != null) {
                lines.add(line(true, null, "provision: " + where + " not probed", vm.error()));
            }
            for (CheckResult r : vm.results()) {
                if (r.verdict() == Verdict.FAIL || r.verdict() == Verdict.WARN) {
                    lines.add(line(r.verdict() == Verdict.FAIL, null,
                            "provision: " + where + " " + r.check().key() + " " + r.verdict().key(), text(r)));
                }
            }
        }
        return lines;
    }

    private static String text(CheckResult r) {
        StringBuilder s = new StringBuilder(r.cause() != null ? r.cause()
                : r.evidence() != null ? r.evidence() : r.check().key() + ": " + r.verdict().key());
        if (r.remedy() != null) {
            s.append(" Fix: ").append(r.remedy());
        }
        return s.toString();
    }

    private String line(boolean error, SourceLocation at, String title, String message) {
        return ci == Ci.GITHUB ? github(error, at, title, message) : azure(error, at, title, message);
    }

    private static String github(boolean error, SourceLocation at, String title, String message) {
        List<String> props = new ArrayList<>();
        if (at != null) {
            props.add("file=" + githubProperty(at.file()));
            if (at.line() > 0) {
                props.add("line=" + at.line());
                props.add("col=" + at.column());
            }
        }
        if (title != null) {
            props.add("title=" + githubProperty(title));
        }
        return "::" + (error ? "error" : "warning") + (props.isEmpty() ? "" : " " + String.join(",", props))
                + "::" + githubData(message);
    }

    private static String azure(boolean error, SourceLocation at, String title, String message) {
        StringBuilder s = new StringBuilder("##vso[task.logissue type=").append(error ? "error" : "warning");
        if (at != null) {
            s.append(";sourcepath=").append(azureProperty(at.file()));
            if (at.line() > 0) {
                s.append(";linenumber=").append(at.line()).append(";columnnumber=").append(at.column());
            }
        }
        // logissue has no title: the title leads the message instead.
        return s.append(']').append(azureData(title == null ? message : title + ": " + message)).toString();
    }

    static String githubData(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    static String githubProperty(String s) {
        return githubData(s).replace(":", "%3A").replace(",", "%2C");
    }

    static String azureData(String s) {
        return s.replace("%", "%AZP25").replace("\r", "%0D").replace("\n", "%0A");
    }

    static String azureProperty(String s) {
        return azureData(s).replace("]", "%5D").replace(";", "%3B");
    }
}
