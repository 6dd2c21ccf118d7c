package dev.provision.armlab;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Long-running operations exactly as ARM announces them: {@code Azure-AsyncOperation} (status URL),
 * {@code Location} for POST/DELETE (result URL, {@code monitor=true}) and always {@code Retry-After}.
 * Retry-After defaults to 0, as recorded from real Compute: the client then uses its own default poll interval
 * (the fluent managers' is 30 s; provision's generated clients are given a shorter one).
 * All methods run under the emulator's state lock.
 */
final class LroTracker {
    private final Map<String, AsyncOperation> operations = new ConcurrentHashMap<>();
    private final String endpoint;
    private final String subscriptionId;
    private final int pollsBeforeDone;
    private final int retryAfterSeconds;
    private final Duration settleAfter;

    LroTracker(String endpoint, String subscriptionId, int pollsBeforeDone, int retryAfterSeconds,
            Duration settleAfter) {
        this.endpoint = endpoint;
        this.subscriptionId = subscriptionId;
        this.pollsBeforeDone = pollsBeforeDone;
        this.retryAfterSeconds = retryAfterSeconds;
        this.settleAfter = settleAfter;
    }

    AsyncOperation start(ArmRequest request, String namespace, String location, boolean resultInStatus,
            AsyncOperation.Completion onSuccess, Runnable onFailure) {
        AsyncOperation op = new AsyncOperation(UUID.randomUUID().toString(), namespace, location,
                request.apiVersion(), pollsBeforeDone, resultInStatus, onSuccess, onFailure, request.lroFailure);
        operations.put(op.id, op);
        return op;
    }

    /** Adds the polling headers to the response that started {@code op}. */
    ArmResponse announce(ArmResponse response, AsyncOperation op, boolean withLocation) {
        response.header("Azure-AsyncOperation", statusUrl(op));
        if (withLocation) {
            response.header("Location", monitorUrl(op));
        }
        return paced(response);
    }

    /**
     * Retry-After on a response of an operation still running; left out only when the emulator was built with
     * {@code pollPacedByClient} (benchmarks that scale Azure's seconds down to milliseconds), where the SDK then
     * polls at the client's own default interval.
     */
    private ArmResponse paced(ArmResponse response) {
        // Negative: no Retry-After at all (benchmarks pace polls themselves); 0 is what real Compute sends.
        return retryAfterSeconds < 0 ? response : response.header("Retry-After", Integer.toString(retryAfterSeconds));
    }

    /** GET of the Azure-AsyncOperation URL. */
    ArmResponse status(String id) {
        AsyncOperation op = find(id);
        op.poll();
        ObjectNode body = Json.object();
        body.put("startTime", op.startTime.toString());
        if (op.done()) {
            body.put("endTime", op.endTime().toString());
        }
        body.put("status", op.status().name());
        if (op.status() == AsyncOperation.Status.Succeeded && op.resultInStatus && op.result() != null) {
            Json.objectAt(body, "properties").set("output", op.result());
        }
        if (op.status() == AsyncOperation.Status.Failed) {
            body.set("error", op.error().errorObject());
        }
        body.put("name", op.id);
        ArmResponse response = ArmResponse.ok(body);
        return op.done() ? response : paced(response);
    }

    /** GET of the Location URL: 202 while running, then the result (or the error with its own status). */
    ArmResponse monitor(String id) {
        AsyncOperation op = find(id);
        op.poll();
        switch (op.status()) {
            case InProgress:
                return paced(ArmResponse.empty(202).header("Location", monitorUrl(op)));
            case Failed:
                ArmException error = op.error();
                return ArmResponse.of(error.status() >= 400 ? error.status() : 500, error.body());
            default:
                return op.result() == null ? ArmResponse.empty(200) : ArmResponse.ok(op.result());
        }
    }

    /** Finishes operations nobody polled for a while, so a client that never waits still sees a settled world. */
    void settleOverdue() {
        Instant cutoff = Instant.now().minus(settleAfter);
        for (AsyncOperation op : operations.values()) {
            if (!op.done() && op.startTime.isBefore(cutoff)) {
                op.finish();
            }
        }
    }

    private AsyncOperation find(String id) {
        AsyncOperation op = operations.get(id);
        if (op == null) {
            throw ArmException.notFound("OperationNotFound", "The operation '" + id + "' could not be found.");
        }
        return op;
    }

    private String statusUrl(AsyncOperation op) {
        return endpoint + "/subscriptions/" + subscriptionId + "/providers/" + op.namespace + "/locations/"
                + op.location + "/operations/" + op.id + "?api-version=" + op.apiVersion;
    }

    private String monitorUrl(AsyncOperation op) {
        return endpoint + "/subscriptions/" + subscriptionId + "/providers/" + op.namespace + "/locations/"
                + op.location + "/operations/" + op.id + "?monitor=true&api-version=" + op.apiVersion;
    }
}
