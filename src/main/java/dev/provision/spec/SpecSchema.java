package dev.provision.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schema (draft 2020-12) of a spec, built from the same {@link SpecKeys} tables the loader checks keys
 * against, so editors complete and check exactly what {@link SpecLoader} accepts. Rules the tables cannot say —
 * a VM entry has name or pattern, a target holds the block its kind names, no pattern on azure — are added here
 * by hand. A copy lives at {@code samples/provision-spec.schema.json}; a test keeps it equal to this output.
 */
public final class SpecSchema {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private SpecSchema() {
    }

    /** The schema as pretty-printed JSON, ending with a newline. */
    public static String json() {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(build())
                    .replace("\r\n", "\n") + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain nodes always serialises", e);
        }
    }

    static ObjectNode build() {
        ObjectNode root = JSON.objectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("title", "provision spec");
        Map<String, ObjectNode> defs = new LinkedHashMap<>();
        collect(SpecKeys.SPEC, defs);
        root.setAll(object(SpecKeys.SPEC));
        defs.remove(SpecKeys.SPEC.id());
        ObjectNode defsNode = root.putObject("$defs");
        defs.forEach(defsNode::set);
        defsNode.set("duration", JSON.objectNode()
                .put("type", "string")
                .put("description", "A duration: 90s, 5m, 1h, 1h30m, or ISO-8601 such as PT90S. Longer than zero.")
                .put("pattern", SpecKeys.DURATION_TEXT));
        defsNode.set("secretRef", JSON.objectNode()
                .put("type", "string")
                .put("description", "A secret by reference, never its value: ${env:NAME} (read when needed; "
                        + "need not be set to validate) or ${file:path} (relative to the spec's folder; must exist).")
                .put("pattern", SpecKeys.SECRET_REF));
        addVmEntryRule((ObjectNode) defsNode.get(SpecKeys.VM_ENTRY.id()));
        addKindRules((ObjectNode) defsNode.get(SpecKeys.TARGET.id()));
        return root;
    }

    /** Every table reachable from {@code table}, as {@code $defs} entries. */
    private static void collect(KeyTable table, Map<String, ObjectNode> defs) {
        if (defs.containsKey(table.id())) {
            return;
        }
        defs.put(table.id(), object(table));
        for (SpecKey k : table.keys()) {
            if (k.nested() != null) {
                collect(k.nested(), defs);
            }
        }
    }

    private static ObjectNode object(KeyTable table) {
        ObjectNode o = JSON.objectNode();
        o.put("type", "object");
        o.put("description", table.description());
        ObjectNode props = o.putObject("properties");
        ArrayNode required = JSON.arrayNode();
        for (SpecKey k : table.keys()) {
            props.set(k.name(), property(k));
            if (k.required()) {
                required.add(k.name());
            }
        }
        if (!required.isEmpty()) {
            o.set("required", required);
        }
        o.put("additionalProperties", false);
        return o;
    }

    private static ObjectNode property(SpecKey k) {
        ObjectNode p = JSON.objectNode();
        p.put("description", k.description());
        switch (k.type()) {
            case STRING, PATH -> {
                p.put("type", "string").put("minLength", 1);
                if (k.pattern() != null) {
                    p.put("pattern", k.pattern());
                }
            }
            case URL -> p.put("type", "string").put("format", "uri").put("pattern", "^https?://");
            case INTEGER -> {
                p.put("type", "integer");
                if (k.minimum() != null) {
                    p.put("minimum", k.minimum());
                }
            }
            case BOOLEAN -> p.put("type", "boolean");
            case DURATION -> p.put("$ref", "#/$defs/duration");
            case SECRET -> p.put("$ref", "#/$defs/secretRef");
            case ENUM -> p.set("enum", strings(k.values()));
            case ENUM_LIST -> {
                p.put("type", "array").put("uniqueItems", true);
                p.putObject("items").set("enum", strings(k.values()));
            }
            case STRING_LIST -> {
                p.put("type", "array");
                ObjectNode items = p.putObject("items").put("type", "string").put("minLength", 1);
                if (k.pattern() != null) {
                    items.put("pattern", k.pattern());
                }
            }
            case MAPPING -> p.put("$ref", "#/$defs/" + k.nested().id());
            case MAPPING_LIST -> {
                p.put("type", "array").put("minItems", 1);
                p.putObject("items").put("$ref", "#/$defs/" + k.nested().id());
            }
            case NAME_OR_NAMES -> {
                ArrayNode oneOf = p.putArray("oneOf");
                oneOf.addObject().put("type", "string").put("minLength", 1);
                oneOf.addObject().put("type", "array").put("minItems", 1)
                        .putObject("items").put("type", "string").put("minLength", 1);
            }
            default -> throw new IllegalStateException("no schema for " + k.type());
        }
        return p;
    }

    /** Exactly one of name and pattern: both present would satisfy both branches, which oneOf forbids. */
    private static void addVmEntryRule(ObjectNode vmEntry) {
        ArrayNode oneOf = vmEntry.putArray("oneOf");
        oneOf.addObject().putArray("required").add("name");
        oneOf.addObject().putArray("required").add("pattern");
    }

    /** kind: X requires the X block and forbids the others; an azure target's entries have no pattern. */
    private static void addKindRules(ObjectNode target) {
        ArrayNode allOf = target.putArray("allOf");
        List<String> kinds = SpecKeys.TARGET_KINDS;
        for (String kind : kinds) {
            ObjectNode rule = allOf.addObject();
            ObjectNode when = rule.putObject("if");
            when.putObject("properties").putObject("kind").put("const", kind);
            when.putArray("required").add("kind");
            ObjectNode then = rule.putObject("then");
            then.putArray("required").add(kind);
            ObjectNode props = then.putObject("properties");
            for (String other : kinds) {
                if (!other.equals(kind)) {
                    props.put(other, false);
                }
            }
            if (kind.equals(TargetKind.AZURE.key())) {
                props.putObject("vms").putObject("items").putObject("properties").put("pattern", false);
            }
        }
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode a = JSON.arrayNode();
        values.forEach(a::add);
        return a;
    }
}
