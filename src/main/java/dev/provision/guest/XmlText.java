package dev.provision.guest;

/**
 * Escapes text for XML 1.0. Characters XML 1.0 cannot hold at all (most C0 controls, lone surrogates, U+FFFE and
 * U+FFFF), which a guest's output may well contain, are written as a visible {@code \}{@code uXXXX} instead of
 * making the whole report unreadable.
 */
final class XmlText {
    private XmlText() {}

    static String text(String s) {
        return escape(s, false);
    }

    /** For a double-quoted attribute value; line breaks and tabs survive attribute normalization as references. */
    static String attribute(String s) {
        return escape(s, true);
    }

    private static String escape(String s, boolean attribute) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
                continue;
            }
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append(attribute ? "&quot;" : "\"");
                case '\n' -> out.append(attribute ? "&#10;" : "\n");
                case '\r' -> out.append("&#13;");
                case '\t' -> out.append(attribute ? "&#9;" : "\t");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c) || c == '\uFFFE' || c == '\uFFFF') {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
