package org.glimmr.jobs.export;

import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Streams one Spark partition into a PostgreSQL table with {@code COPY ... FROM STDIN (FORMAT csv)}: one connection
 * per partition, rows encoded into chunks of about 128 K characters sent as UTF-8, no per-row statements or
 * per-row byte arrays. Returns the rows copied.
 *
 * <p>Values: decimals in plain notation, dates and timestamps in ISO form, arrays as PostgreSQL array literals, null
 * as an unquoted empty field (the CSV default), every other text quoted.
 */
final class PgCopyWriter implements MapPartitionsFunction<Row, Long>, Serializable {
    private static final long serialVersionUID = 1L;
    private static final int CHUNK_CHARS = 128 * 1024;

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String table;
    private final List<String> columns;

    PgCopyWriter(String jdbcUrl, String user, String password, String table, List<String> columns) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.table = table;
        this.columns = List.copyOf(columns);
    }

    String copySql() {
        return "COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN (FORMAT csv)";
    }

    @Override
    public Iterator<Long> call(Iterator<Row> rows) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        long copied = 0;
        try (Connection c = DriverManager.getConnection(jdbcUrl, p)) {
            CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql());
            try {
                StringBuilder chunk = new StringBuilder(CHUNK_CHARS + 4096);
                while (rows.hasNext()) {
                    encode(rows.next(), chunk);
                    copied++;
                    if (chunk.length() >= CHUNK_CHARS) {
                        flush(copy, chunk);
                    }
                }
                flush(copy, chunk);
                copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        }
        return List.of(copied).iterator();
    }

    private static void flush(CopyIn copy, StringBuilder chunk) throws SQLException {
        if (chunk.length() > 0) {
            byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            chunk.setLength(0);
        }
    }

    private void encode(Row row, StringBuilder out) {
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Object v = row.get(i);
            if (v == null) {
                continue;
            }
            if (v instanceof BigDecimal d) {
                out.append(d.toPlainString());
            } else if (v instanceof Number || v instanceof Boolean) {
                out.append(v);
            } else if (v instanceof scala.collection.Seq<?> seq) {
                quote(arrayLiteral(scala.jdk.javaapi.CollectionConverters.asJava(seq)), out);
            } else if (v instanceof List<?> list) {
                quote(arrayLiteral(list), out);
            } else if (v instanceof java.sql.Timestamp t) {
                out.append(t.toInstant()); // ISO-8601 in UTC, whatever this JVM's time zone
            } else if (v instanceof java.time.Instant t) {
                out.append(t);
            } else {
                quote(v.toString(), out);
            }
        }
        out.append('\n');
    }

    /** {@code {"a","b \"c\""}}: every element quoted, so commas, braces and blanks survive. */
    static String arrayLiteral(List<?> values) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            Object v = values.get(i);
            if (v == null) {
                b.append("NULL");
            } else {
                b.append('"');
                String s = v.toString();
                for (int k = 0; k < s.length(); k++) {
                    char ch = s.charAt(k);
                    if (ch == '"' || ch == '\\') {
                        b.append('\\');
                    }
                    b.append(ch);
                }
                b.append('"');
            }
        }
        return b.append('}').toString();
    }

    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int k = 0; k < s.length(); k++) {
            char ch = s.charAt(k);
            if (ch == '"') {
                out.append('"');
            }
            if (ch != 0) {
                out.append(ch); // PostgreSQL text cannot hold NUL
            }
        }
        out.append('"');
    }
}
