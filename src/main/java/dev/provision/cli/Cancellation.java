package dev.provision.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * How an apply is cancelled: by a person at a terminal (Ctrl-C, SIGINT) or by a CI system (SIGTERM, then SIGKILL
 * some seconds later: about 10 s in GitHub Actions). A shutdown hook sees both alike and may not print or decide
 * the exit code, so the two signals are caught while the apply runs with {@code sun.misc.Signal} (module
 * {@code jdk.unsupported}, in every JDK 17 and JRE image), which replaces the JVM's own exit-on-signal:
 * <ul>
 *   <li>the first Ctrl-C starts no new change and lets the ones under way finish;</li>
 *   <li>a second Ctrl-C stops waiting at once;</li>
 *   <li>SIGTERM starts no new change and waits at most {@link #TERM_GRACE} for the ones under way, so the summary
 *   and the reports are written before the SIGKILL.</li>
 * </ul>
 * Where the signals cannot be caught (a JVM run with {@code -Xrs}, a runtime without {@code jdk.unsupported}), the
 * apply falls back to its shutdown hook: changes under way finish, and nothing is reported.
 */
final class Cancellation implements AutoCloseable {
    /** How long SIGTERM waits for changes under way: leaves time to report within 5 s of the signal. */
    static final Duration TERM_GRACE = Duration.ofSeconds(3);

    private final Runnable stopStarting;
    private final Consumer<String> say;
    private final AtomicInteger interrupts = new AtomicInteger();
    private final CompletableFuture<Void> stopWaiting = new CompletableFuture<>();
    private final Map<String, Object> previous = new LinkedHashMap<>();
    private volatile boolean cancelled;

    private Cancellation(Runnable stopStarting, Consumer<String> say) {
        this.stopStarting = stopStarting;
        this.say = say;
    }

    /**
     * Catches SIGINT and SIGTERM until {@link #close()}.
     *
     * @param stopStarting asks the apply to start no further change; called once per signal, from its thread
     * @param say          prints one line for the user (the signal's thread; the CLI's writers are synchronized)
     */
    static Cancellation install(Runnable stopStarting, Consumer<String> say) {
        Cancellation c = new Cancellation(stopStarting, say);
        try {
            c.previous.put("INT", Handlers.catchSignal("INT", c::interrupt));
            c.previous.put("TERM", Handlers.catchSignal("TERM", c::terminate));
        } catch (IllegalArgumentException | LinkageError cannotCatch) {
            // The JVM keeps the signal (-Xrs, or no such signal here): the shutdown hook is the fallback.
        }
        return c;
    }

    /** Completes when the run must stop waiting for the changes under way. */
    CompletableFuture<Void> stopWaiting() {
        return stopWaiting;
    }

    /** Whether SIGINT or SIGTERM arrived: the run reports, skips verification and exits 130. */
    boolean cancelled() {
        return cancelled;
    }

    private void interrupt() {
        cancelled = true;
        stopStarting.run();
        if (interrupts.incrementAndGet() == 1) {
            say.accept("Interrupted: no new change starts; waiting for the changes under way to finish, so no VM is "
                    + "left half-done. Press Ctrl-C again to stop waiting (the VMs keep their restore markers).");
        } else {
            stopWaiting.complete(null);
        }
    }

    private void terminate() {
        cancelled = true;
        stopStarting.run();
        say.accept("Terminated (SIGTERM): no new change starts; waiting at most " + TERM_GRACE.toSeconds()
                + " s for the changes under way, then reporting and exiting.");
        CompletableFuture.delayedExecutor(TERM_GRACE.toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> stopWaiting.complete(null));
    }

    @Override
    public void close() {
        previous.forEach(Handlers::restore);
    }

    /** The only place that names {@code sun.misc}: a missing module fails here, caught as a LinkageError. */
    private static final class Handlers {
        static Object catchSignal(String name, Runnable action) {
            return Signal.handle(new Signal(name), signal -> action.run());
        }

        static void restore(String name, Object handler) {
            Signal.handle(new Signal(name), (SignalHandler) handler);
        }
    }
}
