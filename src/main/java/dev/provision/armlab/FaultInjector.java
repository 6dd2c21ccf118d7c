package dev.provision.armlab;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Makes the emulator misbehave the way Azure does: throttling, server errors, long-running operations that
 * end in failure, capacity ({@code SkuNotAvailable}) and quota ({@code OperationNotAllowed}) refusals; and holds
 * a request unanswered, so that a test can kill its client mid-request.
 * Rules are checked in the order they were added; the first matching rule with uses left fires.
 */
public final class FaultInjector {
    /** Use as {@code times} for a fault that never wears off. */
    public static final int ALWAYS = Integer.MAX_VALUE;

    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<HeldRequest> holds = new CopyOnWriteArrayList<>();
    private final Function<ArmRequest, ArmException> quotaError;

    FaultInjector(Function<ArmRequest, ArmException> quotaError) {
        this.quotaError = quotaError;
    }

    /** {@code times} answers of 429 with {@code Retry-After: retryAfterSeconds}, as ARM's request throttling. */
    public FaultInjector throttle(RequestMatcher matcher, int times, int retryAfterSeconds) {
        return add(matcher, null, times, false, request -> new ArmException(429, "SubscriptionRequestsThrottled",
                "Number of requests for subscription exceeded the limit. Please try again after '" + retryAfterSeconds
                        + "' seconds. Refer to https://aka.ms/arm-throttling for additional information.")
                .withHeader("Retry-After", Integer.toString(retryAfterSeconds)));
    }

    /** {@code times} answers of {@code status} (500, 502, 503, 504...) with ARM's error body. */
    public FaultInjector serverError(RequestMatcher matcher, int times, int status) {
        String code = status == 503 ? "ServiceUnavailable" : status == 504 ? "GatewayTimeout" : "InternalServerError";
        return add(matcher, null, times, false, request -> new ArmException(status, code,
                "Encountered internal server error. Diagnostic information: emulated fault."));
    }

    /** {@code times} immediate error answers of any status, code and message. */
    public FaultInjector reject(RequestMatcher matcher, int times, int status, String code, String message) {
        return add(matcher, null, times, false, request -> new ArmException(status, code, message));
    }

    /**
     * The next {@code times} long-running operations started by matching requests are accepted, then end
     * with {@code "status":"Failed"} and this error when polled (what the SDK reports as a failed LRO).
     */
    public FaultInjector failOperation(RequestMatcher matcher, int times, String code, String message) {
        return add(matcher, null, times, true, request -> new ArmException(200, code, message));
    }

    /** Creating or resizing a VM to {@code vmSize} is refused with 409 {@code SkuNotAvailable}, until cleared. */
    public FaultInjector skuNotAvailable(String vmSize) {
        Predicate<ArmRequest> asksForSize = request -> vmSize.equalsIgnoreCase(requestedSize(request));
        return add(RequestMatcher.path("*", "/virtualMachines/[^/]+$"), asksForSize, ALWAYS, false,
                request -> VmRules.skuNotAvailable(vmSize, request.jsonBody().path("location").asText("")));
    }

    /**
     * A subscription without the {@code Microsoft.Compute/UseStandardSecurityType} feature: a VM create that sends
     * {@code securityProfile.securityType: "Standard"} explicitly is refused, until cleared; a create without a
     * securityProfile (what Azure then makes a Standard VM before API version 2025-11-01) goes through. The answer is
     * the one Compute gave such subscriptions, as quoted by the Trusted Launch team in Azure/azure-cli#31234
     * ({@code InvalidParameter}, target {@code securityProfile.securityType}, inner code ParameterValueInvalid).
     */
    public FaultInjector refuseExplicitStandardSecurityType() {
        Predicate<ArmRequest> sendsStandard = request -> "PUT".equals(request.method) && request.hasBody()
                && "Standard".equalsIgnoreCase(Json.text(request.jsonBody(), "properties", "securityProfile",
                        "securityType"));
        return add(RequestMatcher.operation("VirtualMachines_CreateOrUpdate"), sendsStandard, ALWAYS, false,
                request -> ArmException.badRequest("InvalidParameter",
                        "The value of parameter securityProfile.securityType is invalid.")
                        .withTarget("securityProfile.securityType"));
    }

    /**
     * {@code times} matching requests are refused with 409 {@code OperationNotAllowed} and Azure's
     * "exceeding approved ... Cores quota" message, whatever the simulated quota says.
     */
    public FaultInjector quotaExceeded(RequestMatcher matcher, int times) {
        return add(matcher, null, times, false, quotaError);
    }

    /**
     * Holds the next matching request unanswered until the test releases or drops it (see {@link HeldRequest}): the
     * moment a crash test kills the client. Holds are checked before the other faults.
     */
    public HeldRequest hold(RequestMatcher matcher) {
        HeldRequest hold = new HeldRequest(matcher);
        holds.add(hold);
        return hold;
    }

    /** Removes every fault; a request still held is dropped. */
    public void clear() {
        rules.clear();
        holds.forEach(HeldRequest::drop);
        holds.clear();
    }

    /**
     * Waits while a hold has this request (outside the state lock, so the emulator goes on serving others). Returns
     * whether the request goes on; false: it was dropped and must be neither carried out nor answered.
     */
    boolean passes(ArmRequest request) {
        for (HeldRequest hold : holds) {
            if (hold.catches(request)) {
                holds.remove(hold);
                return hold.holdUntilDecided(request);
            }
        }
        return true;
    }

    private FaultInjector add(RequestMatcher matcher, Predicate<ArmRequest> condition, int times, boolean lro,
            Function<ArmRequest, ArmException> error) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1");
        }
        rules.add(new Rule(matcher, condition, times, lro, error));
        return this;
    }

    /**
     * Applies the first matching rule: throws its error for an immediate fault, or marks the request so that
     * the operation it starts fails later.
     */
    void apply(ArmRequest request) {
        for (Rule rule : rules) {
            if (rule.matcher.matches(request)
                    && (rule.condition == null || rule.condition.test(request)) && rule.take()) {
                ArmException error = rule.error.apply(request);
                if (rule.lro) {
                    request.lroFailure = error;
                    return;
                }
                throw error;
            }
        }
    }

    private static String requestedSize(ArmRequest request) {
        if (!request.hasBody() || !("PUT".equals(request.method) || "PATCH".equals(request.method))) {
            return null;
        }
        return Json.text(request.jsonBody(), "properties", "hardwareProfile", "vmSize");
    }

    private static final class Rule {
        final RequestMatcher matcher;
        final Predicate<ArmRequest> condition;
        final boolean lro;
        final Function<ArmRequest, ArmException> error;
        private int left;

        Rule(RequestMatcher matcher, Predicate<ArmRequest> condition, int times, boolean lro,
                Function<ArmRequest, ArmException> error) {
            this.matcher = matcher;
            this.condition = condition;
            this.left = times;
            this.lro = lro;
            this.error = error;
        }

        synchronized boolean take() {
            if (left <= 0) {
                return false;
            }
            if (left != ALWAYS) {
                left--;
            }
            return true;
        }
    }
}
