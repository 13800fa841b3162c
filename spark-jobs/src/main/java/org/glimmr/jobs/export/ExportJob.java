package org.glimmr.jobs.export;

import static java.util.Objects.requireNonNull;

import io.delta.tables.DeltaTable;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.common.GlimmrException;
import org.glimmr.common.db.GlimmrDatabase;
import org.glimmr.lakehouse.LakehouseCatalog;
import org.glimmr.lakehouse.LakehouseTables;
import org.glimmr.lakehouse.TableDefinition;

/**
 * Gold (and the silver tables the API shows) into the curated PostgreSQL schema, atomically.
 *
 * <ol>
 *   <li>Pins the version of every Delta table it reads and records them in {@code glimmr.export_runs}.</li>
 *   <li>Builds each curated table as {@code curated_load.<table>} (same columns, see the migrations), fills it with
 *       {@code COPY} from every Spark partition in parallel, then adds the indexes and constraints that
 *       {@code curated.<table>} has, and analyses it.</li>
 *   <li>Swaps all tables in one transaction ({@code DROP TABLE curated.t; ALTER TABLE curated_load.t SET SCHEMA
 *       curated}): a reader sees the complete old or the complete new data, never a mix.</li>
 * </ol>
 * Killed before the swap, the old data stays as it was and the next run starts over; a second export while one runs
 * is refused (advisory lock). The same gold versions exported twice give identical tables.
 */
public final class ExportJob {
    static final String LOAD_SCHEMA = "curated_load";
    private static final long LOCK_KEY = 0x676c696d6d72L; // "glimmr"
    private static final long SWAP_PATIENCE_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(10);

    /** One curated table and the query (over pinned views) that fills it, columns in the table's order. */
    record Target(String table, List<String> columns, String query) {}

    /** What an export did. */
    public record Summary(String runId, Map<String, Long> sourceVersions, Map<String, Long> rows, double seconds) {
        public String render() {
            StringBuilder b = new StringBuilder("export " + runId + " done in " + String.format("%.1f", seconds) + " s\n");
            rows.forEach((t, n) -> b.append(String.format("  %-32s %,12d rows%n", "curated." + t, n)));
            b.append("  from ").append(sourceVersions.entrySet().stream()
                    .map(e -> e.getKey() + "@v" + e.getValue()).collect(Collectors.joining(", "))).append('\n');
            return b.toString();
        }
    }

    private static final List<TableDefinition> SOURCES = List.of(LakehouseTables.HOSPITALS, LakehouseTables.HOSPITAL_SUMMARY,
            LakehouseTables.HOSPITAL_CODE_PRICES, LakehouseTables.NEGOTIATED_RATES, LakehouseTables.CODE_PRICE_STATS,
            LakehouseTables.PAYER_NAMES, LakehouseTables.MRF_FILES, LakehouseTables.FILE_FINDINGS);

    static final List<Target> TARGETS = List.of(
            new Target("hospitals", cols("hospital_id, hospital_name, state, license_number, location_names, addresses,"
                    + " current_file_sha256, last_updated_on, files, rows, rejected_rows, codes, payers, payer_rates,"
                    + " dollar_share, finding_errors, finding_alerts, quality_score, as_of"), """
                    SELECT h.hospital_id, coalesce(h.hospital_name, h.hospital_id), h.license_state, h.license_number,
                           coalesce(h.location_names, array()), coalesce(h.addresses, array()), h.current_file_sha256,
                           h.last_updated_on, s.files, s.rows, s.rejected_rows, s.codes, s.payers, s.payer_rates,
                           s.dollar_share, s.finding_errors, s.finding_alerts, s.quality_score, s.as_of
                    FROM exp_hospitals h LEFT JOIN exp_hospital_summary s ON s.hospital_id = h.hospital_id"""),
            new Target("hospital_code_prices", cols("hospital_id, state, code_type, code, setting, description, gross_charge,"
                    + " discounted_cash, minimum, maximum, negotiated_min, negotiated_median, negotiated_max, derived_min,"
                    + " derived_max, payers, plans, dollar_rates, percentage_rates, algorithm_rates"), null),
            new Target("negotiated_rates", cols("rate_id, hospital_id, state, code_type, code, setting, billing_class,"
                    + " description, payer, payer_name, plan_name, methodology, negotiated_dollar, negotiated_percentage,"
                    + " negotiated_algorithm, derived_dollar, gross_charge, discounted_cash, file_sha256, source_location"), null),
            new Target("code_price_stats", cols("code_type, code, setting, payer, geography, measure, hospitals, rates, min,"
                    + " p10, p25, median, p75, p90, max, mean"), null),
            new Target("payers", cols("payer, payer_name, payer_type, raw_names, hospitals, rows"), """
                    SELECT p.canonical_payer, max(p.canonical_name), max(p.payer_type), sort_array(collect_set(p.payer_name)),
                           coalesce(max(r.hospitals), 0), coalesce(max(r.rows), 0)
                    FROM exp_payer_names p
                    LEFT JOIN (SELECT payer, count(DISTINCT hospital_id) AS hospitals, count(*) AS rows
                               FROM exp_negotiated_rates GROUP BY payer) r ON r.payer = p.canonical_payer
                    WHERE p.canonical_payer IS NOT NULL
                    GROUP BY p.canonical_payer"""),
            new Target("files", cols("sha256, hospital_id, hospital_name, source_path, layout, template_version, status, reason,"
                    + " row_count, rejected_count, finding_errors, finding_alerts, last_updated_on, ingested_at, is_current"), """
                    SELECT f.sha256, f.hospital_id, f.hospital_name, f.source_path, f.layout, f.template_version, f.status,
                           f.reason, f.row_count, f.rejected_count, f.finding_errors, f.finding_alerts, f.last_updated_on,
                           f.ingested_at, h.hospital_id IS NOT NULL
                    FROM exp_mrf_files f LEFT JOIN exp_hospitals h ON h.current_file_sha256 = f.sha256"""),
            new Target("file_findings", cols("file_sha256, hospital_id, rule, severity, location, message"), """
                    SELECT file_sha256, hospital_id, rule, severity, location, message FROM exp_file_findings"""));

    private final SparkSession spark;
    private final GlimmrConfig config;
    private final PrintStream progress;

    public ExportJob(SparkSession spark, GlimmrConfig config, PrintStream progress) {
        this.spark = requireNonNull(spark, "spark is null");
        this.config = requireNonNull(config, "config is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    private static List<String> cols(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).toList();
    }

    /** Exports into the configured database (the embedded one by default, started if needed). */
    public Summary run() {
        try (GlimmrDatabase db = GlimmrDatabase.open(config)) {
            return run(db);
        }
    }

    public Summary run(GlimmrDatabase db) {
        long started = System.nanoTime();
        String runId = "export-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
        try (Connection c = db.connect()) {
            if (!tryLock(c)) {
                throw new GlimmrException(GlimmrException.ErrorCode.DATABASE, "another export into " + db.jdbcUrl()
                        + " is running. Fix: wait for it to finish (see glimmr.export_runs), then run export again");
            }
            try {
                Map<String, Long> versions = pinSources();
                record(c, "INSERT INTO glimmr.export_runs (run_id, started_at, status, source_versions) VALUES (?, now(), 'running', ?::jsonb)",
                        runId, json(versions));
                try {
                    Map<String, Long> rows = load(c, db);
                    swap(c, runId, rows);
                    Summary summary = new Summary(runId, versions, rows, (System.nanoTime() - started) / 1e9);
                    return summary;
                } catch (RuntimeException | SQLException e) {
                    c.setAutoCommit(true);
                    record(c, "UPDATE glimmr.export_runs SET status = 'failed', finished_at = now(), message = ? WHERE run_id = ?",
                            String.valueOf(e.getMessage()), runId);
                    throw e;
                }
            } finally {
                try (Statement st = c.createStatement()) {
                    st.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
                }
            }
        } catch (SQLException e) {
            throw new GlimmrException(GlimmrException.ErrorCode.DATABASE, "export into " + db.jdbcUrl() + " failed: "
                    + e.getMessage() + ". The curated tables still hold the previous export. Fix the cause and run export again", e);
        }
    }

    /** Reads every source at its current version, and names it as a view at exactly that version. */
    private Map<String, Long> pinSources() {
        Map<String, Long> versions = new LinkedHashMap<>();
        for (TableDefinition t : SOURCES) {
            String location = t.location(config.lakehouseRoot());
            if (!LakehouseCatalog.deltaLogExists(spark, location)) {
                throw new GlimmrException(GlimmrException.ErrorCode.USAGE, t.qualifiedName() + " does not exist yet at "
                        + location + ". Fix: run ./glimmr ingest and ./glimmr aggregate first");
            }
            long version = DeltaTable.forPath(spark, location).history(1).first().getAs("version");
            versions.put(t.qualifiedName(), version);
            spark.read().format("delta").option("versionAsOf", version).load(location)
                    .createOrReplaceTempView("exp_" + t.name());
        }
        return versions;
    }

    private Dataset<Row> source(Target target) {
        if (target.query() != null) {
            return spark.sql(target.query());
        }
        return spark.table("exp_" + target.table()).selectExpr(target.columns().toArray(String[]::new));
    }

    private Map<String, Long> load(Connection c, GlimmrDatabase db) throws SQLException {
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + LOAD_SCHEMA + " CASCADE");
            st.execute("CREATE SCHEMA " + LOAD_SCHEMA);
        }
        Map<String, Long> rows = new LinkedHashMap<>();
        for (Target target : TARGETS) {
            String staging = LOAD_SCHEMA + "." + target.table();
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE " + staging + " (LIKE curated." + target.table()
                        + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED)");
            }
            spark.sparkContext().setJobDescription("glimmr export: COPY into " + staging);
            long copied = copy(source(target), db, staging, target.columns());
            addIndexes(c, target.table());
            try (Statement st = c.createStatement()) {
                st.execute("ANALYZE " + staging);
            }
            rows.put(target.table(), copied);
            progress.printf("export: %-32s %,d rows copied%n", staging, copied);
            progress.flush();
        }
        return rows;
    }

    /** COPY of every partition in parallel, one connection each; returns the rows copied. */
    public static long copy(Dataset<Row> data, GlimmrDatabase db, String table, List<String> columns) {
        PgCopyWriter writer = new PgCopyWriter(db.jdbcUrl(), db.user(), db.password().orElse(null), table, columns);
        return data.mapPartitions(writer, Encoders.LONG()).collectAsList().stream().mapToLong(Long::longValue).sum();
    }

    /** The constraints and indexes of curated.t, recreated on curated_load.t after the load (faster than during). */
    private static void addIndexes(Connection c, String table) throws SQLException {
        List<String> ddl = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
                WHERE conrelid = ('curated.' || ?)::regclass AND contype IN ('p', 'u', 'x')""")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ddl.add("ALTER TABLE " + LOAD_SCHEMA + "." + table + " ADD CONSTRAINT " + rs.getString(1) + " " + rs.getString(2));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i
                WHERE i.indrelid = ('curated.' || ?)::regclass
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)""")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ddl.add(rs.getString(1).replaceFirst(" ON curated\\.", " ON " + LOAD_SCHEMA + "."));
                }
            }
        }
        try (Statement st = c.createStatement()) {
            for (String s : ddl) {
                st.execute(s);
            }
        }
    }

    /**
     * Every curated table replaced by its loaded copy, and the run marked done, in one transaction. The transaction
     * first takes all the tables' locks with a lock timeout shorter than PostgreSQL's deadlock timeout: when a reader
     * holds one of them (say a query joining two tables), the swap steps back and tries again, so it never waits while
     * holding a lock a reader needs, and readers never see a deadlock error.
     */
    private void swap(Connection c, String runId, Map<String, Long> rows) throws SQLException {
        String all = TARGETS.stream().map(t -> "curated." + t.table()).collect(Collectors.joining(", "));
        long deadline = System.nanoTime() + SWAP_PATIENCE_NANOS;
        for (int attempt = 1; ; attempt++) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET LOCAL lock_timeout = '300ms'");
                st.execute("LOCK TABLE " + all + " IN ACCESS EXCLUSIVE MODE");
                for (Target target : TARGETS) {
                    st.execute("DROP TABLE curated." + target.table());
                    st.execute("ALTER TABLE " + LOAD_SCHEMA + "." + target.table() + " SET SCHEMA curated");
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE glimmr.export_runs SET status = 'done', finished_at = now(), row_counts = ?::jsonb WHERE run_id = ?")) {
                    ps.setString(1, json(rows));
                    ps.setString(2, runId);
                    ps.executeUpdate();
                }
                c.commit();
                break;
            } catch (SQLException e) {
                c.rollback();
                boolean busy = "55P03".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
                if (!busy || System.nanoTime() > deadline) {
                    throw e;
                }
                if (attempt % 20 == 0) {
                    progress.printf("export: readers hold the curated tables, swap attempt %d%n", attempt);
                }
                sleep(Math.min(2000, 50L * attempt));
            } finally {
                c.setAutoCommit(true);
            }
        }
        try (Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + LOAD_SCHEMA + " CASCADE");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GlimmrException(GlimmrException.ErrorCode.INTERNAL, "export interrupted before the swap", e);
        }
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_try_advisory_lock(" + LOCK_KEY + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static void record(Connection c, String sql, String... values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                ps.setString(i + 1, values[i]);
            }
            ps.executeUpdate();
        }
    }

    private static String json(Map<String, Long> values) {
        return values.entrySet().stream().map(e -> "\"" + e.getKey() + "\": " + e.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
