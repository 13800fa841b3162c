package org.glimmr.jobs.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Samples the heap in use every 50 ms; {@link #peak()} is the largest sample (a lower bound of the true peak). */
final class HeapSampler implements AutoCloseable {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Thread thread;
    private volatile long peak;

    HeapSampler() {
        thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "glimmr-heap-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    long peak() {
        return Math.max(peak, memory.getHeapMemoryUsage().getUsed());
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
