package dev.provision.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provision.spec.Diagnostic;

import java.util.List;
import java.util.Locale;

/**
 * The JSON documents the commands print for {@code --json}. Absent values are written as null, never left out,
 * so a consumer can tell "none" from "not reported" (as the JSON report does).
 */
final class JsonOutput {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonOutput() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Pretty-printed, ending with a newline, with \n line ends on every platform. */
    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node).replace("\r\n", "\n") + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }

    /** The diagnostics of a spec (or an option) as {file, line, column, severity, message} objects. */
    static ArrayNode diagnostics(List<Diagnostic> diagnostics) {
        ArrayNode list = MAPPER.createArrayNode();
        for (Diagnostic d : diagnostics) {
            ObjectNode o = list.addObject();
            o.put("file", d.location().file());
            // 0 means "no position" (a missing file, an option): null says so without inventing line 0.
            if (d.location().line() > 0) {
                o.put("line", d.location().line());
                o.put("column", d.location().column());
            } else {
                o.putNull("line");
                o.putNull("column");
            }
            o.put("severity", d.severity().name().toLowerCase(Locale.ROOT));
            o.put("message", d.message());
        }
        return list;
    }

    /** What any command prints on stdout for --json when its input is invalid (exit 2). */
    static String invalid(List<Diagnostic> diagnostics) {
        ObjectNode root = object();
        root.put("valid", false);
        root.set("diagnostics", diagnostics(diagnostics));
        return write(root);
    }
}
