package dev.provision.cli;

import dev.provision.apply.ApplyReport;
import dev.provision.model.ChangeOutcome;
import dev.provision.model.ChangeOutcome.Status;

import java.io.PrintWriter;

/** The apply's result: counts, then every VM that needs the user's attention, with the state it was left in. */
final class ApplyView {
    private final Terminal terminal;

    ApplyView(Terminal terminal) {
        this.terminal = terminal;
    }

    void render(ApplyReport report, PrintWriter out) {
        out.println("Apply: " + report.count(Status.APPLIED) + " applied, " + report.count(Status.FAILED)
                + " failed, " + report.count(Status.REFUSED) + " refused, " + report.count(Status.PENDING)
                + " pending, " + report.count(Status.NOT_STARTED) + " not started, "
                + (report.count(Status.INTERRUPTED) == 0 ? "" : report.count(Status.INTERRUPTED) + " interrupted, ")
                + report.count(Status.UNCHANGED) + " unchanged.");
        for (ChangeOutcome o : report.outcomes()) {
            if (o.status() == Status.APPLIED || o.status() == Status.UNCHANGED) {
                continue;
            }
            String label = o.status().key().toUpperCase();
            out.println("  " + (o.status().isFailure() ? terminal.red(label) : terminal.yellow(label)) + " "
                    + o.change().address() + ": " + o.message()
                    + (o.vmState() == null ? "" : " (VM left " + o.vmState() + ")"));
        }
        out.flush();
    }
}
