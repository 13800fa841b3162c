package org.glimmr.jobs.bench;

import static java.util.Objects.requireNonNull;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.glimmr.common.db.GlimmrDatabase;
import org.postgresql.PGConnection;

/**
 * The export benchmark's baseline: plain {@code COPY ... FROM STDIN (FORMAT csv)} of the rows a full export loaded,
 * the same columns, into plain tables without indexes, constraints or partitions. The rows are first written out of
 * the curated tables into CSV files (not timed; one file per partition of a partitioned table, one per other table);
 * the timed part reads those files and copies them through the driver's {@code CopyManager}, table after table, with
 * {@code streams} connections taking files off a shared list.
 */
final class PlainCopy {
    static final String SCHEMA = "bench_plain";

    /** One table's rows as CSV files. */
    record Dump(String table, List<String> columns, List<Path> files, long rows) {
        Dump {
            columns = List.copyOf(columns);
            files = List.copyOf(files);
        }
    }

    private PlainCopy() {}

    /** Writes {@code curated.<table>}'s rows (these columns) into CSV files under {@code dir}; returns them. */
    static Dump dump(Connection c, Path dir, String table, List<String> columns) throws SQLException, IOException {
        Files.createDirectories(dir);
        List<String> sources = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT c.relnamespace::regnamespace || '.' || c.relname FROM pg_inherits i"
                + " JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = ?::regclass ORDER BY c.relname")) {
            ps.setString(1, "curated." + table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sources.add(rs.getString(1));
                }
            }
        }
        if (sources.isEmpty()) {
            sources.add("curated." + table);
        }
        List<Path> files = new ArrayList<>();
        long rows = 0;
        var copy = c.unwrap(PGConnection.class).getCopyAPI();
        for (int i = 0; i < sources.size(); i++) {
            Path file = dir.resolve(table + "-" + i + ".csv");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                rows += copy.copyOut("COPY " + sources.get(i) + " (" + String.join(", ", columns) + ") TO STDOUT (FORMAT csv)", out);
            }
            files.add(file);
        }
        return new Dump(table, columns, files, rows);
    }

    /** Creates {@code bench_plain.<table>} for every dump: the curated table's columns, nothing else. */
    static void prepare(Connection c, List<Dump> dumps) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            st.execute("CREATE SCHEMA " + SCHEMA);
            for (Dump d : dumps) {
                st.execute("CREATE TABLE " + SCHEMA + "." + d.table() + " (LIKE curated." + d.table() + " INCLUDING DEFAULTS)");
            }
            st.execute("CHECKPOINT");
        }
    }

    /** Copies every dump into its table, one table after the other, {@code streams} connections at a time; returns the rows. */
    static long load(GlimmrDatabase db, List<Dump> dumps, int streams) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(streams);
        try {
            long rows = 0;
            for (Dump d : dumps) {
                List<Future<Long>> parts = new ArrayList<>();
                String sql = "COPY " + SCHEMA + "." + d.table() + " (" + String.join(", ", d.columns()) + ") FROM STDIN (FORMAT csv)";
                for (Path file : d.files()) {
                    parts.add(pool.submit(() -> copyIn(db, sql, file)));
                }
                for (Future<Long> f : parts) {
                    rows += f.get();
                }
            }
            return rows;
        } finally {
            pool.shutdownNow();
        }
    }

    private static long copyIn(GlimmrDatabase db, String sql, Path file) throws SQLException, IOException {
        try (Connection c = db.connect(); InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, in, 1 << 16);
        }
    }

    /** The rows the plain tables hold, counted by PostgreSQL. */
    static long count(Connection c, List<Dump> dumps) throws SQLException {
        long rows = 0;
        try (Statement st = c.createStatement()) {
            for (Dump d : dumps) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + SCHEMA + "." + d.table())) {
                    rs.next();
                    rows += rs.getLong(1);
                }
            }
        }
        return rows;
    }

    static void drop(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    static long rows(List<Dump> dumps) {
        return requireNonNull(dumps, "dumps is null").stream().mapToLong(Dump::rows).sum();
    }
}
