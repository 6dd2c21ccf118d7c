package dev.provision.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A terminal screen of a fixed width, enough of one to see what a person would: printable characters, carriage
 * return, newline, the erase-line sequence {@code ESC [ 2 K}, and auto-wrap at the right margin the way xterm and
 * tmux do it (the cursor waits at the margin; the next printable character goes to the next row).
 */
final class FakeScreen {
    private final int columns;
    private final List<StringBuilder> rows = new ArrayList<>();
    private int row;
    private int column;

    FakeScreen(int columns) {
        this.columns = columns;
        rows.add(new StringBuilder());
    }

    FakeScreen write(String output) {
        for (int i = 0; i < output.length(); i++) {
            char c = output.charAt(i);
            if (c == '\u001b' && output.startsWith("\u001b[2K", i)) {
                rows.get(row).setLength(0);
                i += 3;
            } else if (c == '\r') {
                column = 0;
            } else if (c == '\n') {
                newRow();
            } else {
                if (column == columns) {
                    newRow();
                }
                StringBuilder current = rows.get(row);
                while (current.length() < column) {
                    current.append(' ');
                }
                if (column < current.length()) {
                    current.setCharAt(column, c);
                } else {
                    current.append(c);
                }
                column++;
            }
        }
        return this;
    }

    private void newRow() {
        row++;
        column = 0;
        if (row == rows.size()) {
            rows.add(new StringBuilder());
        }
    }

    /** The rows as shown, trailing blanks dropped. */
    List<String> rows() {
        List<String> out = new ArrayList<>();
        for (StringBuilder r : rows) {
            out.add(r.toString().stripTrailing());
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }
}
