package dev.provision.plan;

import java.util.regex.Pattern;

/** A glob over VM names: {@code *} any run, {@code ?} one character, {@code [abc]} one of a set. */
public final class NamePattern {
    private final Pattern regex;

    private NamePattern(Pattern regex) {
        this.regex = regex;
    }

    public static NamePattern compile(String glob) {
        StringBuilder re = new StringBuilder();
        boolean inSet = false;
        for (char c : glob.toCharArray()) {
            if (inSet) {
                if (c == ']') {
                    inSet = false;
                    re.append(']');
                } else if (c == '\\' || c == '^' || c == '[') {
                    re.append('\\').append(c);
                } else {
                    re.append(c);
                }
                continue;
            }
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                case '[' -> {
                    inSet = true;
                    re.append('[');
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (inSet) {
            throw new IllegalArgumentException("unclosed '[' in pattern '" + glob + "'");
        }
        return new NamePattern(Pattern.compile(re.toString()));
    }

    public boolean matches(String name) {
        return regex.matcher(name).matches();
    }
}
