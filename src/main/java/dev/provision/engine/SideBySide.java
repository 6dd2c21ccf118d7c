package dev.provision.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Guest probes side by side: each waits on a guest (Run Command takes 20 s and more), so one after another a
 * fleet's probes would take the sum of them. The tasks report their own failures as values and never throw.
 */
final class SideBySide {
    private SideBySide() {}

    /** Runs the tasks {@code parallelism} at a time; the results keep the tasks' order. */
    static <T> List<T> run(List<Callable<T>> tasks, int parallelism) throws InterruptedException {
        if (tasks.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, tasks.size()));
        try {
            List<T> out = new ArrayList<>();
            for (Future<T> f : pool.invokeAll(tasks)) {
                out.add(result(f));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> T result(Future<T> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a probe task cannot throw", e.getCause());
        }
    }
}
