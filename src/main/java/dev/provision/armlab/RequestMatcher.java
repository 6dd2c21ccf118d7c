package dev.provision.armlab;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which requests a fault applies to: by REST operation id (as in the Azure REST API specification, e.g.
 * {@code VirtualMachines_CreateOrUpdate}), or by HTTP method and a regular expression on the path.
 */
public final class RequestMatcher {
    private final String operationId;
    private final String method;
    private final Pattern path;
    /** Only writes without If-Match: a resize, not provision's lease writes (which carry the VM's etag). */
    private final boolean unconditionalOnly;

    private RequestMatcher(String operationId, String method, Pattern path) {
        this(operationId, method, path, false);
    }

    private RequestMatcher(String operationId, String method, Pattern path, boolean unconditionalOnly) {
        this.operationId = operationId;
        this.method = method;
        this.path = path;
        this.unconditionalOnly = unconditionalOnly;
    }

    /** Requests of this operation that carry no If-Match header. */
    public static RequestMatcher unconditional(String operationId) {
        return new RequestMatcher(operationId, null, null, true);
    }

    public static RequestMatcher operation(String operationId) {
        return new RequestMatcher(operationId, null, null);
    }

    /** {@code method} may be {@code "*"}; the regex is searched (not fully matched), case-insensitively. */
    public static RequestMatcher path(String method, String pathRegex) {
        return new RequestMatcher(null, method.toUpperCase(Locale.ROOT),
                Pattern.compile(pathRegex, Pattern.CASE_INSENSITIVE));
    }

    public static RequestMatcher any() {
        return new RequestMatcher(null, "*", Pattern.compile(""));
    }

    boolean matches(String requestMethod, String requestPath, String requestOperationId, String ifMatch) {
        if (unconditionalOnly && ifMatch != null) {
            return false;
        }
        if (operationId != null) {
            return operationId.equalsIgnoreCase(requestOperationId);
        }
        return ("*".equals(method) || method.equals(requestMethod)) && path.matcher(requestPath).find();
    }

    @Override
    public String toString() {
        return operationId != null ? operationId : method + " ~" + path.pattern();
    }
}
