package dev.provision.cli;

import dev.provision.event.Event;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.provision.model.ChangeOutcome;
import dev.provision.model.Action;
import dev.provision.model.Change;
import dev.provision.spec.PowerCyclePolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressViewTest {
    @Test
    void aTerminalGetsABarRedrawnInPlace() {
        StringWriter text = new StringWriter();
        ProgressView view = new ProgressView(new PrintWriter(text), new Terminal(true, false), 0);
        view.expect(4);
        view.emit(new Event.TargetReading("lab"));
        view.emit(new Event.TargetRead("lab", 3, Duration.ofMillis(5)));
        view.close();
        String out = text.toString();
        assertTrue(out.contains("[--------------------] 0/4 lab: reading inventory"), out);
        assertTrue(out.contains("\r\u001b[2K"), "the bar is cleared before a line is printed");
        assertTrue(out.contains("lab: read 3 VMs"), out);
    }

    @Test
    void aPipelineGetsTimestampedLinesAndNoEscapes() {
        StringWriter text = new StringWriter();
        ProgressView view = new ProgressView(new PrintWriter(text), Terminal.plain(), 0);
        view.emit(new Event.TargetReading("lab"));
        assertTrue(text.toString().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ lab: reading inventory\\R"),
                text.toString());
        assertFalse(text.toString().contains("\u001b"));
    }

    @Test
    void detailIsShownOnlyWhenVerbose() {
        StringWriter quiet = new StringWriter();
        new ProgressView(new PrintWriter(quiet), Terminal.plain(), 0).emit(new Event.Detail("lab", "retrying"));
        StringWriter verbose = new StringWriter();
        new ProgressView(new PrintWriter(verbose), Terminal.plain(), 1).emit(new Event.Detail("lab", "retrying"));
        assertTrue(quiet.toString().isEmpty());
        assertTrue(verbose.toString().contains("lab: retrying"));
    }

    @Test
    void noColorAndCiAreHonoured() {
        assertFalse(Terminal.detect(Map.of("NO_COLOR", "1"), false).color());
        assertFalse(Terminal.detect(Map.of("CI", "true"), false).interactive());
        assertFalse(new Terminal(false, false).red("x").contains("\u001b"));
        assertTrue(new Terminal(true, true).red("x").contains("\u001b[31m"));
    }

    private static Change change(String vm) {
        return new Change("lab", vm, Action.UPDATE, List.of(), List.of("nested virtualization off"),
                Map.of("nestedVirtualization", false), Map.of("nestedVirtualization", true), null,
                PowerCyclePolicy.GRACEFUL, Duration.ofMinutes(10));
    }

    /** An apply of two changes with long names and long steps, at 80 columns, as a person would see it. */
    @Test
    void atEightyColumnsTheLiveLineFitsAndLeavesNothingBehind() {
        StringWriter text = new StringWriter();
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-25T10:00:00Z"));
        ProgressView view = new ProgressView(new PrintWriter(text), new Terminal(true, false, 80), 0, now::get);
        Change first = change("vdi-desktop-pool-engineering-0001");
        Change second = change("vdi-desktop-pool-engineering-0002");
        view.expect(2);
        view.emit(new Event.TargetReading("lab"));
        view.emit(new Event.TargetRead("lab", 2, Duration.ofMillis(5)));
        view.emit(new Event.ChangeStarted(first));
        view.emit(new Event.ChangeProgress(first, "shutting down guest (graceful), waiting for VMware Tools"));
        view.emit(new Event.ChangeStarted(second));
        view.emit(new Event.ChangeProgress(second, "shutting down guest (graceful), waiting for VMware Tools"));
        now.set(now.get().plusSeconds(130));
        view.redraw();
        view.emit(new Event.ChangeFinished(new ChangeOutcome(first, ChangeOutcome.Status.APPLIED, null, null,
                Duration.ofSeconds(130))));
        view.emit(new Event.ChangeFinished(new ChangeOutcome(second, ChangeOutcome.Status.APPLIED, null, null,
                Duration.ofSeconds(130))));
        view.close();

        List<String> screen = new FakeScreen(80).write(text.toString()).rows();
        assertEquals(List.of("lab: read 2 VMs in 5 ms", "lab/vdi-desktop-pool-engineering-0001: applied",
                "lab/vdi-desktop-pool-engineering-0002: applied"), screen, text.toString());
        for (String drawn : text.toString().split("\r|\n")) {
            String visible = drawn.replace("\u001b[2K", "");
            assertTrue(visible.length() < 80, "wider than the terminal: " + visible);
        }
    }

    @Test
    void theLiveLineSaysWhatIsInFlightAndHowLongTheLatestStepHasTaken() {
        StringWriter text = new StringWriter();
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-25T10:00:00Z"));
        ProgressView view = new ProgressView(new PrintWriter(text), new Terminal(true, false, 200), 0, now::get);
        view.expect(3);
        view.emit(new Event.ChangeStarted(change("vdi-01")));
        view.emit(new Event.ChangeStarted(change("vdi-02")));
        view.emit(new Event.ChangeProgress(change("vdi-02"), "shutting down guest (graceful)"));
        assertEquals("[--------------------] 0/3 · 2 in flight lab/vdi-02: shutting down guest (graceful)",
                view.liveLine(), "a short step shows no time");
        now.set(now.get().plusSeconds(130));
        view.emit(new Event.ChangeProgress(change("vdi-02"), "shutting down guest (graceful)"));
        assertEquals("[--------------------] 0/3 · 2 in flight lab/vdi-02: shutting down guest (graceful) 2m10s",
                view.liveLine(), "the same step again keeps its start");
        view.redraw();
        assertTrue(text.toString().endsWith("shutting down guest (graceful) 2m10s"), text.toString());
        view.close();
    }

    @Test
    void elapsedTimeReadsAtAGlance() {
        assertEquals("7s", ProgressView.elapsed(Duration.ofSeconds(7)));
        assertEquals("2m10s", ProgressView.elapsed(Duration.ofSeconds(130)));
        assertEquals("1h05m", ProgressView.elapsed(Duration.ofMinutes(65)));
        assertEquals("abc", ProgressView.fit("abc", 80));
        assertEquals(79, ProgressView.fit("x".repeat(200), 80).length());
    }
}
