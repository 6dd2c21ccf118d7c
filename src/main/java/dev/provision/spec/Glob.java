package dev.provision.spec;

import java.util.regex.Pattern;

/**
 * A VM name pattern: {@code *} any run of characters, {@code ?} one character, {@code [abc]} / {@code [a-z]} one
 * of a set, {@code [!abc]} one not in it. Matching is case-sensitive, as vSphere inventory names are. Everything
 * else is literal, so a dot in {@code web.01} means a dot.
 */
public final class Glob {
    private final String text;
    private final Pattern regex;

    private Glob(String text, Pattern regex) {
        this.text = text;
        this.regex = regex;
    }

    /** @throws IllegalArgumentException with a one-line, user-facing reason when the pattern is malformed */
    public static Glob compile(String glob) {
        if (glob == null || glob.isEmpty()) {
            throw new IllegalArgumentException("the pattern is empty");
        }
        StringBuilder re = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else if (c == '[') {
                int close = glob.indexOf(']', i + 1);
                if (close < 0) {
                    throw new IllegalArgumentException("'[' at position " + (i + 1) + " is never closed with ']'");
                }
                String set = glob.substring(i + 1, close);
                boolean negate = set.startsWith("!");
                if (negate) {
                    set = set.substring(1);
                }
                if (set.isEmpty()) {
                    throw new IllegalArgumentException("'[]' at position " + (i + 1) + " matches nothing");
                }
                re.append(negate ? "[^" : "[");
                for (int k = 0; k < set.length(); k++) {
                    char s = set.charAt(k);
                    boolean range = s == '-' && k > 0 && k < set.length() - 1;
                    re.append(range ? "-" : Pattern.quote(String.valueOf(s)));
                }
                re.append(']');
                i = close;
            } else if (c == ']') {
                throw new IllegalArgumentException("']' at position " + (i + 1) + " has no opening '['");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
            i++;
        }
        try {
            return new Glob(glob, Pattern.compile(re.toString()));
        } catch (RuntimeException e) {
            // e.g. a reversed range such as [z-a]
            throw new IllegalArgumentException("a character range is written backwards");
        }
    }

    public boolean matches(String name) {
        return name != null && regex.matcher(name).matches();
    }

    @Override
    public String toString() {
        return text;
    }
}
