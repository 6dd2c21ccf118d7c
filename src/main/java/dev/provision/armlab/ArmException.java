package dev.provision.armlab;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An ARM error answer: HTTP status plus the {@code {"error":{"code","message"}}} body that the Azure SDK
 * turns into a {@code ManagementException} whose {@code getValue().getCode()} is {@link #code()}.
 */
public final class ArmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient Map<String, String> headers = new LinkedHashMap<>();
    private String target;

    public ArmException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    static ArmException badRequest(String code, String message) {
        return new ArmException(400, code, message);
    }

    static ArmException conflict(String code, String message) {
        return new ArmException(409, code, message);
    }

    static ArmException notFound(String code, String message) {
        return new ArmException(404, code, message);
    }

    ArmException withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** The {@code target} ARM names beside code and message: the parameter it refused. */
    ArmException withTarget(String parameter) {
        this.target = parameter;
        return this;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    Map<String, String> headers() {
        return headers;
    }

    /** The inner {@code {"code","message"}} object, as also used in failed async-operation bodies. */
    ObjectNode errorObject() {
        ObjectNode error = Json.object();
        error.put("code", code);
        error.put("message", getMessage());
        if (target != null) {
            error.put("target", target);
        }
        return error;
    }

    ObjectNode body() {
        ObjectNode body = Json.object();
        body.set("error", errorObject());
        return body;
    }
}
