package dev.provision.vsphere;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The provider's own bounds on concurrent work, because the executor's parallelism is global across targets:
 * at most {@code perVcenter} changes in flight against this vCenter (its task queue is shared with everyone
 * else's), and at most {@code perHost} power cycles at once on one host (boot storms hit the host's disks and
 * CPU, and a cluster's VMs should not all be down at the same moment).
 */
final class ApplySlots {
    static final int DEFAULT_PER_VCENTER = 8;
    static final int DEFAULT_PER_HOST = 2;

    @FunctionalInterface
    interface Work<T, X extends Exception> {
        T run() throws X, InterruptedException;
    }

    private final Semaphore vcenter;
    private final int perHost;
    private final Map<String, Semaphore> hosts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> cyclingNow = new ConcurrentHashMap<>();
    private final AtomicInteger peakPerHost = new AtomicInteger();

    ApplySlots(int perVcenter, int perHost) {
        this.vcenter = new Semaphore(perVcenter, true);
        this.perHost = perHost;
    }

    <T, X extends Exception> T change(Work<T, X> work) throws X, InterruptedException {
        vcenter.acquire();
        try {
            return work.run();
        } finally {
            vcenter.release();
        }
    }

    <T, X extends Exception> T powerCycle(String host, Work<T, X> work) throws X, InterruptedException {
        String key = host == null ? "(unknown host)" : host;
        Semaphore slot = hosts.computeIfAbsent(key, h -> new Semaphore(perHost, true));
        slot.acquire();
        AtomicInteger now = cyclingNow.computeIfAbsent(key, h -> new AtomicInteger());
        peakPerHost.accumulateAndGet(now.incrementAndGet(), Math::max);
        try {
            return work.run();
        } finally {
            now.decrementAndGet();
            slot.release();
        }
    }

    /** The most power cycles seen at once on any one host (for tests and diagnostics). */
    int peakPowerCyclesOnOneHost() {
        return peakPerHost.get();
    }
}
