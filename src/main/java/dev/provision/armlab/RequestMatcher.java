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
    /** A query parameter the request must carry (name looked up case-insensitively), or null. */
    private final String queryParam;
    private final Pattern queryValue;

    private RequestMatcher(String operationId, String method, Pattern path) {
        this(operationId, method, path, false, null, null);
    }

    private RequestMatcher(String operationId, String method, Pattern path, boolean unconditionalOnly,
            String queryParam, Pattern queryValue) {
        this.operationId = operationId;
        this.method = method;
        this.path = path;
        this.unconditionalOnly = unconditionalOnly;
        this.queryParam = queryParam;
        this.queryValue = queryValue;
    }

    /** Requests of this operation that carry no If-Match header. */
    public static RequestMatcher unconditional(String operationId) {
        return new RequestMatcher(operationId, null, null, true, null, null);
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

    /**
     * Only those of the matching requests that carry {@code name} with a value in which {@code valueRegex} is found
     * (case-insensitively): e.g. a VM GET with {@code $expand=instanceView}, which is how a client watches the agent,
     * apart from the plain GET that ends a create's long-running operation on the same path.
     */
    public RequestMatcher withQueryParam(String name, String valueRegex) {
        return new RequestMatcher(operationId, method, path, unconditionalOnly, name,
                Pattern.compile(valueRegex, Pattern.CASE_INSENSITIVE));
    }

    boolean matches(ArmRequest request) {
        if (unconditionalOnly && request.ifMatch != null) {
            return false;
        }
        if (queryParam != null) {
            String value = request.param(queryParam);
            if (value == null || !queryValue.matcher(value).find()) {
                return false;
            }
        }
        if (operationId != null) {
            return operationId.equalsIgnoreCase(request.operationId);
        }
        return ("*".equals(method) || method.equals(request.method)) && path.matcher(request.path).find();
    }

    @Override
    public String toString() {
        return (operationId != null ? operationId : method + " ~" + path.pattern())
                + (queryParam == null ? "" : " with " + queryParam + " ~" + queryValue.pattern());
    }
}
