package dev.provision.spec;

import java.math.BigInteger;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML mapping read against a {@link KeyTable}: on construction it reports unknown keys (with a suggestion),
 * duplicate keys and missing required keys; its typed getters report wrong types. Every getter returns null when
 * the key is absent or its value is wrong, after reporting why, so readers can carry on and find more problems.
 */
final class YamlMap {
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern SHORT_DURATION = Pattern.compile("(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?");

    private final MappingNode node;
    private final KeyTable table;
    private final YamlSource src;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    /** The mapping this one is a value in, for telling a mis-indented key from a wrong one; null at the root. */
    private final Enclosing enclosing;

    /** The mapping a nested one sits in, and the key it sits under. */
    private record Enclosing(YamlMap map, String key) {
    }

    private YamlMap(MappingNode node, KeyTable table, YamlSource src, Enclosing enclosing) {
        this.node = node;
        this.table = table;
        this.src = src;
        this.enclosing = enclosing;
        for (NodeTuple t : node.getValue()) {
            Node k = t.getKeyNode();
            if (!(k instanceof ScalarNode key) || isNull(k)) {
                src.error(k, "a key must be a plain word such as 'name'; write key: value");
                continue;
            }
            String name = key.getValue();
            if (key.getTag().equals(Tag.MERGE)) {
                src.error(k, "merge keys (<<) are not supported; write the keys out, or move shared settings "
                        + "into a profile and extend it");
            } else if (!table.has(name)) {
                String hint = belongsOutside(name) ? tooDeep(name) : DidYouMean.hint(name, table.names());
                src.error(k, "unknown key '" + name + "' in " + table.what()
                        + (hint.isEmpty() ? "; expected one of: " + String.join(", ", table.names()) : hint));
            } else if (entries.containsKey(name)) {
                src.error(k, "duplicate key '" + name + "'; it is already set on line "
                        + src.at(entries.get(name).getKeyNode()).line()
                        + (belongsOutside(name) ? " of " + table.what() + tooDeep(name) : "; keep one"));
            } else {
                entries.put(name, t);
            }
        }
        for (SpecKey k : table.keys()) {
            if (k.required() && !entries.containsKey(k.name())) {
                src.error(node, "missing '" + k.name() + "' in " + table.what() + "; add it: " + hint(k));
            }
        }
    }

    /**
     * A key this mapping cannot take (again), which the mapping around it takes and does not have: most likely
     * written one indentation level too deep, e.g. a target's {@code vms:} under its {@code lab:} block, whose own
     * {@code vms:} makes it look like a duplicate. Telling the user to keep one would lose half their spec.
     */
    private boolean belongsOutside(String name) {
        return enclosing != null && enclosing.map().table.has(name) && !enclosing.map().entries.containsKey(name);
    }

    private String tooDeep(String name) {
        YamlMap outer = enclosing.map();
        return "; it is probably indented too deep: to set '" + name + "' of " + outer.table.what()
                + ", line it up with '" + enclosing.key() + "' on line " + src.at(outer.keyNode(enclosing.key()))
                .line();
    }

    /** The mapping at {@code node}, or null after reporting that it is not one. */
    static YamlMap of(Node node, KeyTable table, YamlSource src, String key) {
        return of(node, table, src, key, null);
    }

    private static YamlMap of(Node node, KeyTable table, YamlSource src, String key, Enclosing enclosing) {
        if (node instanceof MappingNode m) {
            return new YamlMap(m, table, src, enclosing);
        }
        src.error(node, "'" + key + "' must be " + ValueType.MAPPING.expected + ", not " + describe(node));
        return null;
    }

    /** What this mapping is, for messages: "the vsphere block". */
    String what() {
        return table.what();
    }

    YamlSource src() {
        return src;
    }

    MappingNode node() {
        return node;
    }

    SourceLocation location() {
        return src.at(node);
    }

    boolean has(String key) {
        table.key(key);
        return entries.containsKey(key);
    }

    /** The value node, or null when absent. An empty value ({@code key:}) is reported and treated as absent. */
    Node value(String key) {
        table.key(key);
        NodeTuple t = entries.get(key);
        if (t == null) {
            return null;
        }
        if (isNull(t.getValueNode())) {
            SpecKey k = table.key(key);
            String expected = k.type() == ValueType.ENUM ? "one of " + String.join(", ", k.values())
                    : k.type().expected;
            src.error(t.getValueNode(), "'" + key + "' is empty; write " + expected + " or remove the key");
            return null;
        }
        return t.getValueNode();
    }

    Node keyNode(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? null : t.getKeyNode();
    }

    String string(String key) {
        Node v = value(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof ScalarNode s)) {
            return wrongType(key, v);
        }
        if (s.getValue().isBlank()) {
            src.error(v, "'" + key + "' is blank; write a value or remove the key");
            return null;
        }
        return s.getValue();
    }

    Integer integer(String key) {
        Node v = value(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof ScalarNode s) || !isPlain(s) || !WHOLE_NUMBER.matcher(s.getValue()).matches()) {
            return wrongType(key, v);
        }
        BigInteger n = new BigInteger(s.getValue());
        Integer min = table.key(key).minimum();
        if (min != null && n.compareTo(BigInteger.valueOf(min)) < 0) {
            src.error(v, "'" + key + "' must be at least " + min + ", not " + n);
            return null;
        }
        if (n.bitLength() > 31) {
            src.error(v, "'" + key + "' is too large; write a number below " + Integer.MAX_VALUE);
            return null;
        }
        return n.intValue();
    }

    Boolean bool(String key) {
        Node v = value(key);
        if (v == null) {
            return null;
        }
        if (v instanceof ScalarNode s && isPlain(s)) {
            switch (s.getValue()) {
                case "true", "True", "TRUE":
                    return true;
                case "false", "False", "FALSE":
                    return false;
                default:
                    if (s.getValue().matches("(?i)yes|no|on|off|y|n")) {
                        src.error(v, "'" + key + "' must be true or false, not '" + s.getValue()
                                + "' (YAML 1.1 words such as yes and on are not booleans here)");
                        return null;
                    }
            }
        }
        return wrongType(key, v);
    }

    /** {@code 90s}, {@code 5m}, {@code 1h30m} or ISO-8601 ({@code PT90S}); must be longer than zero. */
    Duration duration(String key) {
        Node v = value(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof ScalarNode s)) {
            return wrongType(key, v);
        }
        String text = s.getValue().trim();
        Duration d = null;
        Matcher m = SHORT_DURATION.matcher(text);
        if (!text.isEmpty() && m.matches()) {
            try {
                d = Duration.ofHours(part(m.group(1))).plusMinutes(part(m.group(2))).plusSeconds(part(m.group(3)));
            } catch (ArithmeticException e) {
                d = null;
            }
        } else if (text.startsWith("P") || text.startsWith("p")) {
            try {
                d = Duration.parse(text);
            } catch (DateTimeParseException e) {
                d = null;
            }
        }
        if (d == null) {
            return wrongType(key, v);
        }
        if (d.isNegative() || d.isZero()) {
            src.error(v, "'" + key + "' must be longer than zero; write e.g. 90s or 5m");
            return null;
        }
        return d;
    }

    private static long part(String digits) {
        return digits == null ? 0 : Long.parseLong(digits);
    }

    /** A word from the key's fixed set. */
    String word(String key) {
        String text = scalarText(key);
        return text == null ? null : checkWord(key, value(key), text);
    }

    List<String> words(String key) {
        List<Node> items = list(key);
        if (items == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        boolean ok = true;
        for (Node item : items) {
            if (!(item instanceof ScalarNode s) || isNull(item)) {
                src.error(item, "each entry of '" + key + "' must be one of " + allowed(key) + ", not "
                        + describe(item));
                ok = false;
                continue;
            }
            String w = checkWord(key, item, s.getValue());
            if (w == null) {
                ok = false;
            } else if (out.contains(w)) {
                src.error(item, "'" + w + "' is listed twice in '" + key + "'; keep one");
                ok = false;
            } else {
                out.add(w);
            }
        }
        return ok ? out : null;
    }

    private String checkWord(String key, Node at, String text) {
        List<String> values = table.key(key).values();
        if (values.contains(text)) {
            return text;
        }
        String hint = DidYouMean.hint(text, values);
        src.error(at, "'" + key + "' must be one of " + allowed(key) + ", not '" + clip(text) + "'" + hint);
        return null;
    }

    private String allowed(String key) {
        return table.key(key).values().stream().collect(Collectors.joining(", "));
    }

    /** A list of text values; each checked against the key's pattern when it has one. */
    List<String> strings(String key) {
        List<Node> items = list(key);
        if (items == null) {
            return null;
        }
        String pattern = table.key(key).pattern();
        List<String> out = new ArrayList<>();
        boolean ok = true;
        for (Node item : items) {
            if (!(item instanceof ScalarNode s) || isNull(item) || s.getValue().isBlank()) {
                src.error(item, "each entry of '" + key + "' must be a text value, not " + describe(item));
                ok = false;
            } else if (pattern != null && !s.getValue().matches(pattern)) {
                src.error(item, "'" + clip(s.getValue()) + "' is not a valid entry of '" + key + "'");
                ok = false;
            } else {
                out.add(s.getValue());
            }
        }
        return ok ? out : null;
    }

    /** The items of a list value, or null (absent, or reported as not a list). */
    List<Node> list(String key) {
        Node v = value(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof SequenceNode seq)) {
            return wrongType(key, v);
        }
        return seq.getValue();
    }

    /** A nested mapping read against the key's own table. */
    YamlMap map(String key) {
        Node v = value(key);
        return v == null ? null : of(v, table.key(key).nested(), src, key, new Enclosing(this, key));
    }

    /** A list of nested mappings; items that are not mappings are reported and left out. */
    List<YamlMap> maps(String key) {
        List<Node> items = list(key);
        if (items == null) {
            return null;
        }
        KeyTable nested = table.key(key).nested();
        List<YamlMap> out = new ArrayList<>();
        for (Node item : items) {
            if (item instanceof MappingNode m) {
                out.add(new YamlMap(m, nested, src, new Enclosing(this, key)));
            } else {
                src.error(item, "each entry of '" + key + "' must be a mapping (key: value), not "
                        + describe(item));
            }
        }
        return out;
    }

    /** The text of a scalar value without type checks beyond "is a single value". */
    String scalarText(String key) {
        Node v = value(key);
        if (v == null) {
            return null;
        }
        return v instanceof ScalarNode s ? s.getValue() : wrongType(key, v);
    }

    /** Reports that a value has the wrong type for its key; echoes only non-secret single values. */
    <T> T wrongType(String key, Node v) {
        SpecKey k = table.key(key);
        String got = k.type() == ValueType.SECRET ? "something else" : describe(v);
        src.error(v, "'" + key + "' must be " + k.type().expected + ", not " + got);
        return null;
    }

    static boolean isNull(Node n) {
        return n instanceof ScalarNode s && isPlain(s) && n.getTag().equals(Tag.NULL);
    }

    static boolean isPlain(ScalarNode s) {
        return s.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN;
    }

    static String describe(Node n) {
        if (n instanceof MappingNode) {
            return "a mapping";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        if (isNull(n)) {
            return "nothing";
        }
        return "'" + clip(((ScalarNode) n).getValue()) + "'";
    }

    static String clip(String text) {
        String oneLine = text.replace('\n', ' ').replace('\r', ' ');
        return oneLine.length() <= 40 ? oneLine : oneLine.substring(0, 37) + "...";
    }

    /** The key's description, lower-cased, as the "what to write" part of a missing-key message. */
    private static String hint(SpecKey k) {
        String d = k.description().endsWith(".") ? k.description().substring(0, k.description().length() - 1)
                : k.description();
        String text = d.substring(0, 1).toLowerCase(java.util.Locale.ROOT) + d.substring(1);
        return k.type() == ValueType.ENUM ? text + " (" + String.join(", ", k.values()) + ")" : text;
    }
}
