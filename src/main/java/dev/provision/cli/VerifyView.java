package dev.provision.cli;

import dev.provision.guest.CheckResult;
import dev.provision.guest.Verdict;
import dev.provision.guest.VmVerification;

import java.io.PrintWriter;
import java.util.List;

/** Guest verification as a person reads it: a line per check, the cause and the remedy under each failure. */
final class VerifyView {
    private final Terminal terminal;

    VerifyView(Terminal terminal) {
        this.terminal = terminal;
    }

    void render(List<VmVerification> results, PrintWriter out) {
        for (VmVerification vm : results) {
            out.println(terminal.bold(vm.target() + "/" + vm.vm()));
            if (vm.notVerified() != null) {
                String label = vm.notVerified().countsAgainst() ? terminal.red("not verified")
                        : terminal.yellow("not verified");
                out.println("  " + label + "  " + vm.notVerified().line());
            }
            if (vm.error() != null) {
                out.println("  " + terminal.red("error") + "  guest not probed: " + vm.error());
            }
            for (CheckResult r : vm.results()) {
                out.printf("  %s %-25s %s%n", paint(r.verdict()), r.check().key(),
                        r.evidence() == null ? "" : r.evidence());
                if (r.cause() != null) {
                    out.println("          cause: " + r.cause());
                }
                if (r.remedy() != null) {
                    out.println("          fix:   " + r.remedy());
                }
            }
        }
        long passed = results.stream().filter(VmVerification::passed).count();
        long notVerified = results.stream().filter(vm -> vm.notVerified() != null).count();
        out.println("Verification: " + Plural.of(results.size(), "VM") + ", " + passed + " passed, "
                + (results.size() - passed - notVerified) + " failed"
                + (notVerified == 0 ? "" : ", " + notVerified + " not verified") + ".");
        out.flush();
    }

    /**
     * 6 when a check failed, a probe failed, or a VM that wants checks could not be verified (refused, missing):
     * none of those is proven ready. A VM that asks for no checks changes nothing.
     */
    static int exitCode(List<VmVerification> results) {
        return results.stream().anyMatch(VmVerification::failed) ? ExitCode.VERIFICATION_FAILED : ExitCode.OK;
    }

    private String paint(Verdict v) {
        String text = String.format("%-7s", v.key());
        return switch (v) {
            case PASS -> terminal.green(text);
            case FAIL -> terminal.red(text);
            case WARN, SKIPPED -> terminal.yellow(text);
        };
    }
}
