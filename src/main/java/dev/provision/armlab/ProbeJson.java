package dev.provision.armlab;

import java.util.List;
import java.util.Map;

/**
 * JSON written the way the probe scripts' ConvertTo-ProbeJson writes it: compact, pure ASCII ({@code \\uXXXX}
 * beyond it), white space runs collapsed, each text cut to its key's byte limit around a "..." that keeps its first
 * third and its end. So the emulator's answers have the shape, and the ceilings, of a real guest's.
 */
final class ProbeJson {
    private ProbeJson() {}

    /** @param limits the script's $Limit table; "other" applies to keys it does not name */
    static String write(Object value, String key, Map<String, Integer> limits) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            return value.toString();
        }
        if (value instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder("{");
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (out.length() > 1) {
                    out.append(',');
                }
                String k = String.valueOf(e.getKey());
                out.append(text(k, 64)).append(':').append(write(e.getValue(), k, limits));
            }
            return out.append('}').toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder out = new StringBuilder("[");
            for (Object item : list) {
                if (out.length() > 1) {
                    out.append(',');
                }
                out.append(write(item, key, limits));
            }
            return out.append(']').toString();
        }
        return text(value.toString(), limits.getOrDefault(key, limits.get("other")));
    }

    /** ConvertTo-JsonText: one JSON string of at most {@code max} characters between its quotes. */
    static String text(String text, int max) {
        String flat = text.replaceAll("\\s+", " ").strip();
        String[] pieces = new String[flat.length()];
        int total = 0;
        for (int i = 0; i < flat.length(); i++) {
            char c = flat.charAt(i);
            pieces[i] = c == '"' || c == '\\' ? "\\" + c : c < 32 || c > 126 ? String.format("\\u%04x", (int) c)
                    : String.valueOf(c);
            total += pieces[i].length();
        }
        if (total <= max) {
            return '"' + String.join("", pieces) + '"';
        }
        int room = max - 3;
        StringBuilder head = new StringBuilder();
        int i = 0;
        while (head.length() + pieces[i].length() <= room / 3) {
            head.append(pieces[i++]);
        }
        StringBuilder tail = new StringBuilder();
        int j = pieces.length - 1;
        while (j > i && head.length() + tail.length() + pieces[j].length() <= room) {
            tail.insert(0, pieces[j--]);
        }
        return '"' + head.toString() + "..." + tail + '"';
    }
}
