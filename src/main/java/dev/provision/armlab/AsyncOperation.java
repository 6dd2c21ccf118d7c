package dev.provision.armlab;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** One long-running operation as ARM tracks it: InProgress until polled enough, then Succeeded or Failed. */
final class AsyncOperation {
    /** What happens to the simulated world when the operation finishes; may return a result body. */
    interface Completion {
        JsonNode complete();
    }

    enum Status { InProgress, Succeeded, Failed }

    final String id;
    final String namespace;
    final String location;
    final String apiVersion;
    final Instant startTime = Instant.now();
    /** Run Command puts its result into the status body too ({@code properties.output}), as recorded. */
    final boolean resultInStatus;
    private final Completion onSuccess;
    private final Runnable onFailure;
    private final ArmException plannedFailure;
    private int pollsLeft;
    /** The earliest moment the operation may finish on a poll: how long the work takes, as well as how many polls. */
    private Instant readyAt = startTime;
    private Status status = Status.InProgress;
    private Instant endTime;
    private JsonNode result;
    private ArmException error;

    AsyncOperation(String id, String namespace, String location, String apiVersion, int pollsBeforeDone,
            boolean resultInStatus, Completion onSuccess, Runnable onFailure, ArmException plannedFailure) {
        this.id = id;
        this.namespace = namespace;
        this.location = location;
        this.apiVersion = apiVersion;
        this.pollsLeft = pollsBeforeDone;
        this.resultInStatus = resultInStatus;
        this.onSuccess = onSuccess;
        this.onFailure = onFailure;
        this.plannedFailure = plannedFailure;
    }

    /** The work takes at least {@code duration} from the start (Run Command's latency, say). */
    void lasts(java.time.Duration duration) {
        readyAt = startTime.plus(duration);
    }

    /**
     * Counts one status poll; the operation finishes on the poll after {@code pollsBeforeDone} in-progress ones, and
     * not before its work has lasted as long as it takes.
     */
    void poll() {
        if (status == Status.InProgress) {
            if (pollsLeft > 0) {
                pollsLeft--;
            } else if (!Instant.now().isBefore(readyAt)) {
                finish();
            }
        }
    }

    /** Finishes now, e.g. because a later operation on the same VM needs the state this one leads to. */
    void finish() {
        if (status != Status.InProgress) {
            return;
        }
        endTime = Instant.now();
        if (plannedFailure != null) {
            fail(plannedFailure);
            return;
        }
        try {
            result = onSuccess.complete();
            status = Status.Succeeded;
        } catch (ArmException e) {
            fail(e);
        }
    }

    private void fail(ArmException failure) {
        error = failure;
        status = Status.Failed;
        if (onFailure != null) {
            onFailure.run();
        }
    }

    boolean done() {
        return status != Status.InProgress;
    }

    Status status() {
        return status;
    }

    Instant endTime() {
        return endTime;
    }

    JsonNode result() {
        return result;
    }

    ArmException error() {
        return error;
    }
}
