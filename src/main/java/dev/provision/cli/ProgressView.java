package dev.provision.cli;

import dev.provision.model.ChangeOutcome;
import dev.provision.event.Event;
import dev.provision.event.EventSink;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Renders the core's events on stderr: on a terminal, one live progress line redrawn in place; in a pipeline,
 * plain timestamped lines that read well in a build log.
 *
 * <p>The live line is cut to the terminal's width: a line that wraps can no longer be erased by a carriage return
 * and a clear-line, so its first rows would stay behind on every redraw. It says how many changes (or guest probes)
 * are in flight, and the step of the latest one with its elapsed time once it runs long, redrawn every second so
 * a graceful shutdown that takes minutes is seen to be waiting, not hanging.
 */
final class ProgressView implements EventSink {
    private static final int BAR_WIDTH = 20;
    /** From this long on a step shows its elapsed time; shorter steps would only flicker. */
    static final Duration LONG_STEP = Duration.ofSeconds(5);

    private final PrintWriter err;
    private final Terminal terminal;
    private final int verbosity;
    private final Supplier<Instant> clock;
    /** What is under way, by address: its current step and since when. Changes and probes apart, for the count. */
    private final Map<String, Step> changes = new LinkedHashMap<>();
    private final Map<String, Step> probes = new LinkedHashMap<>();
    private final Map<String, Step> reads = new LinkedHashMap<>();
    private Step latest;
    private int total;
    private int done;
    private boolean barShown;
    private ScheduledExecutorService ticker;

    private record Step(String address, String text, Instant since) {}

    ProgressView(PrintWriter err, Terminal terminal, int verbosity) {
        this(err, terminal, verbosity, Instant::now);
    }

    /** @param clock the time elapsed steps are measured with (tests pass their own) */
    ProgressView(PrintWriter err, Terminal terminal, int verbosity, Supplier<Instant> clock) {
        this.err = err;
        this.terminal = terminal;
        this.verbosity = verbosity;
        this.clock = clock;
    }

    /** How many changes the coming apply will walk, for the bar. */
    synchronized void expect(int changes) {
        total = changes;
        done = 0;
    }

    @Override
    public synchronized void emit(Event event) {
        if (event instanceof Event.TargetReading e) {
            status(reads, e.target(), "reading inventory");
        } else if (event instanceof Event.TargetRead e) {
            forget(reads, e.target());
            line(e.target() + ": read " + Plural.of(e.vms(), "VM") + " in " + e.took().toMillis() + " ms");
        } else if (event instanceof Event.ChangeStarted e) {
            status(changes, e.change().address(), e.change().action().key() + " started");
        } else if (event instanceof Event.ChangeProgress e) {
            status(changes, e.change().address(), e.step());
        } else if (event instanceof Event.ChangeFinished e) {
            forget(changes, e.outcome().change().address());
            finished(e.outcome());
        } else if (event instanceof Event.VerificationStarted e) {
            status(probes, e.target() + "/" + e.vm(), "probing guest");
        } else if (event instanceof Event.VerificationFinished e) {
            String address = e.verification().target() + "/" + e.verification().vm();
            forget(probes, address);
            line(address + ": guest " + (e.verification().passed() ? "verified" : "verification failed"));
        } else if (event instanceof Event.Detail e && verbosity >= 1) {
            line(e.target() + ": " + e.message());
        }
        err.flush();
    }

    private void finished(ChangeOutcome outcome) {
        if (outcome.status() == ChangeOutcome.Status.UNCHANGED) {
            redraw();
            return;
        }
        done++;
        String text = outcome.change().address() + ": " + outcome.status().key()
                + (outcome.message() == null ? "" : " — " + outcome.message());
        line(outcome.status().isFailure() ? terminal.red(text) : text);
    }

    /** Transient state: the live line on a terminal, a log line elsewhere. */
    private void status(Map<String, Step> under, String address, String text) {
        if (!terminal.interactive()) {
            line(address + ": " + text);
            return;
        }
        Step previous = under.get(address);
        // The same step again keeps its start: the elapsed time is the step's, not the last event's.
        Instant since = previous != null && previous.text().equals(text) ? previous.since() : clock.get();
        latest = new Step(address, text, since);
        under.put(address, latest);
        draw();
        startTicking();
    }

    private void forget(Map<String, Step> under, String address) {
        under.remove(address);
        if (latest != null && latest.address().equals(address)) {
            latest = newest();
        }
    }

    /** After the shown step ended, the one that started last among those still under way. */
    private Step newest() {
        Step out = null;
        for (Map<String, Step> under : java.util.List.of(changes, probes, reads)) {
            for (Step s : under.values()) {
                if (out == null || !s.since().isBefore(out.since())) {
                    out = s;
                }
            }
        }
        return out;
    }

    private void line(String text) {
        if (terminal.interactive()) {
            clearBar();
            err.println(text);
            if (latest != null) {
                draw();
            }
        } else {
            err.println(Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + text);
        }
    }

    /** Redraws the live line with the time now (the ticker calls it every second). */
    synchronized void redraw() {
        if (barShown && latest != null) {
            draw();
            err.flush();
        }
    }

    private void draw() {
        clearBar();
        err.print(fit(liveLine(), terminal.columns()));
        barShown = true;
    }

    /** The live line before it is cut to the width: bar, what is in flight, the latest step and its elapsed time. */
    String liveLine() {
        StringBuilder s = new StringBuilder(bar());
        if (changes.size() > 1) {
            s.append(" · ").append(changes.size()).append(" in flight");
        } else if (probes.size() > 1) {
            s.append(" · ").append(probes.size()).append(" probing");
        }
        if (latest != null) {
            s.append(' ').append(latest.address()).append(": ").append(latest.text());
            Duration took = Duration.between(latest.since(), clock.get());
            if (took.compareTo(LONG_STEP) >= 0) {
                s.append(' ').append(elapsed(took));
            }
        }
        return s.toString();
    }

    /**
     * Cut to one column less than the terminal: writing the last column makes many terminals wrap (or park the
     * cursor) at once, which is the leftover line this avoids.
     */
    static String fit(String text, int columns) {
        int room = Math.max(10, columns - 1);
        if (text.codePointCount(0, text.length()) <= room) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, room - 1)) + "…";
    }

    /** "42s", "2m10s", "1h05m": what a person reads at a glance. */
    static String elapsed(Duration took) {
        long s = took.getSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + String.format("%02d", s % 60) + "s";
        }
        return (s / 3600) + "h" + String.format("%02d", (s % 3600) / 60) + "m";
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

    private void startTicking() {
        if (ticker == null) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "provision-progress");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::redraw, 1, 1, TimeUnit.SECONDS);
        }
    }

    /** Ends the live line so what follows starts on a clean line. */
    synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
        clearBar();
        latest = null;
        changes.clear();
        probes.clear();
        reads.clear();
        err.flush();
    }
}
