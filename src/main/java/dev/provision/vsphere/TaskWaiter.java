package dev.provision.vsphere;

import com.vmware.vim25.LocalizedMethodFault;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.TaskInfoState;
import java.time.Duration;
import java.util.Map;

/**
 * Follows a vSphere task by polling its {@code info.state} ourselves: yavijava's waitForTask sleeps at least a
 * second per poll and reports a failure as the string "error", losing the fault. Here a failed task throws
 * {@link VsphereException.TaskFailed} with the fault's type and message, and a task that outlives its
 * timeout throws {@link VsphereException.TimedOut}.
 */
final class TaskWaiter {
    static final Duration FIRST_POLL = Duration.ofMillis(5);
    static final Duration MAX_POLL = Duration.ofSeconds(1);

    private final VsphereConnection connection;

    TaskWaiter(VsphereConnection connection) {
        this.connection = connection;
    }

    void await(ManagedObjectReference task, String what, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Backoff backoff = new Backoff(FIRST_POLL, MAX_POLL);
        while (true) {
            Map<String, Object> info = connection.withSession("following the task of " + what,
                    (vim, content) -> ObjectProperties.read(vim, content, task, "info.state", "info.error"));
            Object state = info.get("info.state");
            if (state == TaskInfoState.success) {
                return;
            }
            if (state == TaskInfoState.error) {
                if (info.get("info.error") instanceof LocalizedMethodFault fault
                        && fault.getFault() instanceof com.vmware.vim25.ConcurrentAccess) {
                    throw new VsphereException.ChangedMeanwhile(what + " failed: the VM changed since it was read");
                }
                throw new VsphereException.TaskFailed(what + " failed: " + describe(info.get("info.error")));
            }
            if (System.nanoTime() >= deadline) {
                throw new VsphereException.TimedOut(what + " did not finish within " + timeout.toSeconds()
                        + " s (task " + task.getVal() + " is still " + state + ")");
            }
            backoff.sleepUntilNextPoll(deadline);
        }
    }

    private static String describe(Object error) {
        if (!(error instanceof LocalizedMethodFault fault)) {
            return "the server gave no reason";
        }
        String type = fault.getFault() == null ? "fault" : fault.getFault().getClass().getSimpleName();
        String message = fault.getLocalizedMessage();
        return message == null || message.isBlank() ? type : type + ": " + message;
    }
}
