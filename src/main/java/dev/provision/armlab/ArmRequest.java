package dev.provision.armlab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * One parsed request: verb, path, decoded query, path variables from the route, and the JSON body.
 * Headers are deliberately not kept: the only sensitive one (Authorization) is checked and dropped by the router.
 */
final class ArmRequest {
    final String method;
    final String path;
    final Map<String, String> query;
    final Map<String, String> vars;
    final String operationId;
    private final byte[] rawBody;
    /** Set by the fault injector: the long-running operation this request starts must end in this error. */
    ArmException lroFailure;
    /** The If-Match header (an etag, or *), or null; set by the router, the one header a handler needs. */
    String ifMatch;

    ArmRequest(String method, String path, Map<String, String> query, Map<String, String> vars,
            String operationId, byte[] rawBody) {
        this.method = method;
        this.path = path;
        this.query = query;
        this.vars = vars;
        this.operationId = operationId;
        this.rawBody = rawBody;
    }

    String var(String name) {
        return vars.get(name);
    }

    String apiVersion() {
        return query.get("api-version");
    }

    /** A query parameter, looked up case-insensitively as ARM does ($expand, $filter, ...). */
    String param(String name) {
        for (Map.Entry<String, String> entry : query.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    ObjectNode jsonBody() {
        if (rawBody.length == 0) {
            throw ArmException.badRequest("InvalidRequestContent", "The request content was invalid: it is empty.");
        }
        JsonNode body = Json.parse(rawBody);
        if (!(body instanceof ObjectNode object)) {
            throw ArmException.badRequest("InvalidRequestContent", "The request content must be a JSON object.");
        }
        return object;
    }

    boolean hasBody() {
        return rawBody.length > 0;
    }
}
