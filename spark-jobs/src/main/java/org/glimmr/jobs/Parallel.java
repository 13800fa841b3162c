package org.glimmr.jobs;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/**
 * Runs tasks on a few daemon threads of this JVM and waits for all of them: network-bound work (discovery, fetch
 * lanes), independent driver-side Delta commits (ingest's writes after the charges) and aggregate's independent table
 * writes, each mostly waiting or single-threaded, so that a run pays for the slowest instead of the sum.
 */
public final class Parallel {
    private Parallel() {}

    /** Threads named {@code name} that do not keep the JVM alive (a killed job does not wait for them). */
    public static ThreadFactory daemons(String name) {
        return r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Runs {@code tasks} on at most {@code threads} threads named {@code name} and returns when every one has ended.
     * A task that fails does not stop the others (a commit in flight is never interrupted); the first failure, in list
     * order, is thrown once all have ended, the others added to it as suppressed.
     */
    public static void runAll(int threads, String name, List<Runnable> tasks) {
        if (tasks.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, tasks.size())), daemons(name));
        try {
            List<Future<?>> running = tasks.stream().<Future<?>>map(pool::submit).toList();
            RuntimeException failure = null;
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    RuntimeException cause = e.getCause() instanceof RuntimeException r ? r
                            : new IllegalStateException(name + " failed", e.getCause());
                    if (failure == null) {
                        failure = cause;
                    } else {
                        failure.addSuppressed(cause);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + " interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
