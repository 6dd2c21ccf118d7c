package dev.provision.cli;

import java.util.Map;

/**
 * What the output may assume about where it goes: an interactive terminal gets a live progress line and colour;
 * a pipeline (no console, or {@code CI} set) gets plain timestamped lines. {@code NO_COLOR} turns colour off.
 * {@code columns} is the terminal's width, which the live line never exceeds.
 */
public record Terminal(boolean interactive, boolean color, int columns) {
    /** What a terminal that does not say its width is taken to have. */
    static final int DEFAULT_COLUMNS = 80;

    public Terminal(boolean interactive, boolean color) {
        this(interactive, color, DEFAULT_COLUMNS);
    }

    public static Terminal detect(Map<String, String> env, boolean noColorFlag) {
        boolean ci = env.containsKey("CI") || env.containsKey("TF_BUILD") || env.containsKey("GITHUB_ACTIONS");
        boolean interactive = System.console() != null && !ci;
        boolean color = interactive && !noColorFlag && !env.containsKey("NO_COLOR")
                && !"dumb".equals(env.get("TERM"));
        return new Terminal(interactive, color, interactive ? columns(env) : DEFAULT_COLUMNS);
    }

    /**
     * COLUMNS when the shell exported it; else what the terminal itself says ({@code stty size} on /dev/tty: Java
     * has no call for it, and shells do not export COLUMNS to programs by default); else 80.
     */
    static int columns(Map<String, String> env) {
        Integer given = positive(env.get("COLUMNS"));
        if (given != null) {
            return given;
        }
        try {
            Process stty = new ProcessBuilder("stty", "size").redirectInput(new java.io.File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String answer = new String(stty.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (stty.waitFor(2, java.util.concurrent.TimeUnit.SECONDS) && stty.exitValue() == 0) {
                String[] rowsColumns = answer.trim().split("\\s+");
                Integer read = rowsColumns.length == 2 ? positive(rowsColumns[1]) : null;
                if (read != null) {
                    return read;
                }
            }
        } catch (java.io.IOException e) {
            // No stty (Windows) or no /dev/tty: the default width.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return DEFAULT_COLUMNS;
    }

    private static Integer positive(String text) {
        try {
            int n = text == null ? 0 : Integer.parseInt(text.trim());
            return n > 0 ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public static Terminal plain() {
        return new Terminal(false, false);
    }

    String paint(String ansi, String text) {
        return color ? "\u001b[" + ansi + "m" + text + "\u001b[0m" : text;
    }

    String red(String text) {
        return paint("31", text);
    }

    String green(String text) {
        return paint("32", text);
    }

    String yellow(String text) {
        return paint("33", text);
    }

    String bold(String text) {
        return paint("1", text);
    }
}
