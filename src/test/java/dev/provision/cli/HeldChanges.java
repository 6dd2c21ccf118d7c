package dev.provision.cli;

import dev.provision.event.Event;
import dev.provision.event.EventSink;
import dev.provision.model.Change;
import dev.provision.provider.ObservedVm;
import dev.provision.provider.Provider;
import dev.provision.provider.ProviderException;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Holds an apply's changes at their first progress step, inside the provider's change (its lease taken), until the
 * test releases them: what another apply meets while a change runs, without guessing how long a step takes. The
 * bounds only turn a hang into a failure; they measure nothing.
 */
final class HeldChanges {
    /** Generous: every held change reaches its first step well within it, under any load. */
    static final Duration DEADLINE = Duration.ofMinutes(2);

    private final CountDownLatch inStep;
    private final CountDownLatch release = new CountDownLatch(1);

    /** @param changes how many changes must be held before {@link #awaitAllHeld()} returns */
    HeldChanges(int changes) {
        inStep = new CountDownLatch(changes);
    }

    /** {@code provider}, its changes held here. */
    Provider around(Provider provider) {
        return new ForwardingProvider(provider) {
            @Override
            public ObservedVm apply(Change change, EventSink events) throws ProviderException, InterruptedException {
                AtomicBoolean first = new AtomicBoolean(true);
                return inside.apply(change, event -> {
                    events.emit(event);
                    if (event instanceof Event.ChangeProgress && first.getAndSet(false)) {
                        inStep.countDown();
                        awaitRelease();
                    }
                });
            }
        };
    }

    void awaitAllHeld() throws InterruptedException {
        if (!inStep.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError(inStep.getCount() + " of the changes to hold never reached a step");
        }
    }

    void release() {
        release.countDown();
    }

    private void awaitRelease() {
        try {
            // Longer than the test waits for anything, so that a failing test says why instead of this.
            if (!release.await(DEADLINE.multipliedBy(3).toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("the test never released the held change");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
