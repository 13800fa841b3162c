package org.glimmr.jobs.aggregate;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;

import io.delta.tables.DeltaTable;
import java.io.PrintStream;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.jobs.Parallel;
import org.glimmr.jobs.aggregate.AggregateSteps.Reach;
import org.glimmr.lakehouse.LakehouseCatalog;
import org.glimmr.lakehouse.LakehouseTables;
import org.glimmr.lakehouse.TableDefinition;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Silver to gold: canonical payers for every published payer name, every payer-specific rate, per-hospital prices
 * of each comparable group (code, setting, billing class, modifiers), price statistics across hospitals, and a
 * summary with a data-quality score per hospital.
 *
 * <p>A run is <b>incremental</b> when it can be: it recomputes the rates and prices of the hospitals whose current
 * file changed since the last run (silver.hospitals against gold.hospital_summary), and the finest statistics values
 * and the statistics of the codes they had or have, in their states and in the nation. It is
 * <b>full</b> (every table rebuilt) when asked, on the first run, when the payer registry changed, when a gold table has
 * the layout of an older Glimmr, or when more than half of the hospitals changed. Both give the same rows: each
 * statistics row is a function of the values it merges, and a rate's id of its hospital's rows only.
 *
 * <p>Every run is a row of {@code gold.aggregate_runs}, written as {@code running} before any table and marked
 * {@code done} after the last: a run that did not finish is resumed by the next one, which reads what the killed run
 * changed from the table versions that run recorded.
 *
 * <p>Published dollars and dollars derived from a percentage ({@code percentage / 100 x gross charge}) are kept in
 * separate columns and separate statistics ({@code measure = derived_dollar}); they are never mixed. Percentiles are
 * exact, computed in double precision and rounded to six decimals.
 *
 * <p>The job reads its inputs, runs the {@link AggregateSteps} in order and writes each step's result; the steps
 * themselves read and write no table.
 */
public final class AggregateJob {
    /** Everything aggregate writes. */
    static final List<TableDefinition> GOLD = List.of(LakehouseTables.PAYER_NAME_COUNTS, LakehouseTables.PAYER_NAMES,
            LakehouseTables.NEGOTIATED_RATES, LakehouseTables.HOSPITAL_CODE_PRICES, LakehouseTables.CODE_PRICE_VALUES,
            LakehouseTables.CODE_PRICE_STATS, LakehouseTables.HOSPITAL_SUMMARY);
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("'aggregate-'yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final List<String> COUNTS = List.of("hospital_id", "rows", "codes", "payers", "payer_rates", "dollar_share");

    private final SparkSession spark;
    private final GlimmrConfig config;
    private final PayerMatcher payers;
    private final PrintStream progress;
    private final Clock clock;

    /** What a run did: its mode, why, and the rows it wrote per table. */
    public record Result(String runId, String mode, String reason, int hospitals, int states, int codes,
            Map<String, Long> rows) {
        public Result {
            rows = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rows)); // in the order written
        }
    }

    public AggregateJob(SparkSession spark, GlimmrConfig config, PayerMatcher payers, PrintStream progress, Clock clock) {
        this.spark = requireNonNull(spark, "spark is null");
        this.config = requireNonNull(config, "config is null");
        this.payers = requireNonNull(payers, "payers is null");
        this.progress = requireNonNull(progress, "progress is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Brings gold up to silver, incrementally when it can; returns the rows written per table. */
    public Map<String, Long> run(LocalDate asOf) {
        return run(asOf, false).rows();
    }

    /**
     * Brings gold up to silver; {@code asOf} is the date freshness is judged against. {@code full} rebuilds every
     * table even where an incremental run would do.
     */
    public Result run(LocalDate asOf, boolean full) {
        requireNonNull(asOf, "asOf is null");
        LakehouseCatalog.ensure(spark, config, LakehouseTables.ALL);
        // gold made by an older Glimmr gets today's table properties (the statistics columns) for what this run writes;
        // a table of an older layout gets them when a full run replaces it
        LakehouseCatalog.alignProperties(spark, config, GOLD.stream()
                .filter(t -> LakehouseCatalog.matchesDefinition(spark, config, t)).toList())
                .forEach(p -> say("aggregate: set %s", p));
        Optional<Row> last = lastRun();
        Optional<String> fullBecause = fullBecause(full, last);
        Instant startedAt = clock.instant();
        String runId = RUN_ID.format(startedAt);
        Map<String, Long> silver = versions(List.of(LakehouseTables.STANDARD_CHARGES, LakehouseTables.HOSPITALS,
                LakehouseTables.MRF_FILES, LakehouseTables.FILE_FINDINGS));
        if (fullBecause.isPresent()) {
            say("aggregate: full rebuild (%s)", fullBecause.get());
            begin(runId, "full", fullBecause.get(), asOf, startedAt, silver, versions(GOLD), null, null);
            Map<String, Long> rows = full(asOf);
            finish(runId, null, rows);
            return new Result(runId, "full", fullBecause.get(), -1, -1, -1, rows);
        }
        // what changed since the last run; a run that did not finish is resumed from the versions it started on
        boolean resume = last.isPresent() && "running".equals(last.get().getAs("status"));
        Map<String, Long> base = resume ? CollectionConverters.asJava(last.get().<scala.collection.Map<String, Long>>getAs("gold_versions"))
                : versions(GOLD);
        TreeSet<String> changed = changedHospitals();
        if (resume) {
            changed.addAll(strings(last.get(), "hospitals"));
        }
        long hospitals = read(LakehouseTables.HOSPITALS).count();
        if (changed.size() > Math.max(1, hospitals / 2)) {
            String reason = changed.size() + " of " + hospitals + " hospitals changed";
            say("aggregate: full rebuild (%s)", reason);
            begin(runId, "full", reason, asOf, startedAt, silver, versions(GOLD), null, null);
            Map<String, Long> rows = full(asOf);
            finish(runId, null, rows);
            return new Result(runId, "full", reason, -1, -1, -1, rows);
        }
        TreeSet<String> states = states(changed, base);
        String reason = (resume ? "resuming " + last.get().getAs("run_id") + "; " : "") + changed.size()
                + " hospitals changed";
        say("aggregate: incremental (%s: %s)", reason, changed.size() > 10 ? changed.size() + " hospitals" : changed);
        begin(runId, "incremental", reason, asOf, startedAt, silver, base, changed, states);
        Incremental done = incremental(asOf, changed, states, base);
        finish(runId, done.codes(), done.rows());
        return new Result(runId, "incremental", reason, changed.size(), states.size(), done.codes().size(), done.rows());
    }

    /** Why this run must rebuild everything, if it must. */
    private Optional<String> fullBecause(boolean asked, Optional<Row> last) {
        if (asked) {
            return Optional.of("--full");
        }
        if (last.isEmpty()) {
            return Optional.of("no earlier run");
        }
        if ("running".equals(last.get().getAs("status")) && "full".equals(last.get().getAs("mode"))) {
            return Optional.of("resuming the full run " + last.get().getAs("run_id") + ", which did not finish");
        }
        if (!payers.fingerprint().equals(last.get().getAs("registry"))) {
            return Optional.of("the payer registry changed");
        }
        for (TableDefinition table : GOLD) {
            if (!LakehouseCatalog.matchesDefinition(spark, config, table)) {
                return Optional.of(table.qualifiedName() + " has the layout of an older Glimmr");
            }
        }
        return Optional.empty();
    }

    /** Every gold table from all of silver. */
    private Map<String, Long> full(LocalDate asOf) {
        for (TableDefinition table : GOLD) {
            if (!LakehouseCatalog.matchesDefinition(spark, config, table)) {
                say("aggregate: %s has the layout of an older Glimmr; it takes today's", table.qualifiedName());
                LakehouseCatalog.replace(spark, config, table);
            }
        }
        Dataset<Row> charges = read(LakehouseTables.STANDARD_CHARGES);
        Dataset<Row> hospitals = read(LakehouseTables.HOSPITALS);
        Map<String, Long> written = new ConcurrentHashMap<>();
        write(LakehouseTables.PAYER_NAME_COUNTS, AggregateSteps.payerNameCounts(charges), null, written);
        write(LakehouseTables.PAYER_NAMES, AggregateSteps.payerNames(read(LakehouseTables.PAYER_NAME_COUNTS), payers), null,
                written);
        // the later steps read names and prices as written: each computed once, and used as stored
        Dataset<Row> rows = AggregateSteps.chargesWithPayers(charges, hospitals, read(LakehouseTables.PAYER_NAMES));
        Dataset<Row> rates = AggregateSteps.negotiatedRates(rows);
        Dataset<Row> prices = AggregateSteps.hospitalCodePrices(rows);
        together(() -> write(LakehouseTables.NEGOTIATED_RATES, rates, null, written),
                () -> write(LakehouseTables.HOSPITAL_CODE_PRICES, prices, null, written));
        write(LakehouseTables.CODE_PRICE_VALUES, AggregateSteps.codePriceValues(read(LakehouseTables.NEGOTIATED_RATES),
                read(LakehouseTables.HOSPITAL_CODE_PRICES)), null, written);
        Dataset<Row> values = read(LakehouseTables.CODE_PRICE_VALUES);
        Dataset<Row> stats = AggregateSteps.codePriceStats(values, Reach.STATES)
                .unionByName(AggregateSteps.codePriceStats(values, Reach.NATIONAL));
        Dataset<Row> summary = AggregateSteps.hospitalSummary(hospitals, AggregateSteps.hospitalCounts(rows),
                read(LakehouseTables.MRF_FILES), read(LakehouseTables.FILE_FINDINGS), asOf);
        together(() -> write(LakehouseTables.CODE_PRICE_STATS, stats, null, written),
                () -> write(LakehouseTables.HOSPITAL_SUMMARY, summary, null, written));
        return inWriteOrder(written);
    }

    private record Incremental(Collection<String> codes, Map<String, Long> rows) {}

    /**
     * The changed hospitals' rates and prices, their states' values and statistics, the national statistics of every
     * code they had (at the {@code base} versions) or have, payer names and the summary.
     */
    private Incremental incremental(LocalDate asOf, Collection<String> changed, Collection<String> states,
            Map<String, Long> base) {
        Map<String, Long> written = new ConcurrentHashMap<>();
        Dataset<Row> hospitals = read(LakehouseTables.HOSPITALS);
        if (changed.isEmpty()) {
            // no hospital's current rows changed: only the summary moves (as-of date, files seen)
            write(LakehouseTables.HOSPITAL_SUMMARY, AggregateSteps.hospitalSummary(hospitals, counts(read(LakehouseTables.HOSPITAL_SUMMARY)),
                    read(LakehouseTables.MRF_FILES), read(LakehouseTables.FILE_FINDINGS), asOf), null, written);
            return new Incremental(List.of(), written);
        }
        String inChanged = "hospital_id IN (" + quoted(changed) + ")";
        Dataset<Row> charges = read(LakehouseTables.STANDARD_CHARGES).where(inChanged);
        // codes the changed hospitals had, before this run (or the run it resumes) replaced their rows
        TreeSet<String> codes = codes(readAt(LakehouseTables.NEGOTIATED_RATES, base).where(inChanged).select("code")
                .union(readAt(LakehouseTables.HOSPITAL_CODE_PRICES, base).where(inChanged).select("code")));

        write(LakehouseTables.PAYER_NAME_COUNTS, AggregateSteps.payerNameCounts(charges), inChanged, written);
        write(LakehouseTables.PAYER_NAMES, AggregateSteps.payerNames(read(LakehouseTables.PAYER_NAME_COUNTS), payers), null,
                written);
        Dataset<Row> rows = AggregateSteps.chargesWithPayers(charges, hospitals, read(LakehouseTables.PAYER_NAMES));
        Dataset<Row> rates = AggregateSteps.negotiatedRates(rows);
        Dataset<Row> prices = AggregateSteps.hospitalCodePrices(rows);
        together(() -> write(LakehouseTables.NEGOTIATED_RATES, rates, inChanged, written),
                () -> write(LakehouseTables.HOSPITAL_CODE_PRICES, prices, inChanged, written));
        codes.addAll(codes(read(LakehouseTables.HOSPITAL_CODE_PRICES).where(inChanged)));

        // the finest values of the codes the changed hospitals had or have in their states, from every hospital of those
        // states: no other value row merges a row of theirs (a value row is of one code and one state)
        Column inCodes = col("code").isin(codes.toArray());
        String inCodesPredicate = "code IN (" + quoted(codes) + ")";
        if (!codes.isEmpty()) {
            // read from the folders of those states' hospitals only (rates and prices are partitioned by hospital)
            Column inScope = col("hospital_id").isin(hospitalsIn(states).toArray())
                    .and(coalesce(col("state"), lit("")).isin(states.toArray())).and(inCodes);
            write(LakehouseTables.CODE_PRICE_VALUES, AggregateSteps.codePriceValues(read(LakehouseTables.NEGOTIATED_RATES).where(inScope),
                    read(LakehouseTables.HOSPITAL_CODE_PRICES).where(inScope)), "state IN (" + quoted(states) + ") AND " + inCodesPredicate,
                    written);
        }
        Dataset<Row> values = read(LakehouseTables.CODE_PRICE_VALUES);
        // no code: no statistics row changed
        List<String> named = codes.isEmpty() ? List.of() : states.stream().filter(s -> !s.isEmpty()).toList();
        // the statistics of those states and of the nation, in one commit, beside the summary of every hospital: the
        // changed ones recounted, the others' counts kept
        // (the steps' plans are made here, in turn: a step's SQL names temporary views of the session)
        Dataset<Row> stats = changedStats(values, codes, named, inCodes);
        List<String> geographies = new ArrayList<>(named);
        geographies.add("US");
        Dataset<Row> kept = counts(read(LakehouseTables.HOSPITAL_SUMMARY).where("NOT " + inChanged));
        Dataset<Row> summary = AggregateSteps.hospitalSummary(hospitals, kept.unionByName(AggregateSteps.hospitalCounts(rows)),
                read(LakehouseTables.MRF_FILES), read(LakehouseTables.FILE_FINDINGS), asOf);
        together(() -> {
            if (stats != null) {
                write(LakehouseTables.CODE_PRICE_STATS, stats, "geography IN (" + quoted(geographies) + ") AND "
                        + inCodesPredicate, written);
            }
        }, () -> write(LakehouseTables.HOSPITAL_SUMMARY, summary, null, written));
        return new Incremental(codes, inWriteOrder(written));
    }

    /**
     * The statistics rows of {@code codes}: the nation's and those of the {@code named} states, from their value rows;
     * null without a code.
     */
    private Dataset<Row> changedStats(Dataset<Row> values, Collection<String> codes, List<String> named, Column inCodes) {
        if (codes.isEmpty()) {
            return null;
        }
        Dataset<Row> national = AggregateSteps.codePriceStats(values.join(
                broadcast(spark.createDataset(new ArrayList<>(codes), Encoders.STRING()).toDF("code")), "code"), Reach.NATIONAL);
        return named.isEmpty() ? national
                : AggregateSteps.codePriceStats(values.where(col("state").isin(named.toArray()).and(inCodes)), Reach.STATES)
                        .unionByName(national);
    }

    /**
     * The hospitals whose rates and prices are of one of {@code states} ({@code ''} for none): those the summary puts
     * there (the state their rows were built with) and those silver.hospitals puts there (a changed hospital's rows are
     * rebuilt with it).
     */
    private TreeSet<String> hospitalsIn(Collection<String> states) {
        Dataset<Row> built = read(LakehouseTables.HOSPITAL_SUMMARY).where(coalesce(col("state"), lit("")).isin(states.toArray()))
                .select("hospital_id");
        Dataset<Row> now = read(LakehouseTables.HOSPITALS).where(coalesce(col("license_state"), lit("")).isin(states.toArray()))
                .select("hospital_id");
        return strings(built.union(now));
    }

    /** The {@link AggregateSteps#hospitalCounts} columns of summary rows: what a hospital's unchanged rows hold. */
    private static Dataset<Row> counts(Dataset<Row> summary) {
        return summary.select(COUNTS.stream().map(Column::new).toArray(Column[]::new));
    }

    /**
     * Hospitals whose current rows differ from what gold was built from: a new or another current file, another
     * state, new to silver or gone from it (silver.hospitals against gold.hospital_summary, which a run writes in its
     * last step; a run killed before its end is resumed from its record).
     */
    private TreeSet<String> changedHospitals() {
        Dataset<Row> now = read(LakehouseTables.HOSPITALS).select("hospital_id", "current_file_sha256", "license_state");
        Dataset<Row> built = read(LakehouseTables.HOSPITAL_SUMMARY).select("hospital_id", "current_file_sha256", "state");
        return strings(now.as("n").join(built.as("b"), col("n.hospital_id").equalTo(col("b.hospital_id")), "full_outer")
                .where("n.hospital_id IS NULL OR b.hospital_id IS NULL"
                        + " OR NOT (n.current_file_sha256 <=> b.current_file_sha256) OR NOT (n.license_state <=> b.state)")
                .select(coalesce(col("n.hospital_id"), col("b.hospital_id"))));
    }

    /** The states ({@code ''} for none) the changed hospitals were in before and are in now. */
    private TreeSet<String> states(Collection<String> changed, Map<String, Long> base) {
        if (changed.isEmpty()) {
            return new TreeSet<>();
        }
        String inChanged = "hospital_id IN (" + quoted(changed) + ")";
        Dataset<Row> before = readAt(LakehouseTables.HOSPITAL_SUMMARY, base).where(inChanged).select(col("state"));
        Dataset<Row> now = read(LakehouseTables.HOSPITALS).where(inChanged).select(col("license_state").as("state"));
        return strings(before.union(now).select(coalesce(col("state"), lit(""))));
    }

    private static TreeSet<String> codes(Dataset<Row> rows) {
        return strings(rows.where(col("code").isNotNull()).select("code"));
    }

    /** The distinct values of the rows' first column, sorted. */
    private static TreeSet<String> strings(Dataset<Row> rows) {
        return rows.distinct().collectAsList().stream().map(r -> r.getString(0)).collect(Collectors.toCollection(TreeSet::new));
    }

    // ------------------------------------------------------------------------------------------------ the run log

    private Optional<Row> lastRun() {
        List<Row> rows = read(LakehouseTables.AGGREGATE_RUNS).orderBy(col("started_at").desc()).limit(1).collectAsList();
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private void begin(String runId, String mode, String reason, LocalDate asOf, Instant startedAt, Map<String, Long> silver,
            Map<String, Long> gold, Collection<String> hospitals, Collection<String> states) {
        Row row = RowFactory.create(runId, mode, "running", reason, java.sql.Date.valueOf(asOf), Timestamp.from(startedAt),
                null, silver, gold, null, hospitals == null ? null : hospitals.toArray(String[]::new),
                states == null ? null : states.toArray(String[]::new), null, payers.fingerprint(), null);
        spark.createDataFrame(List.of(row), LakehouseTables.AGGREGATE_RUNS.schema()).write().format("delta").mode("append")
                .save(LakehouseTables.AGGREGATE_RUNS.location(config.lakehouseRoot()));
    }

    /** Marks the run done, with the codes whose national statistics it recomputed (null: all) and its rows. */
    private void finish(String runId, Collection<String> codes, Map<String, Long> rows) {
        Map<String, Column> set = new LinkedHashMap<>();
        set.put("status", lit("done"));
        set.put("finished_at", lit(Timestamp.from(clock.instant())));
        if (codes != null) {
            set.put("codes", codes.isEmpty() ? array().cast("array<string>")
                    : array(codes.stream().map(c -> lit(c)).toArray(Column[]::new)));
        }
        List<Column> entries = new ArrayList<>();
        rows.forEach((table, n) -> {
            entries.add(lit(table));
            entries.add(lit(n));
        });
        set.put("rows", map(entries.toArray(Column[]::new)));
        List<Column> versions = new ArrayList<>();
        versions(GOLD).forEach((table, v) -> {
            versions.add(lit(table));
            versions.add(lit(v));
        });
        set.put("written_versions", map(versions.toArray(Column[]::new)));
        DeltaTable.forPath(spark, LakehouseTables.AGGREGATE_RUNS.location(config.lakehouseRoot()))
                .update(col("run_id").equalTo(runId), set);
    }

    private static List<String> strings(Row row, String column) {
        scala.collection.Seq<String> seq = row.getAs(column);
        return seq == null ? List.of() : CollectionConverters.asJava(seq);
    }

    // ------------------------------------------------------------------------------------------------ reading, writing

    private Map<String, Long> versions(List<TableDefinition> tables) {
        Map<String, Long> versions = new LinkedHashMap<>();
        for (TableDefinition t : tables) {
            versions.put(t.qualifiedName(), LakehouseCatalog.version(spark, t.location(config.lakehouseRoot())));
        }
        return versions;
    }

    private Dataset<Row> read(TableDefinition table) {
        return spark.read().format("delta").load(table.location(config.lakehouseRoot()));
    }

    private Dataset<Row> readAt(TableDefinition table, Map<String, Long> versions) {
        return spark.read().format("delta").option("versionAsOf", versions.get(table.qualifiedName()))
                .load(table.location(config.lakehouseRoot()));
    }

    /** A step's rows as its table stores them: the definition's columns in order, cast to its types, comments kept. */
    static Dataset<Row> asDefined(TableDefinition table, Dataset<Row> data) {
        Column[] columns = new Column[table.schema().fields().length];
        for (int i = 0; i < columns.length; i++) {
            StructField f = table.schema().fields()[i];
            columns[i] = col(f.name()).cast(f.dataType()).as(f.name(), f.metadata());
        }
        return data.select(columns);
    }

    /**
     * Writes a step's rows in one Delta commit, cast to the table's definition: the whole table, or with
     * {@code replaceWhere} the rows the predicate names. A partitioned table is written a partition per task, so a
     * partition's rows land in few files. Adds the rows written to {@code written}.
     */
    private void write(TableDefinition table, Dataset<Row> data, String replaceWhere, Map<String, Long> written) {
        long start = System.nanoTime();
        spark.sparkContext().setJobDescription("glimmr aggregate: " + table.qualifiedName());
        String location = table.location(config.lakehouseRoot());
        Dataset<Row> rows = asDefined(table, data);
        if (!table.partitionBy().isEmpty()) {
            rows = rows.repartition(table.partitionBy().stream().map(Column::new).toArray(Column[]::new));
        }
        var writer = rows.write().format("delta").mode("overwrite");
        if (!table.partitionBy().isEmpty()) {
            writer = writer.partitionBy(table.partitionBy().toArray(String[]::new));
        }
        if (replaceWhere != null) {
            writer = writer.option("replaceWhere", replaceWhere);
        }
        writer.save(location);
        // the commit's own metrics say how many rows it wrote: no second scan of the table
        Row commit = DeltaTable.forPath(spark, location).history(1).first();
        long n = Long.parseLong(commit.<scala.collection.Map<String, String>>getAs("operationMetrics").apply("numOutputRows"));
        progress.printf("aggregate: %-28s %,d rows%s in %.1f s%n", table.qualifiedName(), n,
                replaceWhere == null ? "" : " (replaced)", (System.nanoTime() - start) / 1e9);
        progress.flush();
        written.merge(table.qualifiedName(), n, Long::sum);
    }

    /**
     * Runs independent writes at once and waits for all of them. A step on a small lakehouse is mostly the driver
     * planning, listing files and committing, which overlaps well; on a large one the steps' tasks share the executors.
     * The steps' datasets must be made before: {@link AggregateSteps} name temporary views of the session.
     */
    private static void together(Runnable... steps) {
        Parallel.runAll(steps.length, "glimmr-aggregate-step", List.of(steps));
    }

    /** The rows written per table, in the order of {@link #GOLD}, whatever order steps run in together ended in. */
    private static Map<String, Long> inWriteOrder(Map<String, Long> written) {
        Map<String, Long> ordered = new LinkedHashMap<>();
        GOLD.stream().map(TableDefinition::qualifiedName).filter(written::containsKey)
                .forEach(name -> ordered.put(name, written.get(name)));
        return ordered;
    }

    private static String quoted(Collection<String> values) {
        return values.stream().map(v -> "'" + v.replace("'", "''") + "'").collect(Collectors.joining(","));
    }

    private void say(String format, Object... args) {
        progress.println(String.format(format, args));
        progress.flush();
    }
}
