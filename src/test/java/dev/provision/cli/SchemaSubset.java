package dev.provision.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A JSON Schema (2020-12) checker for exactly the keywords provision's own schema uses — $ref into $defs, type,
 * enum, const, properties, required, additionalProperties: false, items, minItems, uniqueItems, minLength,
 * pattern, minimum, oneOf, allOf, if/then — so samples can be checked as other tools check them, without a
 * validator library (none is in the offline repository). Any other keyword fails loudly rather than passing.
 */
final class SchemaSubset {
    private static final java.util.Set<String> ANNOTATIONS = java.util.Set.of("$schema", "title", "description",
            "format", "$defs");
    private final JsonNode root;

    SchemaSubset(JsonNode root) {
        this.root = root;
    }

    /** Every violation as "path: what", empty when the instance is valid. */
    List<String> check(JsonNode instance) {
        List<String> errors = new ArrayList<>();
        check(root, instance, "$", errors);
        return errors;
    }

    private void check(JsonNode schema, JsonNode value, String path, List<String> errors) {
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode k = e.getValue();
            switch (e.getKey()) {
                case "$ref" -> check(resolve(k.asText()), value, path, errors);
                case "type" -> {
                    if (!hasType(value, k.asText())) {
                        errors.add(path + ": " + describe(value) + " is not of type " + k.asText());
                    }
                }
                case "enum" -> {
                    boolean found = false;
                    for (JsonNode option : k) {
                        found |= option.equals(value);
                    }
                    if (!found) {
                        errors.add(path + ": " + describe(value) + " is not one of " + k);
                    }
                }
                case "const" -> {
                    if (!k.equals(value)) {
                        errors.add(path + ": " + describe(value) + " is not " + k);
                    }
                }
                case "properties" -> {
                    if (value.isObject()) {
                        k.fields().forEachRemaining(p -> {
                            if (value.has(p.getKey())) {
                                check(p.getValue(), value.get(p.getKey()), path + "." + p.getKey(), errors);
                            }
                        });
                    }
                }
                case "additionalProperties" -> {
                    if (value.isObject() && !k.asBoolean(true)) {
                        value.fieldNames().forEachRemaining(name -> {
                            if (!schema.path("properties").has(name)) {
                                errors.add(path + ": unknown property " + name);
                            }
                        });
                    }
                }
                case "required" -> {
                    if (value.isObject()) {
                        k.forEach(name -> {
                            if (!value.has(name.asText())) {
                                errors.add(path + ": missing " + name.asText());
                            }
                        });
                    }
                }
                case "items" -> {
                    if (value.isArray()) {
                        for (int i = 0; i < value.size(); i++) {
                            check(k, value.get(i), path + "[" + i + "]", errors);
                        }
                    }
                }
                case "minItems" -> {
                    if (value.isArray() && value.size() < k.asInt()) {
                        errors.add(path + ": fewer than " + k.asInt() + " items");
                    }
                }
                case "uniqueItems" -> {
                    if (value.isArray() && k.asBoolean()) {
                        java.util.Set<JsonNode> seen = new HashSet<>();
                        value.forEach(item -> {
                            if (!seen.add(item)) {
                                errors.add(path + ": duplicate item " + item);
                            }
                        });
                    }
                }
                case "minLength" -> {
                    if (value.isTextual() && value.asText().codePointCount(0, value.asText().length()) < k.asInt()) {
                        errors.add(path + ": shorter than " + k.asInt());
                    }
                }
                case "pattern" -> {
                    // ECMA-262 as the schema asks; the patterns provision writes mean the same in java.util.regex.
                    if (value.isTextual() && !Pattern.compile(k.asText()).matcher(value.asText()).find()) {
                        errors.add(path + ": '" + value.asText() + "' does not match " + k.asText());
                    }
                }
                case "minimum" -> {
                    if (value.isNumber() && value.decimalValue().compareTo(k.decimalValue()) < 0) {
                        errors.add(path + ": below " + k);
                    }
                }
                case "oneOf" -> {
                    int passing = 0;
                    for (JsonNode option : k) {
                        passing += valid(option, value, path) ? 1 : 0;
                    }
                    if (passing != 1) {
                        errors.add(path + ": matches " + passing + " of the oneOf branches, not exactly 1");
                    }
                }
                case "allOf" -> k.forEach(option -> check(option, value, path, errors));
                case "if" -> {
                    if (valid(k, value, path) && schema.has("then")) {
                        check(schema.get("then"), value, path, errors);
                    }
                }
                case "then" -> { } // applied with "if"
                default -> {
                    if (!ANNOTATIONS.contains(e.getKey())) {
                        throw new IllegalStateException("schema keyword '" + e.getKey() + "' is not supported by "
                                + "this checker; extend SchemaSubset before relying on it");
                    }
                }
            }
        }
    }

    private boolean valid(JsonNode schema, JsonNode value, String path) {
        List<String> errors = new ArrayList<>();
        check(schema, value, path, errors);
        return errors.isEmpty();
    }

    private JsonNode resolve(String ref) {
        if (!ref.startsWith("#/$defs/")) {
            throw new IllegalStateException("only local $defs references are supported: " + ref);
        }
        return root.get("$defs").get(ref.substring("#/$defs/".length()));
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> throw new IllegalStateException("unknown type " + type);
        };
    }

    private static String describe(JsonNode value) {
        return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + value;
    }
}
