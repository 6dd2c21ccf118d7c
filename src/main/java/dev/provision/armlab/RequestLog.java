package dev.provision.armlab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every request the emulator answered, in order, so tests and benchmarks can count calls (e.g. how many
 * SKU pages a listing fetched, or that a 429 was retried) and see what a client wrote (e.g. whether a VM PUT
 * carried a {@code securityProfile}). Headers are never recorded (every request carries a bearer token); request
 * bodies are kept with every secret-bearing field replaced by {@code "<redacted>"}: a VM create carries the admin
 * password, a managed Run Command its runAsPassword.
 */
public final class RequestLog {
    /**
     * One answered request.
     *
     * @param operationId the REST API operation it was routed to (e.g. {@code VirtualMachines_Deallocate}),
     *                    or {@code Unrouted} when no route matched
     * @param body        the JSON request body with secrets redacted, or null when there was none (or it was not JSON)
     */
    public record Entry(Instant at, String method, String path, String query, String operationId, int status,
            JsonNode body) {
        public Entry(Instant at, String method, String path, String query, String operationId, int status) {
            this(at, method, path, query, operationId, status, null);
        }

        @Override
        public String toString() {
            return at + " " + method + " " + path + (query == null ? "" : "?" + query) + " -> " + status
                    + " (" + operationId + ")";
        }
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    void add(Entry entry) {
        entries.add(entry);
    }

    /** A snapshot of all entries so far. */
    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Entries routed to one REST operation, e.g. {@code ResourceSkus_List}. */
    public List<Entry> byOperation(String operationId) {
        List<Entry> matching = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.operationId().equals(operationId)) {
                matching.add(entry);
            }
        }
        return matching;
    }

    public long count(String operationId) {
        return byOperation(operationId).size();
    }

    public int size() {
        return entries.size();
    }

    public void clear() {
        entries.clear();
    }

    /**
     * The body as a client sent it, minus secrets: any field whose name says password, secret, customData, userData or
     * protectedSettings, at any depth, is replaced. Null for an empty or non-JSON body.
     */
    static JsonNode redacted(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        JsonNode json;
        try {
            json = Json.parse(body);
        } catch (RuntimeException notJson) {
            return null;
        }
        redact(json);
        return json;
    }

    private static void redact(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                if (isSecret(field.getKey())) {
                    field.setValue(object.textNode("<redacted>"));
                } else {
                    redact(field.getValue());
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(RequestLog::redact);
        }
    }

    private static boolean isSecret(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("password") || n.contains("secret") || n.equals("customdata") || n.equals("userdata")
                || n.equals("protectedsettings");
    }
}
