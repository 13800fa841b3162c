package org.glimmr.serving.log;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Log lines written by one background thread, many lines per write. Request threads only enqueue, so none of them
 * waits for the disk or holds a lock while the system call runs (under load a synchronous write per access-log line
 * made request threads queue behind each other). Nothing is dropped: when the queue is full, the caller waits; at
 * exit the rest is written.
 */
final class LineWriter {
    private static final int CAPACITY = 16_384;

    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final OutputStream out;
    private final Object writing = new Object();

    LineWriter(OutputStream out) {
        this.out = requireNonNull(out, "out is null");
        Thread writer = new Thread(this::run, "glimmr-log-writer");
        writer.setDaemon(true);
        writer.start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::drain, "glimmr-log-flush"));
    }

    /** Queues one complete line (with its newline). */
    void write(String line) {
        try {
            queue.put(line);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // the caller is being stopped: write the line itself rather than lose it
            synchronized (writing) {
                writeAll(List.of(line));
            }
        }
    }

    private void run() {
        List<String> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            synchronized (writing) {
                queue.drainTo(batch);
                writeAll(batch);
            }
            batch.clear();
        }
    }

    private void drain() {
        synchronized (writing) {
            List<String> rest = new ArrayList<>();
            queue.drainTo(rest);
            writeAll(rest);
        }
    }

    private void writeAll(List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        StringBuilder s = new StringBuilder(lines.size() * 256);
        lines.forEach(s::append);
        try {
            out.write(s.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // standard error is gone: there is nowhere left to report this
        }
    }
}
