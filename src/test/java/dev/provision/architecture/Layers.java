package dev.provision.architecture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The whole layering rule of the project as one table, and the scanner that checks sources against it. A reference
 * is anything that names one of our packages in code: an import, a static import, or a fully qualified name; text
 * in comments and string literals is not code and is ignored.
 */
final class Layers {
    /** Our packages, grouped into layers; a package belongs to the layer of its longest listed prefix. */
    static final Map<String, String> LAYER_OF = Map.ofEntries(
            Map.entry("spec", "core"), Map.entry("model", "core"), Map.entry("plan", "core"),
            Map.entry("provider", "core"), Map.entry("apply", "core"), Map.entry("event", "core"),
            Map.entry("guest", "core"), Map.entry("engine", "core"),
            Map.entry("azure", "azure"), Map.entry("vsphere", "vsphere"), Map.entry("local", "local"),
            Map.entry("rehearsal", "rehearsal"), Map.entry("armlab", "armlab"),
            Map.entry("boot", "boot"), Map.entry("cli", "cli"));

    /** Which layers of ours each layer may name. The core never names a cloud; the emulator names nothing of ours. */
    static final Map<String, Set<String>> MAY_NAME = Map.of(
            "core", Set.of("core"),
            "azure", Set.of("core", "azure"),
            "vsphere", Set.of("core", "vsphere"),
            "local", Set.of("core", "local"),
            "rehearsal", Set.of("core", "azure", "armlab", "rehearsal"),
            "armlab", Set.of("armlab"),
            "boot", Set.of("core", "azure", "vsphere", "local", "rehearsal", "armlab", "boot"),
            "cli", Set.of("core", "azure", "vsphere", "local", "rehearsal", "armlab", "boot", "cli"));

    /** Outside libraries that only one layer may name: the cloud SDKs stay behind their provider. */
    static final Map<String, String> LIBRARY_OWNER = Map.of("com.azure.", "azure", "com.vmware.", "vsphere");

    /** Only the CLI writes to the console. */
    static final List<String> PRINTING = List.of("System.out", "System.err", "printStackTrace");
    static final String PRINTING_LAYER = "cli";

    private static final String ROOT_PACKAGE = "dev.provision.";
    private static final Pattern OURS = Pattern.compile("\\bdev\\.provision\\.((?:[a-z][a-z0-9]*\\.)*[a-z][a-z0-9]*)\\.[A-Z]");
    private static final Pattern PACKAGE = Pattern.compile("^package dev\\.provision\\.([a-z0-9.]+);", Pattern.MULTILINE);

    private Layers() {}

    /** One source file's code, with comments and string literals blanked out but line breaks kept. */
    record Source(Path file, String pkg, String code) {}

    static List<Source> sources(Path root) throws IOException {
        List<Source> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String text = Files.readString(file);
                Matcher pkg = PACKAGE.matcher(text);
                if (pkg.find()) {
                    out.add(new Source(root.relativize(file), pkg.group(1), codeOnly(text)));
                }
            }
        }
        return out;
    }

    static String layerOf(String pkg) {
        String best = null;
        for (String prefix : LAYER_OF.keySet()) {
            if ((pkg.equals(prefix) || pkg.startsWith(prefix + "."))
                    && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return best == null ? null : LAYER_OF.get(best);
    }

    /** Every way a source breaks the table, as "file:line: what". */
    static List<String> violations(List<Source> sources) {
        List<String> out = new ArrayList<>();
        for (Source s : sources) {
            String from = layerOf(s.pkg());
            if (from == null) {
                out.add(s.file() + ": package dev.provision." + s.pkg() + " is in no layer of the table");
                continue;
            }
            Matcher m = OURS.matcher(s.code());
            while (m.find()) {
                String to = layerOf(m.group(1));
                if (to == null || !MAY_NAME.get(from).contains(to)) {
                    out.add(s.file() + ":" + line(s.code(), m.start()) + ": " + from + " names " + ROOT_PACKAGE
                            + m.group(1) + (to == null ? " (in no layer)" : " (" + to + ")"));
                }
            }
            LIBRARY_OWNER.forEach((library, owner) -> {
                int at = s.code().indexOf(library);
                if (at >= 0 && !owner.equals(from)) {
                    out.add(s.file() + ":" + line(s.code(), at) + ": " + from + " names " + library + "* (only "
                            + owner + " may)");
                }
            });
            for (String print : PRINTING) {
                int at = s.code().indexOf(print);
                if (at >= 0 && !PRINTING_LAYER.equals(from)) {
                    out.add(s.file() + ":" + line(s.code(), at) + ": " + from + " prints (" + print + ")");
                }
            }
        }
        return out;
    }

    /** Which of our packages each package names. */
    static Map<String, Set<String>> packageGraph(List<Source> sources) {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (Source s : sources) {
            Set<String> targets = graph.computeIfAbsent(s.pkg(), p -> new TreeSet<>());
            Matcher m = OURS.matcher(s.code());
            while (m.find()) {
                if (!m.group(1).equals(s.pkg())) {
                    targets.add(m.group(1));
                }
            }
        }
        return graph;
    }

    /** The groups of packages that name each other, directly or round a loop (Tarjan's algorithm). */
    static List<Set<String>> cycles(Map<String, Set<String>> graph) {
        return new Tarjan(graph).run();
    }

    private static final class Tarjan {
        private final Map<String, Set<String>> graph;
        private final Map<String, Integer> index = new LinkedHashMap<>();
        private final Map<String, Integer> low = new LinkedHashMap<>();
        private final List<String> stack = new ArrayList<>();
        private final List<Set<String>> found = new ArrayList<>();

        Tarjan(Map<String, Set<String>> graph) {
            this.graph = graph;
        }

        List<Set<String>> run() {
            graph.keySet().stream().sorted().forEach(v -> {
                if (!index.containsKey(v)) {
                    visit(v);
                }
            });
            found.sort(Comparator.comparing(Set::toString));
            return found;
        }

        private void visit(String v) {
            index.put(v, index.size());
            low.put(v, index.get(v));
            stack.add(v);
            for (String w : graph.getOrDefault(v, Set.of())) {
                if (!index.containsKey(w)) {
                    visit(w);
                    low.put(v, Math.min(low.get(v), low.get(w)));
                } else if (stack.contains(w)) {
                    low.put(v, Math.min(low.get(v), index.get(w)));
                }
            }
            if (low.get(v).equals(index.get(v))) {
                Set<String> component = new TreeSet<>();
                String w;
                do {
                    w = stack.remove(stack.size() - 1);
                    component.add(w);
                } while (!w.equals(v));
                if (component.size() > 1) {
                    found.add(component);
                }
            }
        }
    }

    private static int line(String code, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (code.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /**
     * Blanks comments, string and character literals and text blocks, keeping every line break, so that a
     * package named in a Javadoc or a message is not taken for a reference and line numbers stay true.
     */
    static String codeOnly(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (text.startsWith("//", i)) {
                i = blankUntil(text, i, "\n", out, false);
            } else if (text.startsWith("/*", i)) {
                i = blankUntil(text, i + 2, "*/", out.append("  "), true);
            } else if (text.startsWith("\"\"\"", i)) {
                i = blankUntil(text, i + 3, "\"\"\"", out.append("   "), true);
            } else if (c == '"' || c == '\'') {
                i = blankLiteral(text, i, c, out);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int blankUntil(String text, int from, String end, StringBuilder out, boolean blankEnd) {
        int stop = text.indexOf(end, from);
        int last = stop < 0 ? text.length() : stop + (blankEnd ? end.length() : 0);
        for (int i = from; i < last; i++) {
            out.append(text.charAt(i) == '\n' ? '\n' : ' ');
        }
        return last;
    }

    private static int blankLiteral(String text, int from, char quote, StringBuilder out) {
        int i = from + 1;
        while (i < text.length() && text.charAt(i) != quote && text.charAt(i) != '\n') {
            i += text.charAt(i) == '\\' ? 2 : 1;
        }
        int last = Math.min(text.length(), i < text.length() && text.charAt(i) == quote ? i + 1 : i);
        out.append(" ".repeat(last - from));
        return last;
    }
}
