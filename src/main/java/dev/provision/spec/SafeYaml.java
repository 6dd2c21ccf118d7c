package dev.provision.spec;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Turns YAML text into SnakeYAML {@link Node}s — never into Java objects — so every value keeps its line and
 * column and no tag can make the parser instantiate a class.
 *
 * <p>Before composing, one pass over the parser's events rejects what a spec never needs and an attacker would
 * use: explicit tags ({@code !!java...}, {@code !foo}), aliases that expand into huge documents ("billion laughs"),
 * aliases that refer to themselves (which compose into a cyclic graph), deep nesting and several documents in one
 * file. Doing this on events, rather than relying on the composer's own limits, is what lets every one of these
 * problems carry a line and column: several of the composer's limits throw without a position.
 */
final class SafeYaml {
    /** Aliases of lists or mappings: a spec reusing a block a few times needs far fewer. */
    static final int MAX_COLLECTION_ALIASES = 50;
    /** Values after expanding every alias: a large spec has a few thousand. */
    static final int MAX_EXPANDED_VALUES = 100_000;
    static final int MAX_DEPTH = 30;
    static final int MAX_CODE_POINTS = 1024 * 1024;

    private SafeYaml() {
    }

    /** The document's root node, or null when the text is empty or has problems (all reported to {@code src}). */
    static Node parse(String text, YamlSource src) {
        int before = src.diagnostics().count();
        try {
            inspectEvents(text, src);
        } catch (MarkedYAMLException e) {
            reportSyntax(e, src);
            return null;
        } catch (YAMLException e) {
            src.error((org.yaml.snakeyaml.error.Mark) null, "the YAML cannot be read; check the file is a YAML spec");
            return null;
        }
        if (src.diagnostics().count() > before) {
            return null;
        }
        try {
            LoaderOptions options = options();
            return new Composer(new ParserImpl(new StreamReader(text), options), new Resolver(), options)
                    .getSingleNode();
        } catch (MarkedYAMLException e) {
            reportSyntax(e, src);
        } catch (YAMLException e) {
            src.error((org.yaml.snakeyaml.error.Mark) null, "the YAML cannot be read; check the file is a YAML spec");
        }
        return null;
    }

    private static LoaderOptions options() {
        LoaderOptions o = new LoaderOptions();
        o.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
        o.setAllowDuplicateKeys(false); // duplicates are also found, with positions, by YamlMap
        o.setAllowRecursiveKeys(false);
        o.setNestingDepthLimit(MAX_DEPTH + 10);
        o.setCodePointLimit(MAX_CODE_POINTS + 1);
        o.setProcessComments(false);
        return o;
    }

    /**
     * A syntax error, where the user can fix it. A quote, '[' or '{' that is never closed makes SnakeYAML read on to
     * the end of the file and complain there, far from the mistake: such errors are reported at the opening
     * character instead, which SnakeYAML keeps as the error's context mark.
     */
    private static void reportSyntax(MarkedYAMLException e, YamlSource src) {
        String unclosed = unclosed(e);
        if (unclosed == null) {
            src.error(e.getProblemMark(), syntaxMessage(e));
        } else {
            src.error(e.getContextMark(), "invalid YAML: " + unclosed + " at the end of the value");
        }
    }

    /** What was left open when the file ended inside a quoted value or a flow collection, else null. */
    private static String unclosed(MarkedYAMLException e) {
        Mark context = e.getContextMark();
        String problem = e.getProblem() == null ? "" : e.getProblem();
        if (context == null || !(problem.contains("end of stream") || problem.contains("<stream end>"))) {
            return null;
        }
        int at = context.getPointer();
        int[] buffer = context.getBuffer();
        if (buffer == null || at < 0 || at >= buffer.length) {
            return null;
        }
        return switch (buffer[at]) {
            case '"' -> "this quote (\") is never closed; add the closing \"";
            case '\'' -> "this quote (') is never closed; add the closing '";
            case '[' -> "this '[' is never closed; add the closing ']'";
            case '{' -> "this '{' is never closed; add the closing '}'";
            default -> null;
        };
    }

    /** SnakeYAML's own wording of a syntax error, lower-cased, with the tab case made plain. */
    private static String syntaxMessage(MarkedYAMLException e) {
        String problem = e.getProblem() == null ? "syntax error" : e.getProblem();
        if (problem.contains("\\t(TAB)")) {
            return "invalid YAML: a tab character; indent with spaces, never tabs";
        }
        if (problem.startsWith("Global tag is not allowed")) {
            return explicitTagMessage();
        }
        if (problem.contains("but found another document")) {
            return "a spec is one YAML document; remove the second '---' and what follows it";
        }
        if (problem.startsWith("expected <block end>")) {
            return "invalid YAML: this line's indentation does not match the lines above it; align it with the "
                    + "keys it belongs with";
        }
        problem = problem.replace("\n", " ").trim();
        String context = e.getContext() == null ? "" : " (" + e.getContext().replace("\n", " ").trim() + ")";
        String text = "invalid YAML: " + problem + context;
        return text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
    }

    private static String explicitTagMessage() {
        // The tag itself is not echoed: it may name a Java class, and messages never do.
        return "explicit YAML tags (such as !!type or !name) are not allowed in a spec; remove the tag";
    }

    private static void inspectEvents(String text, YamlSource src) {
        LoaderOptions options = options();
        ParserImpl parser = new ParserImpl(new StreamReader(text), options);
        Map<String, Long> anchorSizes = new HashMap<>();
        Set<String> openAnchors = new HashSet<>();
        Deque<String> openCollections = new ArrayDeque<>(); // anchor or "" per open collection
        Deque<long[]> sizes = new ArrayDeque<>();             // expanded values inside each open collection
        long total = 0;
        int collectionAliases = 0;
        int documents = 0;
        boolean tagReported = false;
        while (true) {
            Event event = parser.getEvent();
            if (event.is(Event.ID.StreamEnd)) {
                return;
            }
            if (event.is(Event.ID.DocumentStart) && ++documents == 2) {
                src.error(event.getStartMark(),
                        "a spec is one YAML document; remove the second '---' and what follows it");
                return;
            }
            if (event instanceof ScalarEvent s && s.getTag() != null && !tagReported
                    || event instanceof CollectionStartEvent c && c.getTag() != null && !tagReported) {
                src.error(event.getStartMark(), explicitTagMessage());
                tagReported = true;
            }
            long added = 0;
            if (event instanceof AliasEvent alias) {
                String anchor = alias.getAnchor();
                if (openAnchors.contains(anchor)) {
                    src.error(event.getStartMark(), "alias *" + anchor + " refers to the block it is inside; "
                            + "a value cannot contain itself");
                    return;
                }
                Long size = anchorSizes.get(anchor);
                if (size == null) {
                    src.error(event.getStartMark(), "alias *" + anchor + " has no anchor &" + anchor
                            + " before it; define the anchor first");
                    return;
                }
                if (size > 1 && ++collectionAliases > MAX_COLLECTION_ALIASES) {
                    src.error(event.getStartMark(), "too many aliases (more than " + MAX_COLLECTION_ALIASES
                            + " reuse lists or mappings); a spec this repetitive looks like an alias bomb");
                    return;
                }
                added = size;
            } else if (event instanceof ScalarEvent s) {
                added = 1;
                if (s.getAnchor() != null) {
                    anchorSizes.put(s.getAnchor(), 1L);
                }
            } else if (event instanceof CollectionStartEvent c) {
                if (openCollections.size() >= MAX_DEPTH) {
                    src.error(event.getStartMark(), "nesting deeper than " + MAX_DEPTH
                            + " levels; a spec needs far fewer");
                    return;
                }
                String anchor = c.getAnchor() == null ? "" : c.getAnchor();
                openCollections.push(anchor);
                if (!anchor.isEmpty()) {
                    openAnchors.add(anchor);
                }
                sizes.push(new long[] {1});
            } else if (event.is(Event.ID.SequenceEnd) || event.is(Event.ID.MappingEnd)) {
                String anchor = openCollections.pop();
                long size = sizes.pop()[0];
                if (!anchor.isEmpty()) {
                    openAnchors.remove(anchor);
                    anchorSizes.put(anchor, size);
                }
                added = size;
            }
            if (added > 0) {
                if (sizes.isEmpty()) {
                    total += added;
                } else {
                    sizes.peek()[0] += added;
                }
                long expanded = total + sizes.stream().mapToLong(a -> a[0]).sum();
                if (expanded > MAX_EXPANDED_VALUES) {
                    src.error(event.getStartMark(), "aliases expand this file to more than "
                            + MAX_EXPANDED_VALUES + " values; that is an alias bomb, not a spec");
                    return;
                }
            }
        }
    }
}
