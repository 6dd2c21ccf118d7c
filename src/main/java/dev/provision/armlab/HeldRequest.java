package dev.provision.armlab;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The first request that matches, stopped at the emulator's door before anything of it is done or answered, so that
 * a test can kill the client while that request is in flight (a crash at a step boundary). The test then either
 * {@link #release() lets it through} (ARM received it, the answer went nowhere) or {@link #drop() drops it} (it never
 * reached ARM). Later matching requests pass untouched. It waits outside the emulator's state lock: every other
 * request is served while one is held.
 */
public final class HeldRequest {
    private final RequestMatcher matcher;
    private final AtomicBoolean caught = new AtomicBoolean();
    private final CountDownLatch arrived = new CountDownLatch(1);
    private final CountDownLatch decided = new CountDownLatch(1);
    private volatile boolean dropped;
    private volatile String described = "nothing yet";

    HeldRequest(RequestMatcher matcher) {
        this.matcher = matcher;
    }

    /** Whether this hold takes that request: the first match only. */
    boolean catches(ArmRequest request) {
        return matcher.matches(request)
                && caught.compareAndSet(false, true);
    }

    /**
     * Called on the request's thread: waits until the test decides. Returns whether the request goes on; an
     * interrupt (the emulator closing) drops it.
     */
    boolean holdUntilDecided(ArmRequest request) {
        described = request.method + " " + request.path + " (" + request.operationId + ")";
        arrived.countDown();
        try {
            decided.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return !dropped;
    }

    /** Waits until a matching request is being held; false when none came within {@code within}. */
    public boolean awaitArrived(Duration within) throws InterruptedException {
        return arrived.await(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The held request goes on as if it had just arrived; its answer goes to a client that may be gone. */
    public void release() {
        decided.countDown();
    }

    /** The held request is closed unanswered and without effect, as if it had never reached ARM. */
    public void drop() {
        dropped = true;
        decided.countDown();
    }

    @Override
    public String toString() {
        return "hold on " + matcher + ": " + described;
    }
}
