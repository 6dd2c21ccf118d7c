package dev.provision.cli;

import dev.provision.model.ChangeOutcome;
import dev.provision.event.Event;
import dev.provision.event.EventSink;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Renders the core's events on stderr: on a terminal, one live progress bar redrawn in place; in a pipeline,
 * plain timestamped lines that read well in a build log.
 */
final class ProgressView implements EventSink {
    private static final int BAR_WIDTH = 20;

    private final PrintWriter err;
    private final Terminal terminal;
    private final int verbosity;
    private int total;
    private int done;
    private boolean barShown;

    ProgressView(PrintWriter err, Terminal terminal, int verbosity) {
        this.err = err;
        this.terminal = terminal;
        this.verbosity = verbosity;
    }

    /** How many changes the coming apply will walk, for the bar. */
    synchronized void expect(int changes) {
        total = changes;
        done = 0;
    }

    @Override
    public synchronized void emit(Event event) {
        if (event instanceof Event.TargetReading e) {
            status(e.target() + ": reading inventory");
        } else if (event instanceof Event.TargetRead e) {
            line(e.target() + ": read " + Plural.of(e.vms(), "VM") + " in " + e.took().toMillis() + " ms");
        } else if (event instanceof Event.ChangeStarted e) {
            status(e.change().address() + ": " + e.change().action().key() + " started");
        } else if (event instanceof Event.ChangeProgress e) {
            status(e.change().address() + ": " + e.step());
        } else if (event instanceof Event.ChangeFinished e) {
            finished(e.outcome());
        } else if (event instanceof Event.VerificationStarted e) {
            status(e.target() + "/" + e.vm() + ": probing guest");
        } else if (event instanceof Event.VerificationFinished e) {
            line(e.verification().target() + "/" + e.verification().vm() + ": guest "
                    + (e.verification().passed() ? "verified" : "verification failed"));
        } else if (event instanceof Event.Detail e && verbosity >= 1) {
            line(e.target() + ": " + e.message());
        }
        err.flush();
    }

    private void finished(ChangeOutcome outcome) {
        if (outcome.status() == ChangeOutcome.Status.UNCHANGED) {
            return;
        }
        done++;
        String text = outcome.change().address() + ": " + outcome.status().key()
                + (outcome.message() == null ? "" : " — " + outcome.message());
        line(outcome.status().isFailure() ? terminal.red(text) : text);
    }

    /** Transient state: the bar on a terminal, a log line elsewhere. */
    private void status(String text) {
        if (!terminal.interactive()) {
            line(text);
            return;
        }
        clearBar();
        err.print(bar() + " " + text);
        barShown = true;
    }

    private void line(String text) {
        if (terminal.interactive()) {
            clearBar();
            err.println(text);
        } else {
            err.println(Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + text);
        }
    }

    private void clearBar() {
        if (barShown) {
            err.print("\r\u001b[2K");
            barShown = false;
        }
    }

    private String bar() {
        if (total == 0) {
            return "[working]";
        }
        int filled = Math.min(BAR_WIDTH, done * BAR_WIDTH / total);
        return "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "] " + done + "/" + total;
    }

    /** Ends the live line so what follows starts on a clean line. */
    synchronized void close() {
        clearBar();
        err.flush();
    }
}
