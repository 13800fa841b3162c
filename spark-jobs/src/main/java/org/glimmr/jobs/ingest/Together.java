package org.glimmr.jobs.ingest;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs independent driver-side writes at once: each a small Delta commit to a table of its own, a few hundred
 * milliseconds of mostly single-threaded planning, I/O and commit, so that a batch pays for the slowest instead of
 * the sum.
 */
final class Together {
    private Together() {}

    /**
     * Runs every action on a thread of its own and returns when all have ended. The first failure (in list order) is
     * thrown then, the others added to it as suppressed; an action never stops the others.
     */
    static void run(List<Runnable> actions) {
        if (actions.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(actions.size(), r -> {
            Thread t = new Thread(r, "glimmr-together");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> running = actions.stream().<Future<?>>map(pool::submit).toList();
            RuntimeException failure = null;
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    RuntimeException cause = e.getCause() instanceof RuntimeException r ? r
                            : new IllegalStateException(e.getCause());
                    if (failure == null) {
                        failure = cause;
                    } else {
                        failure.addSuppressed(cause);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for concurrent writes", e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            pool.shutdown();
        }
    }
}
