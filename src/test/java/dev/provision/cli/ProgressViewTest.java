package dev.provision.cli;

import dev.provision.event.Event;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;

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
}
