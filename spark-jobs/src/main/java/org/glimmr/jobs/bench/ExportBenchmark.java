package org.glimmr.jobs.bench;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.common.db.GlimmrDatabase;
import org.glimmr.jobs.export.ExportJob;

/**
 * The same rows, shaped like {@code gold.negotiated_rates}, into PostgreSQL through our {@code COPY} path and through
 * Spark's JDBC writer (with its defaults, and with the PostgreSQL driver's batched-insert rewrite), in one run, into
 * identical unindexed tables. Each path runs twice; the better run counts.
 */
public final class ExportBenchmark {
    /** One measured path. */
    public record Result(String path, long rows, double seconds) {
        public double rowsPerSecond() {
            return rows / seconds;
        }
    }

    private static final String COLUMNS = "rate_id, hospital_id, state, code_type, code, setting, billing_class, description,"
            + " payer, payer_name, plan_name, methodology, negotiated_dollar, negotiated_percentage, negotiated_algorithm,"
            + " derived_dollar, gross_charge, discounted_cash, file_sha256, source_location";

    private final SparkSession spark;
    private final GlimmrConfig config;
    private final PrintStream out;

    public ExportBenchmark(SparkSession spark, GlimmrConfig config, PrintStream out) {
        this.spark = requireNonNull(spark, "spark is null");
        this.config = requireNonNull(config, "config is null");
        this.out = requireNonNull(out, "out is null");
    }

    /** Deterministic rate rows: 6,000 hospitals, 9,000 codes, 40 payers, 7 plans. */
    Dataset<Row> rows(long n) {
        return spark.range(0, n, 1, 4).selectExpr(
                "id AS rate_id", "concat('h', id % 6000) AS hospital_id",
                "element_at(array('CA', 'TX', 'NY', 'FL', 'IL'), CAST(id % 5 + 1 AS INT)) AS state",
                "'CPT' AS code_type", "CAST(10000 + id % 9000 AS STRING) AS code", "'outpatient' AS setting",
                "'facility' AS billing_class", "concat('Synthetic service, level ', id % 9000) AS description",
                "concat('payer_', id % 40) AS payer", "concat('Payer ', id % 40, ', Inc.') AS payer_name",
                "concat('Plan ', id % 7) AS plan_name", "'fee schedule' AS methodology",
                "CAST(100 + (id % 50000) / 7.0 AS DECIMAL(20, 6)) AS negotiated_dollar",
                "CAST(NULL AS DECIMAL(20, 6)) AS negotiated_percentage", "CAST(NULL AS STRING) AS negotiated_algorithm",
                "CAST(NULL AS DECIMAL(20, 6)) AS derived_dollar", "CAST(500 + id % 3000 AS DECIMAL(20, 6)) AS gross_charge",
                "CAST(300 + id % 2000 AS DECIMAL(20, 6)) AS discounted_cash",
                "sha2(CAST(id % 6000 AS STRING), 256) AS file_sha256", "concat('line ', id) AS source_location");
    }

    public List<Result> run(long n) throws SQLException {
        Dataset<Row> data = rows(n).cache();
        long count = data.count();
        out.printf("export benchmark: %,d rows cached in memory, %d partitions%n", count, data.rdd().getNumPartitions());
        List<Result> results = new ArrayList<>();
        try (GlimmrDatabase db = GlimmrDatabase.open(config); Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS bench");
            for (String t : List.of("rates_copy", "rates_jdbc", "rates_jdbc_batched")) {
                st.execute("DROP TABLE IF EXISTS bench." + t);
                st.execute("CREATE UNLOGGED TABLE bench." + t + " (LIKE curated.negotiated_rates INCLUDING DEFAULTS)");
            }
            List<String> columns = List.of(COLUMNS.split(",\\s*"));
            for (int round = 0; round < 2; round++) {
                results.add(measure(st, "COPY (ours)", "rates_copy", count,
                        () -> ExportJob.copy(data, db, "bench.rates_copy", columns)));
                results.add(measure(st, "Spark JDBC writer", "rates_jdbc", count,
                        () -> jdbc(data, db, "bench.rates_jdbc", false)));
                results.add(measure(st, "Spark JDBC + reWriteBatchedInserts", "rates_jdbc_batched", count,
                        () -> jdbc(data, db, "bench.rates_jdbc_batched", true)));
            }
            st.execute("DROP SCHEMA bench CASCADE");
        } finally {
            data.unpersist();
        }
        return best(results);
    }

    private static long jdbc(Dataset<Row> data, GlimmrDatabase db, String table, boolean batched) {
        Properties p = new Properties();
        p.setProperty("user", db.user());
        db.password().ifPresent(pw -> p.setProperty("password", pw));
        p.setProperty("driver", "org.postgresql.Driver");
        String url = db.jdbcUrl() + (batched ? (db.jdbcUrl().contains("?") ? "&" : "?") + "reWriteBatchedInserts=true" : "");
        data.write().mode(SaveMode.Append).jdbc(url, table, p);
        return -1;
    }

    interface Load {
        long load() throws SQLException;
    }

    private Result measure(Statement st, String path, String table, long expected, Load load) throws SQLException {
        st.execute("TRUNCATE bench." + table);
        st.execute("CHECKPOINT");
        long started = System.nanoTime();
        load.load();
        double seconds = (System.nanoTime() - started) / 1e9;
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM bench." + table)) {
            rs.next();
            if (rs.getLong(1) != expected) {
                throw new IllegalStateException(path + " loaded " + rs.getLong(1) + " rows, expected " + expected);
            }
        }
        out.printf("  %-36s %,d rows in %.2f s = %,.0f rows/s%n", path, expected, seconds, expected / seconds);
        return new Result(path, expected, seconds);
    }

    private static List<Result> best(List<Result> all) {
        List<Result> best = new ArrayList<>();
        for (Result r : all) {
            int i = indexOf(best, r.path());
            if (i < 0) {
                best.add(r);
            } else if (r.seconds() < best.get(i).seconds()) {
                best.set(i, r);
            }
        }
        return best;
    }

    private static int indexOf(List<Result> results, String path) {
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i).path().equals(path)) {
                return i;
            }
        }
        return -1;
    }

    /** A markdown table with the ratio of our COPY to each JDBC path. */
    public static String render(List<Result> results) {
        double ours = results.get(0).rowsPerSecond();
        StringBuilder b = new StringBuilder("| path | rows | seconds | rows/s | COPY (ours) vs this |\n|---|---:|---:|---:|---:|\n");
        for (Result r : results) {
            b.append(String.format("| %s | %,d | %.2f | %,.0f | %.2fx |%n", r.path(), r.rows(), r.seconds(), r.rowsPerSecond(),
                    ours / r.rowsPerSecond()));
        }
        return b.toString();
    }
}
