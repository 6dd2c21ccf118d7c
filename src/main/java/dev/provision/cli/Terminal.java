package dev.provision.cli;

import java.util.Map;

/**
 * What the output may assume about where it goes: an interactive terminal gets a live progress line and colour;
 * a pipeline (no console, or {@code CI} set) gets plain timestamped lines. {@code NO_COLOR} turns colour off.
 */
public record Terminal(boolean interactive, boolean color) {
    public static Terminal detect(Map<String, String> env, boolean noColorFlag) {
        boolean ci = env.containsKey("CI") || env.containsKey("TF_BUILD") || env.containsKey("GITHUB_ACTIONS");
        boolean interactive = System.console() != null && !ci;
        boolean color = interactive && !noColorFlag && !env.containsKey("NO_COLOR")
                && !"dumb".equals(env.get("TERM"));
        return new Terminal(interactive, color);
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
