package dev.provision.armlab;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a handler answers: status, extra headers, and an optional JSON body. */
final class ArmResponse {
    final int status;
    final JsonNode body;
    final Map<String, String> headers = new LinkedHashMap<>();

    private ArmResponse(int status, JsonNode body) {
        this.status = status;
        this.body = body;
    }

    static ArmResponse ok(JsonNode body) {
        return new ArmResponse(200, body);
    }

    static ArmResponse created(JsonNode body) {
        return new ArmResponse(201, body);
    }

    static ArmResponse of(int status, JsonNode body) {
        return new ArmResponse(status, body);
    }

    static ArmResponse empty(int status) {
        return new ArmResponse(status, null);
    }

    ArmResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
