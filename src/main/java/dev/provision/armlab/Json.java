package dev.provision.armlab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;

/** One shared Jackson mapper: the emulator works on JSON trees, as ARM bodies are open-ended. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    static JsonNode parse(byte[] bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw ArmException.badRequest("InvalidRequestContent",
                    "The request content was invalid and could not be deserialized: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a gzipped JSON resource that ships in the jar next to this class. */
    static JsonNode gzipResource(String name) {
        try (InputStream raw = Json.class.getResourceAsStream(name)) {
            if (raw == null) {
                throw new IllegalStateException("resource missing from the build: " + name);
            }
            try (InputStream in = new GZIPInputStream(raw)) {
                return MAPPER.readTree(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled resource " + name, e);
        }
    }

    /** The text at a path of object fields, or null. */
    static String text(JsonNode node, String... path) {
        JsonNode current = node;
        for (String field : path) {
            if (current == null) {
                return null;
            }
            current = current.get(field);
        }
        return current == null || current.isNull() ? null : current.asText();
    }

    /** The object at a path of fields, created on the way if missing. */
    static ObjectNode objectAt(ObjectNode node, String... path) {
        ObjectNode current = node;
        for (String field : path) {
            JsonNode next = current.get(field);
            if (!(next instanceof ObjectNode)) {
                next = current.putObject(field);
            }
            current = (ObjectNode) next;
        }
        return current;
    }

    /** JSON merge-patch (RFC 7386): what ARM applies for PATCH bodies. */
    static void merge(ObjectNode target, JsonNode patch) {
        patch.properties().forEach(entry -> {
            JsonNode value = entry.getValue();
            if (value.isNull()) {
                target.remove(entry.getKey());
            } else if (value.isObject() && target.get(entry.getKey()) instanceof ObjectNode existing) {
                merge(existing, value);
            } else {
                target.set(entry.getKey(), value.deepCopy());
            }
        });
    }
}
