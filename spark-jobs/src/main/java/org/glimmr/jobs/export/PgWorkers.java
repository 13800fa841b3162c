package org.glimmr.jobs.export;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.glimmr.common.db.GlimmrDatabase;

/**
 * A few threads, each with a PostgreSQL connection of its own, that run statements for the load while it goes on: the
 * staging tables' index builds, partition by partition, and their {@code ANALYZE}. One PostgreSQL backend builds one
 * index on one core, so the export keeps several busy at once, and they work while Spark copies the next table.
 *
 * <p>Every session raises {@code maintenance_work_mem} so that an index build sorts in memory. Closing waits for
 * nothing: the caller joins the futures it needs (see {@link #join(List)}) before it swaps.
 */
final class PgWorkers implements AutoCloseable {
    /** Sort memory of each session's index builds; the sessions build at most {@link #size()} indexes at once. */
    static final String MAINTENANCE_WORK_MEM = "256MB";

    private final GlimmrDatabase db;
    private final int size;
    private final ExecutorService pool;
    private final ThreadLocal<Connection> connection = new ThreadLocal<>();
    private final List<Connection> opened = new ArrayList<>();

    PgWorkers(GlimmrDatabase db, int size) {
        this.db = requireNonNull(db, "db is null");
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1, got " + size);
        }
        this.size = size;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(size, r -> {
            Thread t = new Thread(r, "glimmr-export-pg-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** As many workers as this machine has cores, at least 2: the embedded server runs on it. */
    static int defaultSize() {
        return Math.max(2, Runtime.getRuntime().availableProcessors());
    }

    int size() {
        return size;
    }

    /** The statements, in order, on one worker's connection. */
    CompletableFuture<Void> run(List<String> statements) {
        List<String> copy = List.copyOf(statements);
        return CompletableFuture.runAsync(() -> {
            try (Statement st = connection().createStatement()) {
                for (String sql : copy) {
                    st.execute(sql);
                }
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        }, pool);
    }

    /** Each group on a worker of its own, as many at once as there are workers; done when all are. */
    CompletableFuture<Void> runEach(List<List<String>> groups) {
        return CompletableFuture.allOf(groups.stream().map(this::run).toArray(CompletableFuture[]::new));
    }

    /** Waits for every future; the first failure (its cause: an SQLException or a RuntimeException) is thrown. */
    static void join(List<? extends CompletableFuture<?>> futures) throws SQLException {
        Throwable first = null;
        for (CompletableFuture<?> f : futures) {
            try {
                f.join();
            } catch (CompletionException | java.util.concurrent.CancellationException e) {
                if (first == null) {
                    first = e.getCause() == null ? e : e.getCause();
                }
            }
        }
        if (first instanceof SQLException e) {
            throw e;
        }
        if (first instanceof RuntimeException e) {
            throw e;
        }
        if (first instanceof Error e) {
            throw e;
        }
        if (first != null) {
            throw new IllegalStateException(first.getMessage(), first);
        }
    }

    private Connection connection() throws SQLException {
        Connection c = connection.get();
        if (c == null) {
            c = db.connect();
            synchronized (opened) {
                opened.add(c);
            }
            try (Statement st = c.createStatement()) {
                st.execute("SET maintenance_work_mem = '" + MAINTENANCE_WORK_MEM + "'");
            }
            connection.set(c);
        }
        return c;
    }

    /** Stops the threads (statements still running are cancelled with their connections) and closes the connections. */
    @Override
    public void close() {
        pool.shutdownNow();
        synchronized (opened) {
            for (Connection c : opened) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // closing: the server ends the session and rolls back what it was doing
                }
            }
            opened.clear();
        }
    }
}
