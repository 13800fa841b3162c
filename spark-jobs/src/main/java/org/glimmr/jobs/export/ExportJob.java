package org.glimmr.jobs.export;

import static java.util.Objects.requireNonNull;

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
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.AddFile;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.common.GlimmrException;
import org.glimmr.common.db.GlimmrDatabase;
import org.glimmr.jobs.Parallel;
import org.glimmr.lakehouse.LakehouseCatalog;
import org.glimmr.lakehouse.LakehouseTables;
import org.glimmr.lakehouse.TableDefinition;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Gold (and the silver tables the API shows) into the curated PostgreSQL schema, atomically.
 *
 * <ol>
 *   <li>Pins the version of every Delta table it reads and records them in {@code glimmr.export_runs}.</li>
 *   <li>Builds each curated table as {@code curated_load.<table>} (same columns, see the migrations), fills it with
 *       {@code COPY} (one stream per core), then adds the indexes and constraints that {@code curated.<table>} has,
 *       partition by partition on several connections, and analyses it, while the next tables are copied.</li>
 *   <li>Swaps all tables in one transaction ({@code DROP TABLE curated.t; ALTER TABLE curated_load.t SET SCHEMA
 *       curated}): a reader sees the complete old or the complete new data, never a mix.</li>
 * </ol>
 * An incremental export (see {@link #plan}) copies only the rows that changed and replaces them in one transaction
 * instead of swapping tables ({@link #loadChanges}). Killed before the swap or the commit, the old data stays as it was
 * and the next run starts over; a second export while one runs is refused (advisory lock). The same gold versions
 * exported twice give identical tables.
 */
public final class ExportJob {
    static final String LOAD_SCHEMA = "curated_load";
    /** The advisory lock an export holds while it writes ("glimmr"); a restore takes it too, so the two never overlap. */
    public static final long LOCK_KEY = 0x676c696d6d72L;
    private static final long SWAP_PATIENCE_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(10);

    /** One curated table and the query (over pinned views) that fills it, columns in the table's order. */
    public record Target(String table, List<String> columns, String query) {}

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

    /** What aggregate writes: read at the versions of the last aggregate run that was done, one consistent state. */
    private static final List<TableDefinition> GOLD = List.of(LakehouseTables.HOSPITAL_SUMMARY,
            LakehouseTables.HOSPITAL_CODE_PRICES, LakehouseTables.NEGOTIATED_RATES, LakehouseTables.CODE_PRICE_STATS,
            LakehouseTables.PAYER_NAMES, LakehouseTables.PAYER_NAME_COUNTS);
    /** What ingest writes: read at their current versions. */
    private static final List<TableDefinition> INGESTED = List.of(LakehouseTables.HOSPITALS, LakehouseTables.MRF_FILES,
            LakehouseTables.FILE_FINDINGS);

    public static final List<Target> TARGETS = List.of(
            new Target("hospitals", cols("hospital_id, hospital_name, state, license_number, location_names, addresses,"
                    + " current_file_sha256, last_updated_on, files, rows, rejected_rows, codes, payers, payer_rates,"
                    + " dollar_share, finding_errors, finding_alerts, quality_score, as_of"), """
                    SELECT h.hospital_id, coalesce(h.hospital_name, h.hospital_id), h.license_state, h.license_number,
                           coalesce(h.location_names, array()), coalesce(h.addresses, array()), h.current_file_sha256,
                           h.last_updated_on, s.files, s.rows, s.rejected_rows, s.codes, s.payers, s.payer_rates,
                           s.dollar_share, s.finding_errors, s.finding_alerts, s.quality_score, s.as_of
                    FROM exp_hospitals h LEFT JOIN exp_hospital_summary s ON s.hospital_id = h.hospital_id"""),
            new Target("hospital_code_prices", cols("hospital_id, state, code_type, code, setting, billing_class, modifiers,"
                    + " description, gross_charge,"
                    + " discounted_cash, minimum, maximum, negotiated_min, negotiated_median, negotiated_max, derived_min,"
                    + " derived_max, payers, plans, dollar_rates, percentage_rates, algorithm_rates"), null),
            new Target("negotiated_rates", cols("rate_id, hospital_id, state, code_type, code, setting, billing_class,"
                    + " modifiers, description, payer, payer_name, plan_name, methodology, negotiated_dollar, negotiated_percentage,"
                    + " negotiated_algorithm, derived_dollar, gross_charge, discounted_cash, file_sha256, source_location"), null),
            new Target("code_price_stats", cols("code_type, code, setting, billing_class, modifiers, payer, geography, measure,"
                    + " hospitals, rates, min,"
                    + " p10, p25, median, p75, p90, max, mean"), null),
            new Target("payers", cols("payer, payer_name, payer_type, raw_names, hospitals, rows"), """
                    SELECT p.canonical_payer, max(p.canonical_name), max(p.payer_type), sort_array(collect_set(p.payer_name)),
                           count(DISTINCT c.hospital_id), coalesce(sum(c.rows), 0)
                    FROM exp_payer_names p
                    LEFT JOIN exp_payer_name_counts c ON c.payer_name = p.payer_name
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

    /** The targets in the order the load copies them: the large tables first, so that their indexes start early. */
    private static final List<Target> LARGEST_FIRST = order(TARGETS, List.of("negotiated_rates", "code_price_stats",
            "hospital_code_prices"));

    private final SparkSession spark;
    private final GlimmrConfig config;
    private final PrintStream progress;

    public ExportJob(SparkSession spark, GlimmrConfig config, PrintStream progress) {
        this.spark = requireNonNull(spark, "spark is null");
        this.config = requireNonNull(config, "config is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    private static List<Target> order(List<Target> targets, List<String> first) {
        List<Target> ordered = new ArrayList<>();
        first.forEach(name -> targets.stream().filter(t -> t.table().equals(name)).forEach(ordered::add));
        targets.stream().filter(t -> !first.contains(t.table())).forEach(ordered::add);
        return List.copyOf(ordered);
    }

    private static List<String> cols(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).toList();
    }

    /** Exports into the configured database (the embedded one by default, started if needed), incrementally when it can. */
    public Summary run() {
        return run(false);
    }

    /** Exports into the configured database; {@code full} reloads every table even where an incremental export would do. */
    public Summary run(boolean full) {
        try (GlimmrDatabase db = GlimmrDatabase.open(config)) {
            return run(db, full);
        }
    }

    public Summary run(GlimmrDatabase db) {
        return run(db, false);
    }

    public Summary run(GlimmrDatabase db, boolean full) {
        long started = System.nanoTime();
        String runId = "export-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
        try (Connection c = db.connect()) {
            if (!tryLock(c)) {
                throw new GlimmrException(GlimmrException.ErrorCode.DATABASE, "another export into " + db.jdbcUrl()
                        + " is running. Fix: wait for it to finish (see glimmr.export_runs), then run export again");
            }
            try {
                // holding the lock, no other export is alive: a 'running' row is one that was killed
                record(c, "UPDATE glimmr.export_runs SET status = 'failed', finished_at = now(), message = ? WHERE status = 'running'",
                        "the export ended before it finished (killed or lost its connection); the curated tables kept the load before it");
                Pinned pinned = pinSources();
                Plan plan = plan(c, pinned, full);
                progress.printf("export: %s (%s), planned in %.1f s%n", plan.mode(), plan.reason(), (System.nanoTime() - started) / 1e9);
                record(c, "INSERT INTO glimmr.export_runs (run_id, started_at, status, source_versions, mode, aggregate_run)"
                        + " VALUES (?, now(), 'running', ?::jsonb, ?, ?)", runId, json(pinned.versions()), plan.mode(),
                        pinned.aggregateRun());
                try {
                    Map<String, Long> rows;
                    if (plan.full()) {
                        rows = loadAll(c, db);
                        swap(c, runId, rows, plan);
                    } else {
                        rows = loadChanges(c, db, runId, plan);
                    }
                    return new Summary(runId, pinned.versions(), rows, (System.nanoTime() - started) / 1e9);
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

    /** The source versions read, and the aggregate run whose gold they are (null when no run recorded them). */
    private record Pinned(Map<String, Long> versions, String aggregateRun, List<Row> doneRuns) {}

    /**
     * Names every source as a view at one version: gold at the versions the last finished aggregate run left (so an
     * aggregate running meanwhile is not seen half done), what ingest writes at its current versions.
     */
    private Pinned pinSources() {
        for (TableDefinition t : concat(GOLD, INGESTED)) {
            if (!LakehouseCatalog.exists(spark, config, t)) {
                throw new GlimmrException(GlimmrException.ErrorCode.USAGE, t.qualifiedName() + " does not exist yet at "
                        + t.location(config.lakehouseRoot()) + ". Fix: run ./glimmr ingest and ./glimmr aggregate first");
            }
        }
        Map<String, Long> written = new LinkedHashMap<>();
        String aggregateRun = null;
        // the finished aggregate runs, read once: the last that recorded its versions pins gold, and plan() reads them all
        List<Row> doneRuns = List.of();
        if (LakehouseCatalog.exists(spark, config, LakehouseTables.AGGREGATE_RUNS)) {
            doneRuns = read(LakehouseTables.AGGREGATE_RUNS, null).where("status = 'done'").orderBy("started_at").collectAsList();
            for (Row run : doneRuns) {
                if (run.getAs("written_versions") != null) {
                    aggregateRun = run.getAs("run_id");
                    written.clear();
                    written.putAll(CollectionConverters.asJava(run.<scala.collection.Map<String, Long>>getAs("written_versions")));
                }
            }
        }
        Map<String, Long> versions = new LinkedHashMap<>();
        for (TableDefinition t : concat(GOLD, INGESTED)) {
            Long version = written.get(t.qualifiedName());
            if (version == null) {
                version = LakehouseCatalog.version(spark, t.location(config.lakehouseRoot()));
            }
            versions.put(t.qualifiedName(), version);
            read(t, version).createOrReplaceTempView("exp_" + t.name());
        }
        return new Pinned(versions, aggregateRun, doneRuns);
    }

    /**
     * What this export loads. Incremental, when the last export brought over an aggregate run of this lakehouse and
     * every aggregate run since was incremental: the rates and prices of the hospitals those runs recomputed, the
     * statistics of their codes in their states and in the nation, the findings of the files ingested since,
     * and the small tables whole. Full otherwise, or when asked.
     */
    private Plan plan(Connection c, Pinned pinned, boolean asked) throws SQLException {
        if (asked) {
            return Plan.full("--full");
        }
        Map<String, String> last = lastDone(c);
        if (last.isEmpty() || last.get("aggregate_run") == null) {
            return Plan.full("no earlier export of an aggregate run");
        }
        if (pinned.aggregateRun() == null) {
            return Plan.full("gold has no finished aggregate run");
        }
        List<Row> runs = pinned.doneRuns();
        int from = -1;
        for (int i = 0; i < runs.size(); i++) {
            if (last.get("aggregate_run").equals(runs.get(i).getAs("run_id"))) {
                from = i;
            }
        }
        if (from < 0) {
            return Plan.full("the last export's aggregate run " + last.get("aggregate_run") + " is not in this lakehouse");
        }
        TreeSet<String> hospitals = new TreeSet<>();
        TreeSet<String> states = new TreeSet<>();
        TreeSet<String> codes = new TreeSet<>();
        for (Row run : runs.subList(from + 1, runs.size())) {
            if (!"incremental".equals(run.getAs("mode"))) {
                return Plan.full("aggregate run " + run.getAs("run_id") + " rebuilt gold");
            }
            hospitals.addAll(strings(run, "hospitals"));
            states.addAll(strings(run, "states"));
            codes.addAll(strings(run, "codes"));
        }
        Long findingsThen = last.get("findings_version") == null ? null : Long.valueOf(last.get("findings_version"));
        Long findingsNow = pinned.versions().get(LakehouseTables.FILE_FINDINGS.qualifiedName());
        if (findingsThen == null) {
            return Plan.full("the last export did not record the findings it read");
        }
        TreeSet<String> files = new TreeSet<>();
        if (findingsNow > findingsThen) {
            spark.read().format("delta").option("readChangeFeed", "true").option("startingVersion", findingsThen + 1)
                    .option("endingVersion", findingsNow).load(LakehouseTables.FILE_FINDINGS.location(config.lakehouseRoot()))
                    .select("file_sha256").distinct().collectAsList().forEach(r -> files.add(r.getString(0)));
        }
        // one aggregate run since the one the last export read at the versions it wrote, and it wrote the statistics:
        // those in scope are rows it wrote, in files it added
        String stats = LakehouseTables.CODE_PRICE_STATS.qualifiedName();
        Long statsAt = pinned.versions().get(stats);
        Long statsSince = last.get("stats_version") == null ? null : Long.valueOf(last.get("stats_version"));
        scala.collection.Map<String, Long> exported = runs.get(from).getAs("written_versions");
        if (runs.size() - from != 2 || statsSince == null || statsSince >= statsAt || exported == null
                || !statsSince.equals(CollectionConverters.asJava(exported).get(stats))) {
            statsSince = null;
        }
        return new Plan(false, hospitals.size() + " hospitals, " + states.size() + " states, " + codes.size() + " codes, "
                + files.size() + " files changed", hospitals, states.stream().filter(st -> !st.isEmpty()).toList(), codes, files,
                statsSince, statsAt);
    }

    /** The last finished export's aggregate run and the versions of the findings and the statistics it read. */
    private static Map<String, String> lastDone(Connection c) throws SQLException {
        Map<String, String> last = new LinkedHashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT aggregate_run, source_versions ->> '" + LakehouseTables.FILE_FINDINGS.qualifiedName() + "', source_versions ->> '"
                        + LakehouseTables.CODE_PRICE_STATS.qualifiedName() + "'"
                        + " FROM glimmr.export_runs WHERE status = 'done' ORDER BY finished_at DESC LIMIT 1")) {
            if (rs.next()) {
                last.put("aggregate_run", rs.getString(1));
                last.put("findings_version", rs.getString(2));
                last.put("stats_version", rs.getString(3));
            }
        }
        return last;
    }

    /**
     * An export's scope: everything, or the rows of these hospitals, states, codes and files. {@code statsSince}: the
     * version of gold.code_price_stats the last export read, when one aggregate run wrote the statistics since (null
     * otherwise); {@code statsAt} the version this export reads.
     */
    record Plan(boolean full, String reason, Collection<String> hospitals, Collection<String> states, Collection<String> codes,
            Collection<String> files, Long statsSince, Long statsAt) {
        static Plan full(String reason) {
            return new Plan(true, reason, List.of(), List.of(), List.of(), List.of(), null, null);
        }

        String mode() {
            return full ? "full" : "incremental";
        }

        /** What an incremental export replaces in {@code table}: a SQL predicate over it, bound to its arrays in order. */
        Scope scope(String table) {
            return switch (table) {
                case "negotiated_rates", "hospital_code_prices" -> new Scope("hospital_id = ANY(?)", List.of(hospitals));
                // a statistics row merges the values of one code in one state or in all: those of the changed codes
                case "code_price_stats" -> new Scope("code = ANY(?) AND (geography = 'US' OR geography = ANY(?))",
                        List.of(codes, states));
                case "file_findings" -> new Scope("file_sha256 = ANY(?)", List.of(files));
                default -> new Scope("true", List.of()); // small tables: replaced whole
            };
        }

        /** The same scope over a Spark view of the table's rows. */
        String sparkScope(String table) {
            return switch (table) {
                case "negotiated_rates", "hospital_code_prices" -> "hospital_id IN (" + quoted(hospitals) + ")";
                case "code_price_stats" -> "code IN (" + quoted(codes) + ") AND geography IN (" + quoted(concat(List.of("US"), states))
                        + ")";
                case "file_findings" -> "file_sha256 IN (" + quoted(files) + ")";
                default -> "true";
            };
        }

        String covered() {
            return "{\"hospitals\": " + jsonArray(hospitals) + ", \"states\": " + jsonArray(states) + ", \"codes\": "
                    + codes.size() + ", \"files\": " + files.size() + "}";
        }
    }

    /** A SQL predicate with {@code ?} for text arrays. */
    record Scope(String predicate, List<Collection<String>> arrays) {}

    /** The rows of {@code target} in the plan's scope. */
    private Dataset<Row> changes(Target target, Plan plan) {
        Dataset<Row> rows = source(target);
        if (target.table().equals("code_price_stats") && plan.statsSince() != null) {
            Dataset<Row> added = addedSince(LakehouseTables.CODE_PRICE_STATS, plan.statsSince(), plan.statsAt());
            if (added != null) {
                rows = added.selectExpr(target.columns().toArray(String[]::new));
            }
        }
        return rows.where(plan.sparkScope(target.table()));
    }

    /**
     * The rows of {@code table} at its pinned version that are in data files added since version {@code since} (a table
     * that gold rewrites in part: the rows a run wrote), read without the files that were there before, which hold
     * none of them. Null when that version cannot be read any more (its log was cleaned up): the caller reads the
     * whole table instead.
     */
    private Dataset<Row> addedSince(TableDefinition table, long since, long at) {
        String location = table.location(config.lakehouseRoot());
        DeltaLog log = DeltaLog.forTable(spark, location);
        Snapshot before;
        try {
            before = snapshotAt(log, since);
        } catch (RuntimeException e) {
            progress.printf("export: %s at version %d cannot be read (%s); its rows in scope are looked for in every file%n",
                    table.qualifiedName(), since, e.getMessage());
            return null;
        }
        Snapshot now = snapshotAt(log, at);
        Set<String> there = new HashSet<>(before.allFiles().select("path").as(Encoders.STRING()).collectAsList());
        List<AddFile> all = now.allFiles().collectAsList();
        List<AddFile> added = all.stream().filter(f -> !there.contains(f.path())).toList();
        progress.printf("export: %s rows in scope read from the %d of its %d files added since v%d%n", table.qualifiedName(),
                added.size(), all.size(), since);
        return log.createDataFrame(now, CollectionConverters.asScala(added).toList(), false, log.createDataFrame$default$4());
    }

    /** The table's snapshot at {@code version} (Scala's default arguments spelt out). */
    private static Snapshot snapshotAt(DeltaLog log, long version) {
        return log.getSnapshotAt(version, log.getSnapshotAt$default$2(), log.getSnapshotAt$default$3(), log.getSnapshotAt$default$4());
    }

    private Dataset<Row> source(Target target) {
        if (target.query() != null) {
            return spark.sql(target.query());
        }
        return spark.table("exp_" + target.table()).selectExpr(target.columns().toArray(String[]::new));
    }

    /**
     * Every target into a full copy in curated_load (partitioned as curated's), with its indexes, analysed. The copies run
     * two at a time, the largest tables first; as soon as a table is copied, its indexes are built on the
     * {@link PgWorkers} (each partition's on a connection of its own, several partitions at once), then analysed, while
     * Spark goes on copying the next tables.
     */
    private Map<String, Long> loadAll(Connection c, GlimmrDatabase db) throws SQLException {
        resetLoadSchema(c);
        for (Target target : TARGETS) {
            createLike(c, target.table(), true);
        }
        Map<String, Long> rows = new ConcurrentHashMap<>();
        List<CompletableFuture<?>> work = new ArrayList<>();
        try (PgWorkers workers = new PgWorkers(db, PgWorkers.defaultSize()); Copiers copiers = new Copiers()) {
            for (Target target : LARGEST_FIRST) {
                String staging = LOAD_SCHEMA + "." + target.table();
                List<List<String>> partitionIndexes = partitionIndexes(c, target.table());
                List<String> tableIndexes = indexDefinitions(c, target.table(), LOAD_SCHEMA);
                long[] clock = new long[3];
                work.add(copiers.submit(() -> {
                    spark.sparkContext().setJobDescription("glimmr export: COPY into " + staging);
                    long started = System.nanoTime();
                    long copied = copy(source(target), db, staging, target.columns());
                    rows.put(target.table(), copied);
                    progress.printf("export: %-32s %,d rows copied in %.1f s%n", staging, copied, (System.nanoTime() - started) / 1e9);
                    progress.flush();
                    clock[0] = System.nanoTime();
                }).thenCompose(v -> workers.runEach(partitionIndexes))
                        .thenCompose(v -> workers.run(tableIndexes))
                        .thenRun(() -> clock[1] = System.nanoTime())
                        .thenCompose(v -> workers.run(List.of("ANALYZE " + staging)))
                        .thenRun(() -> {
                            clock[2] = System.nanoTime();
                            progress.printf("export: %-32s indexed in %.1f s, analysed in %.1f s (%d connections)%n", staging,
                                    (clock[1] - clock[0]) / 1e9, (clock[2] - clock[1]) / 1e9, workers.size());
                            progress.flush();
                        }));
            }
            PgWorkers.join(work);
        }
        return inTargetOrder(rows);
    }

    /**
     * The changed rows of every target into plain tables of curated_load (no indexes: they are read once), two at a time,
     * and each target's rows in scope replaced by them in one transaction on {@code c} as soon as its copy is done: the
     * replacements in PostgreSQL overlap the copies still running in Spark. Readers go on reading the old rows until the
     * commit, after the last copy and the run's record (no lock they hold is asked for: deletes and inserts take row locks
     * only), and see the new ones from then on; the rows of every hospital, state and code outside the scope are not
     * touched. A failed copy or replacement rolls all of it back.
     */
    private Map<String, Long> loadChanges(Connection c, GlimmrDatabase db, String runId, Plan plan) throws SQLException {
        resetLoadSchema(c);
        for (Target target : TARGETS) {
            createLike(c, target.table(), false);
        }
        Map<String, Long> rows = new ConcurrentHashMap<>();
        Map<String, Long> replaced = new ConcurrentHashMap<>();
        // one thread: the transaction's statements go over one connection, one after the other
        ExecutorService replacer = Executors.newSingleThreadExecutor(Parallel.daemons("glimmr-export-replace"));
        List<Future<?>> replacements = java.util.Collections.synchronizedList(new ArrayList<>());
        c.setAutoCommit(false);
        try {
            List<Runnable> copies = new ArrayList<>();
            for (Target target : LARGEST_FIRST) {
                if (empty(plan, target.table())) {
                    rows.put(target.table(), 0L);
                    continue;
                }
                String staging = LOAD_SCHEMA + "." + target.table();
                copies.add(() -> {
                    spark.sparkContext().setJobDescription("glimmr export: COPY changes into " + staging);
                    long started = System.nanoTime();
                    long copied = copy(changes(target, plan), db, staging, target.columns());
                    rows.put(target.table(), copied);
                    progress.printf("export: %-32s %,d rows copied in %.1f s%n", staging, copied, (System.nanoTime() - started) / 1e9);
                    progress.flush();
                    replacements.add(replacer.submit(() -> replaced.put(target.table(), replace(c, target, plan.scope(target.table())))));
                });
            }
            Parallel.runAll(2, "glimmr-export-copy", copies);
            long copiesDone = System.nanoTime();
            for (Future<?> replacement : List.copyOf(replacements)) {
                await(replacement);
            }
            markDone(c, runId, inTargetOrder(rows), plan);
            c.commit();
            progress.printf("export: replaced %s; committed %.1f s after the last copy%n", TARGETS.stream()
                    .filter(t -> replaced.containsKey(t.table()))
                    .map(t -> replaced.get(t.table()) + " rows of curated." + t.table()).collect(Collectors.joining(", ")),
                    (System.nanoTime() - copiesDone) / 1e9);
        } catch (SQLException | RuntimeException e) {
            // the replacements not started are dropped; the one running ends before the rollback (one connection)
            replacer.shutdownNow();
            awaitQuietly(replacer);
            c.rollback();
            throw e;
        } finally {
            replacer.shutdown();
            c.setAutoCommit(true);
        }
        try (Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + LOAD_SCHEMA + " CASCADE");
        }
        return inTargetOrder(rows);
    }

    private static void awaitQuietly(ExecutorService pool) {
        try {
            pool.awaitTermination(10, java.util.concurrent.TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for a replacement; its failure is thrown as it was (a SQLException as one). */
    private static void await(Future<?> replacement) throws SQLException {
        try {
            replacement.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException("replacing rows failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GlimmrException(GlimmrException.ErrorCode.INTERNAL, "export interrupted before its commit", e);
        }
    }

    /**
     * In the open transaction of {@code c}: the rows of {@code curated.<table>} in {@code scope} deleted and the loaded
     * ones inserted. Returns the rows deleted.
     */
    private static long replace(Connection c, Target target, Scope scope) throws SQLException {
        long deleted;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM curated." + target.table() + " WHERE " + scope.predicate())) {
            for (int i = 0; i < scope.arrays().size(); i++) {
                ps.setArray(i + 1, c.createArrayOf("text", scope.arrays().get(i).toArray()));
            }
            deleted = ps.executeUpdate();
        }
        String columns = String.join(", ", target.columns());
        try (Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO curated." + target.table() + " (" + columns + ") SELECT " + columns + " FROM "
                    + LOAD_SCHEMA + "." + target.table());
        }
        return deleted;
    }

    /** The copied rows, by table in the order of {@link #TARGETS}. */
    private static Map<String, Long> inTargetOrder(Map<String, Long> rows) {
        Map<String, Long> ordered = new LinkedHashMap<>();
        for (Target target : TARGETS) {
            ordered.put(target.table(), requireNonNull(rows.get(target.table()), target.table() + " was not copied"));
        }
        return ordered;
    }

    /**
     * Threads that run the full load's Spark COPY jobs, two at a time, each then followed by its table's index builds: a
     * small table's job (mostly the driver's planning and scheduling) overlaps a large one's, and Spark runs them on the
     * same cores. Daemons, so that a killed export does not wait for them.
     */
    private static final class Copiers implements AutoCloseable {
        private final ExecutorService pool = Executors.newFixedThreadPool(2, Parallel.daemons("glimmr-export-copy"));

        CompletableFuture<Void> submit(Runnable copy) {
            return CompletableFuture.runAsync(copy, pool);
        }

        @Override
        public void close() {
            pool.shutdown();
        }
    }

    /** True when the plan changes nothing in {@code table} (an empty list of hospitals, say). */
    private static boolean empty(Plan plan, String table) {
        return plan.scope(table).arrays().stream().allMatch(Collection::isEmpty) && !plan.scope(table).arrays().isEmpty();
    }

    private static void resetLoadSchema(Connection c) throws SQLException {
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + LOAD_SCHEMA + " CASCADE");
            st.execute("CREATE SCHEMA " + LOAD_SCHEMA);
        }
    }

    /**
     * Staging tables are filled, indexed and analysed by the export itself: autovacuum, which would analyse or vacuum
     * them the moment the copy ends, would only compete with it for the cores and for the tables' locks (an index build
     * waits for an autovacuum's lock until the autovacuum gives way). {@link #swap} turns it back on.
     */
    private static final String NO_AUTOVACUUM = "WITH (autovacuum_enabled = false)";

    /**
     * {@code curated_load.<table>} with the columns of {@code curated.<table>}; with {@code partitioned}, partitioned
     * as it is (same key, same partitions), so that a swap puts a table of the same shape in its place.
     */
    private static void createLike(Connection c, String table, boolean partitioned) throws SQLException {
        String partitionKey = null;
        List<String[]> partitions = new ArrayList<>();
        if (partitioned) {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_get_partkeydef(('curated.' || ?)::regclass)")) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    partitionKey = rs.getString(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT child.relname, pg_get_expr(child.relpartbound, child.oid) FROM pg_inherits i
                    JOIN pg_class child ON child.oid = i.inhrelid
                    WHERE i.inhparent = ('curated.' || ?)::regclass ORDER BY child.relname""")) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        partitions.add(new String[] {rs.getString(1), rs.getString(2)});
                    }
                }
            }
        }
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE " + LOAD_SCHEMA + "." + table + " (LIKE curated." + table
                    + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED)"
                    + (partitionKey == null ? " " + NO_AUTOVACUUM : " PARTITION BY " + partitionKey));
            for (String[] p : partitions) {
                st.execute("CREATE TABLE " + LOAD_SCHEMA + "." + p[0] + " PARTITION OF " + LOAD_SCHEMA + "." + table + " " + p[1]
                        + " " + NO_AUTOVACUUM);
            }
        }
    }

    /**
     * COPY from Spark's internal rows, one connection and one COPY stream per core (Spark's default parallelism): a
     * Delta table is read as a partition per file, often hundreds of small ones, and a COPY per file would open as many
     * connections and pay Spark's cost per task as often. Returns the rows copied.
     */
    public static long copy(Dataset<Row> data, GlimmrDatabase db, String table, List<String> columns) {
        PgCopyWriter writer = new PgCopyWriter(db.jdbcUrl(), db.user(), db.password().orElse(null), table, columns, data.schema());
        var rows = data.queryExecution().toRdd().toJavaRDD();
        int streams = data.sparkSession().sparkContext().defaultParallelism();
        if (rows.getNumPartitions() > streams) {
            rows = rows.coalesce(streams); // no shuffle: each task reads several of the source's partitions in turn
        }
        return rows.mapPartitions(writer).collect().stream().mapToLong(Long::longValue).sum();
    }

    /** A primary key, unique or exclusion constraint, or another index, of a curated table. */
    private record IndexDef(String name, boolean constraint, String definition) {
        private static final Pattern INDEX = Pattern.compile("CREATE (UNIQUE )?INDEX \\S+ ON (ONLY )?curated\\.\\S+ (USING .*)",
                Pattern.DOTALL);

        /** The statement that gives {@code schema.table} this constraint or index, under the same name. */
        String on(String schema, String table) {
            return on(schema, table, name);
        }

        /** The statement that gives {@code schema.table} this constraint or index under {@code as}. */
        String on(String schema, String table, String as) {
            if (constraint) {
                return "ALTER TABLE " + schema + "." + table + " ADD CONSTRAINT " + as + " " + definition;
            }
            Matcher m = INDEX.matcher(definition);
            if (!m.matches()) {
                throw new IllegalStateException("unexpected index definition: " + definition);
            }
            return "CREATE " + (m.group(1) == null ? "" : m.group(1)) + "INDEX " + as + " ON " + schema + "." + table + " " + m.group(3);
        }
    }

    private static List<IndexDef> indexes(Connection c, String table) throws SQLException {
        List<IndexDef> all = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
                WHERE conrelid = ('curated.' || ?)::regclass AND contype IN ('p', 'u', 'x') ORDER BY conname""")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    all.add(new IndexDef(rs.getString(1), true, rs.getString(2)));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT ic.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
                WHERE i.indrelid = ('curated.' || ?)::regclass
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) ORDER BY ic.relname""")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    all.add(new IndexDef(rs.getString(1), false, rs.getString(2)));
                }
            }
        }
        return all;
    }

    /**
     * The statements that give {@code schema.table} the primary key, unique and exclusion constraints and the other
     * indexes of {@code curated.table}, under the same names. On a partitioned table each is made for every partition
     * that does not have it yet, and attaches the ones it has (see {@link #partitionIndexes}).
     */
    public static List<String> indexDefinitions(Connection c, String table, String schema) throws SQLException {
        List<String> ddl = new ArrayList<>();
        for (IndexDef index : indexes(c, table)) {
            ddl.add(index.on(schema, table));
        }
        return ddl;
    }

    /**
     * For each partition of {@code curated_load.table}, the statements that build its own copy of each of curated.table's
     * constraints and indexes (named after the partition: {@code negotiated_rates_p03_pkey}); the same statements on
     * the partitioned table then find and attach them instead of building them again, so the partitions can be indexed
     * on several connections at once. Empty for a table without partitions.
     */
    private static List<List<String>> partitionIndexes(Connection c, String table) throws SQLException {
        List<IndexDef> indexes = indexes(c, table);
        List<List<String>> all = new ArrayList<>();
        for (String partition : partitions(c, LOAD_SCHEMA + "." + table)) {
            List<String> ddl = new ArrayList<>();
            for (IndexDef index : indexes) {
                ddl.add(index.on(LOAD_SCHEMA, partition, partitionIndexName(table, partition, index.name())));
            }
            all.add(ddl);
        }
        return all;
    }

    /** {@code negotiated_rates_pkey} on partition {@code negotiated_rates_p03}: {@code negotiated_rates_p03_pkey}. */
    static String partitionIndexName(String table, String partition, String name) {
        String suffix = name.startsWith(table + "_") ? name.substring(table.length() + 1) : name;
        String full = partition + "_" + suffix;
        // PostgreSQL cuts names at 63 bytes; a cut one could equal another's, a hash of the whole one cannot
        return full.length() <= 63 ? full : partition + "_" + Integer.toHexString(name.hashCode()) + "_idx";
    }

    /**
     * Every curated table replaced by its loaded copy, and the run marked done, in one transaction. The transaction
     * first takes all the tables' locks with a lock timeout shorter than PostgreSQL's deadlock timeout: when a reader
     * holds one of them (say a query joining two tables), the swap steps back and tries again, so it never waits while
     * holding a lock a reader needs, and readers never see a deadlock error. An autovacuum of the old tables (after
     * incremental exports changed them) is another matter: PostgreSQL cancels an autovacuum that blocks a lock request
     * only once the request has waited its deadlock timeout, and a swap that always gave up first would wait for the
     * whole vacuum, minutes on a large table. So while an autovacuum worker holds a lock on a curated table, the swap
     * waits a second longer than the deadlock timeout: the vacuum is cancelled, and the swap goes through.
     */
    private void swap(Connection c, String runId, Map<String, Long> rows, Plan plan) throws SQLException {
        String all = TARGETS.stream().map(t -> "curated." + t.table()).collect(Collectors.joining(", "));
        try (Statement st = c.createStatement()) {
            for (Target target : TARGETS) {
                List<String> leaves = partitions(c, LOAD_SCHEMA + "." + target.table());
                for (String leaf : leaves.isEmpty() ? List.of(target.table()) : leaves) {
                    st.execute("ALTER TABLE " + LOAD_SCHEMA + "." + leaf + " RESET (autovacuum_enabled)");
                }
            }
        }
        long deadline = System.nanoTime() + SWAP_PATIENCE_NANOS;
        for (int attempt = 1; ; attempt++) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET LOCAL lock_timeout = '300ms'");
                if (autovacuumHolds(c)) {
                    st.execute("SELECT set_config('lock_timeout', (extract(epoch FROM current_setting('deadlock_timeout')::interval)"
                            + " * 1000 + 1000)::bigint::text, true)");
                }
                st.execute("LOCK TABLE " + all + " IN ACCESS EXCLUSIVE MODE");
                for (Target target : TARGETS) {
                    List<String> partitions = partitions(c, LOAD_SCHEMA + "." + target.table());
                    st.execute("DROP TABLE curated." + target.table());
                    st.execute("ALTER TABLE " + LOAD_SCHEMA + "." + target.table() + " SET SCHEMA curated");
                    for (String partition : partitions) {
                        st.execute("ALTER TABLE " + LOAD_SCHEMA + "." + partition + " SET SCHEMA curated");
                    }
                }
                markDone(c, runId, rows, plan);
                c.commit();
                break;
            } catch (SQLException e) {
                c.rollback();
                boolean busy = "55P03".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
                if (!busy || System.nanoTime() > deadline) {
                    throw e;
                }
                if (attempt % 20 == 0) {
                    progress.printf("export: readers%s hold the curated tables, swap attempt %d%n",
                            autovacuumHolds(c) ? " or an autovacuum" : "", attempt);
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

    /** True when an autovacuum worker holds a lock on a table (or partition) of the curated schema. */
    private static boolean autovacuumHolds(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
                SELECT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                               JOIN pg_class r ON r.oid = l.relation JOIN pg_namespace n ON n.oid = r.relnamespace
                               WHERE a.backend_type = 'autovacuum worker' AND n.nspname = 'curated')""")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static void markDone(Connection c, String runId, Map<String, Long> rows, Plan plan) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE glimmr.export_runs SET status = 'done', finished_at = now(),"
                + " row_counts = ?::jsonb, covered = ?::jsonb WHERE run_id = ?")) {
            ps.setString(1, json(rows));
            ps.setString(2, plan.full() ? "{}" : plan.covered());
            ps.setString(3, runId);
            ps.executeUpdate();
        }
    }

    private static List<String> partitions(Connection c, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT child.relname FROM pg_inherits i JOIN pg_class child"
                + " ON child.oid = i.inhrelid WHERE i.inhparent = ?::regclass")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    private Dataset<Row> read(TableDefinition table, Long version) {
        var reader = spark.read().format("delta");
        if (version != null) {
            reader = reader.option("versionAsOf", version);
        }
        return reader.load(table.location(config.lakehouseRoot()));
    }

    private static <T> List<T> concat(List<T> a, Collection<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static List<String> strings(Row row, String column) {
        scala.collection.Seq<String> seq = row.getAs(column);
        return seq == null ? List.of() : CollectionConverters.asJava(seq);
    }

    private static String quoted(Collection<String> values) {
        return values.isEmpty() ? "NULL" : values.stream().map(v -> "'" + v.replace("'", "''") + "'").collect(Collectors.joining(","));
    }

    private static String jsonArray(Collection<String> values) {
        return values.stream().map(v -> "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(", ", "[", "]"));
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
