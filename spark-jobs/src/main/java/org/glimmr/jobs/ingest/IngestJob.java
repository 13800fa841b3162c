package org.glimmr.jobs.ingest;

import static java.util.Objects.requireNonNull;

import io.delta.tables.DeltaTable;
import java.io.PrintStream;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.jobs.Parallel;
import org.glimmr.lakehouse.LakehouseCatalog;
import org.glimmr.lakehouse.LakehouseTables;
import org.glimmr.lakehouse.TableDefinition;
import org.glimmr.mrf.CodeFix;
import org.glimmr.mrf.Finding;
import org.glimmr.mrf.RejectedRow;
import org.glimmr.mrf.Severity;
import org.glimmr.mrf.Split;
import org.glimmr.mrf.SplitStats;

/**
 * Ingest: raw MRFs ⇒ {@code bronze.mrf_files}, {@code silver.standard_charges}, {@code silver.rejected_rows},
 * {@code silver.file_findings}, {@code silver.hospitals}.
 *
 * <ol>
 *   <li>Plan (one task per file): content hash, layout and version from content, header, file findings, splits.
 *   <li>Skip files whose hash is already in {@code bronze.mrf_files}: the same bytes twice change nothing.
 *   <li>Per hospital, the newest file (by {@code last_updated_on}) becomes current, unless the lakehouse already
 *       holds a newer one.
 *   <li>Parse (one task per split) straight into one Delta write that replaces the current rows of every hospital
 *       of the batch ({@code replaceWhere}: one transaction; old rows stay reachable by time travel and the
 *       change data feed).
 *   <li>Rejections and findings replace those of the batch's files and hospitals are merged, the three commits at
 *       once; the file registry is merged last, so a killed run leaves nothing that a rerun would duplicate.
 * </ol>
 */
public final class IngestJob {
    private static final List<TableDefinition> WRITES = List.of(LakehouseTables.MRF_FILES, LakehouseTables.STANDARD_CHARGES,
            LakehouseTables.REJECTED_ROWS, LakehouseTables.FILE_FINDINGS, LakehouseTables.HOSPITALS);

    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("'ingest-'yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final SparkSession spark;
    private final GlimmrConfig config;
    private final PrintStream progress;
    private final Clock clock;

    /** {@code progress} may be null (no progress lines); {@code clock} gives the run's time, once per run. */
    public IngestJob(SparkSession spark, GlimmrConfig config, PrintStream progress, Clock clock) {
        this.spark = requireNonNull(spark, "spark is null");
        this.config = requireNonNull(config, "config is null");
        this.progress = progress;
        this.clock = requireNonNull(clock, "clock is null");
    }

    public IngestSummary run(String input) {
        long started = System.nanoTime();
        // one time for the whole run: its id, when its files were ingested and its hospitals' files became current
        Instant runAt = clock.instant();
        String runId = RUN_ID.format(runAt);
        Timestamp now = Timestamp.from(runAt);
        LakehouseCatalog.ensure(spark, config, WRITES);
        // a silver table made by an older Glimmr takes the columns added since: the write below needs them all
        LakehouseCatalog.addMissingColumns(spark, config, LakehouseTables.STANDARD_CHARGES)
                .forEach(c -> say("ingest: added the column %s (an older Glimmr's table; its earlier rows read null)", c));
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<InputFiles.InputFile> files = InputFiles.list(input, spark.sparkContext().hadoopConfiguration());
        say("ingest: %d files under %s", files.size(), input);
        if (files.isEmpty()) {
            return new IngestSummary(runId, 0, 0, 0, 0, 0, 0, 0, Map.of(), 0, 0, 0, 0, seconds(started), List.of());
        }

        // 1. plan
        Map<String, String> fs = HadoopByteSource.capture(spark.sparkContext().hadoopConfiguration());
        long splitBytes = partBytes(files.stream().mapToLong(InputFiles.InputFile::size).sum(),
                spark.sparkContext().defaultParallelism(), config.splitBytes());
        spark.sparkContext().setJobDescription("glimmr ingest: hash and probe " + files.size() + " files");
        List<FilePlan> plans = jsc.parallelize(files, Math.min(files.size(), 10_000))
                .map(f -> FilePlan.of(f, fs, splitBytes)).collect();

        // 2. skip known bytes (and duplicates within the batch)
        Map<String, FilePlan> bySha = new LinkedHashMap<>();
        plans.forEach(p -> bySha.putIfAbsent(p.sha256(), p));
        Set<String> known = existing(LakehouseTables.MRF_FILES, "sha256", bySha.keySet());
        List<FilePlan> fresh = bySha.values().stream().filter(p -> !known.contains(p.sha256())).toList();
        int skipped = files.size() - fresh.size();
        if (skipped > 0) {
            say("ingest: %d files already ingested (same content), skipped", skipped);
        }

        // 3. current file per hospital
        Set<String> current = currentFiles(fresh);

        // 4. parse and write charges
        List<SplitTask> tasks = new ArrayList<>();
        for (FilePlan p : fresh) {
            if (!p.rejected()) {
                HadoopByteSource source = new HadoopByteSource(p.uri(), fs);
                for (Split split : p.splits()) {
                    tasks.add(new SplitTask(source, p.sha256(), p.hospitalId(), p.layout(), p.templateVersion(),
                            p.lastUpdatedOn(), current.contains(p.sha256()), p.resumeState(), split));
                }
            }
        }
        CollectionAccumulator<SplitOutcome> outcomes = spark.sparkContext().collectionAccumulator("glimmr.outcomes");
        LongAccumulator rowsDone = spark.sparkContext().longAccumulator("glimmr.rows");
        LongAccumulator splitsDone = spark.sparkContext().longAccumulator("glimmr.splits");
        LongAccumulator bytesDone = spark.sparkContext().longAccumulator("glimmr.bytes");
        Map<String, SplitOutcome> outcomeBySplit = new HashMap<>();
        if (!tasks.isEmpty()) {
            Thread reporter = progressReporter(tasks.size(), rowsDone, splitsDone, bytesDone, started);
            try {
                JavaRDD<InternalRow> rows = jsc.parallelize(tasks, tasks.size())
                        .mapPartitions(new SplitParser(outcomes, rowsDone, splitsDone, bytesDone, false));
                Set<String> hospitals = fresh.stream().filter(p -> current.contains(p.sha256()))
                        .map(FilePlan::hospitalId).collect(Collectors.toCollection(java.util.TreeSet::new));
                spark.sparkContext().setJobDescription("glimmr ingest: parse " + tasks.size() + " parts into silver.standard_charges");
                if (hospitals.isEmpty()) {
                    rows.count();
                } else {
                    Dataset<Row> df = ChargeRows.dataFrame(spark, rows);
                    df.write().format("delta").mode("overwrite")
                            .option("replaceWhere", "hospital_id IN (" + quoted(hospitals) + ")")
                            .save(LakehouseTables.STANDARD_CHARGES.location(config.lakehouseRoot()));
                }
            } finally {
                reporter.interrupt();
            }
            for (SplitOutcome o : outcomes.value()) {
                outcomeBySplit.put(o.sha256() + "#" + o.splitIndex(), o);
            }
            rereadOverflow(jsc, tasks, outcomeBySplit);
        }

        // 5. rejections, findings and hospitals at once (three small commits), then the file registry
        Map<String, FileTally> tally = tally(fresh, outcomeBySplit);
        List<String> freshShas = fresh.stream().map(FilePlan::sha256).toList();
        BatchRows batchRows = rejectedAndFindings(fresh, outcomeBySplit);
        Parallel.runAll(3, "glimmr-ingest-write", List.of(
                () -> replaceBatchRows(LakehouseTables.REJECTED_ROWS, batchRows.rejected(), freshShas),
                () -> replaceBatchRows(LakehouseTables.FILE_FINDINGS, batchRows.findings(), freshShas),
                () -> mergeHospitals(fresh, current, now)));
        mergeFiles(fresh, tally, runId, now);
        spark.sparkContext().setJobDescription(null);
        return summary(runId, files.size(), skipped, fresh, tally, outcomeBySplit, current, started);
    }

    /** The smallest part {@link #partBytes} cuts a batch into to give every core work (unless configured smaller). */
    static final long MIN_PART_BYTES = 16L << 20;

    /**
     * The size of the parts a batch's files are cut into: {@code glimmr.ingest.split.mb}, unless that leaves fewer
     * than two parts per core for the whole batch; then smaller, down to {@link #MIN_PART_BYTES}. One 63 MB file under
     * 64 MB parts was one task on one core of two, its write included; in parts of 16 MB it is four, and both cores
     * work. (A compressed file is one part whatever this says: it cannot be cut.)
     */
    static long partBytes(long batchBytes, int cores, long configured) {
        long perCore = (batchBytes + 2L * cores - 1) / (2L * Math.max(1, cores));
        return Math.min(configured, Math.max(MIN_PART_BYTES, perCore));
    }

    /**
     * Which file of a hospital is current, between two candidates: a file with a readable {@code last_updated_on}
     * always wins over one without (an undated file never displaces a dated one, however old); of two dated files
     * the later date; of two undated ones, or two of the same date, the later in path order. Applied within a batch;
     * across batches see {@link #replacesCurrent}.
     */
    static final Comparator<FilePlan> NEWEST = Comparator
            .comparing((FilePlan p) -> p.lastUpdatedOn() == null ? "" : p.lastUpdatedOn())
            .thenComparing(FilePlan::uri);

    /**
     * Whether a hospital's newest file of the batch, dated {@code date} (null: no readable last_updated_on), becomes
     * current over the lakehouse's current file of that hospital, dated {@code currentDate} (null: none, or undated):
     * a dated file unless the current one is dated later; an undated file only when the current one is undated too
     * (or there is none), as the later arrival.
     */
    static boolean replacesCurrent(LocalDate date, boolean hasCurrent, LocalDate currentDate) {
        if (!hasCurrent || currentDate == null) {
            return true;
        }
        return date != null && !date.isBefore(currentDate);
    }

    /** For each hospital of the batch, its newest file ({@link #NEWEST}) if it replaces the current one ({@link #replacesCurrent}). */
    private Set<String> currentFiles(List<FilePlan> fresh) {
        Map<String, FilePlan> newest = new HashMap<>();
        for (FilePlan p : fresh) {
            if (!p.rejected()) {
                newest.merge(p.hospitalId(), p, (a, b) -> NEWEST.compare(a, b) >= 0 ? a : b);
            }
        }
        Map<String, LocalDate> existing = new HashMap<>();
        Set<String> withCurrent = new HashSet<>();
        if (!newest.isEmpty()) {
            for (Row r : table(LakehouseTables.HOSPITALS).where("hospital_id IN (" + quoted(newest.keySet()) + ")"
                    + " AND current_file_sha256 IS NOT NULL").select("hospital_id", "last_updated_on").collectAsList()) {
                withCurrent.add(r.getString(0));
                if (!r.isNullAt(1)) {
                    existing.put(r.getString(0), r.getDate(1).toLocalDate());
                }
            }
        }
        Set<String> current = new HashSet<>();
        for (FilePlan p : newest.values()) {
            LocalDate had = existing.get(p.hospitalId());
            LocalDate date = p.lastUpdatedOn() == null ? null : LocalDate.parse(p.lastUpdatedOn());
            if (replacesCurrent(date, withCurrent.contains(p.hospitalId()), had)) {
                current.add(p.sha256());
            } else if (date == null) {
                say("ingest: %s has no readable last_updated_on and its hospital's current file is dated (%s): kept in"
                        + " the registry, not made current", p.uri(), had);
            } else {
                say("ingest: %s is older (%s) than the current file of its hospital (%s): kept in the registry, not made current",
                        p.uri(), date, had);
            }
        }
        return current;
    }

    /** Splits with more rejected rows than a task returns directly are read again for their rejections only. */
    private void rereadOverflow(JavaSparkContext jsc, List<SplitTask> tasks, Map<String, SplitOutcome> outcomes) {
        List<SplitTask> overflow = tasks.stream()
                .filter(t -> {
                    SplitOutcome o = outcomes.get(t.sha256() + "#" + t.split().index());
                    return o != null && o.rejectedOverflow();
                })
                .toList();
        if (overflow.isEmpty()) {
            return;
        }
        say("ingest: %d parts have more than %,d rejected rows each; reading their rejections again", overflow.size(),
                SplitOutcome.MAX_REJECTED_PER_SPLIT);
        CollectionAccumulator<SplitOutcome> again = spark.sparkContext().collectionAccumulator("glimmr.rejected");
        LongAccumulator ignore = spark.sparkContext().longAccumulator();
        jsc.parallelize(overflow, overflow.size()).mapPartitions(new SplitParser(again, ignore, ignore, ignore, true)).count();
        for (SplitOutcome o : again.value()) {
            SplitOutcome first = outcomes.get(o.sha256() + "#" + o.splitIndex());
            outcomes.put(o.sha256() + "#" + o.splitIndex(), new SplitOutcome(o.sha256(), o.splitIndex(), first.stats(),
                    o.rejected(), first.findings(), first.codeFixes(), false, first.failure()));
        }
    }

    /**
     * Per-file totals over its splits. {@code rejected}: rows of {@code silver.rejected_rows} (the file itself when it
     * is rejected whole, rows set aside, values left out); {@code valuesLeftOut}: of those, the values left out of
     * rows that were kept.
     */
    record FileTally(long rows, long rejected, long valuesLeftOut, long errors, long alerts, long repairs, String failure) {}

    private static Map<String, FileTally> tally(List<FilePlan> fresh, Map<String, SplitOutcome> outcomes) {
        Map<String, FileTally> result = new HashMap<>();
        for (FilePlan p : fresh) {
            SplitStats stats = SplitStats.EMPTY;
            long errors = p.findings().stream().filter(f -> f.severity() == Severity.ERROR).count();
            long alerts = p.findings().size() - errors;
            alerts += codeFixFindings(p, outcomes).size();
            String failure = null;
            long valuesLeftOut = 0;
            for (Split s : p.splits()) {
                SplitOutcome o = outcomes.get(p.sha256() + "#" + s.index());
                if (o == null) {
                    failure = "part " + s.index() + " was not parsed";
                    continue;
                }
                stats = stats.plus(o.stats());
                valuesLeftOut += o.rejected().stream().filter(r -> r.reason().valueOnly()).count();
                errors += o.findings().stream().filter(f -> f.severity() == Severity.ERROR).count();
                alerts += o.findings().stream().filter(f -> f.severity() == Severity.ALERT).count();
                if (o.failure() != null) {
                    failure = o.failure();
                }
            }
            result.put(p.sha256(), new FileTally(stats.rows(), stats.rejected() + (p.rejected() ? 1 : 0), valuesLeftOut,
                    errors, alerts, stats.encodingRepairs(), failure));
        }
        return result;
    }

    /** The batch's rows of {@code silver.rejected_rows} and of {@code silver.file_findings}. */
    private record BatchRows(List<Row> rejected, List<Row> findings) {}

    /** The batch's rejected rows and findings, from the plans (whole-file ones) and the parts' outcomes. */
    private static BatchRows rejectedAndFindings(List<FilePlan> fresh, Map<String, SplitOutcome> outcomes) {
        List<Row> rejected = new ArrayList<>();
        List<Row> findings = new ArrayList<>();
        for (FilePlan p : fresh) {
            if (p.rejection() != null) {
                rejected.add(rejectedRow(p, p.rejection()));
            }
            p.findings().forEach(f -> findings.add(findingRow(p, f)));
            codeFixFindings(p, outcomes).forEach(f -> findings.add(findingRow(p, f)));
            for (Split s : p.splits()) {
                SplitOutcome o = outcomes.get(p.sha256() + "#" + s.index());
                if (o != null) {
                    o.rejected().forEach(r -> rejected.add(rejectedRow(p, r)));
                    o.findings().forEach(f -> findings.add(findingRow(p, f)));
                    if (o.failure() != null) {
                        findings.add(findingRow(p, new Finding("IngestFailure", Severity.ERROR, "part " + s.index(), o.failure())));
                    }
                }
            }
        }
        return new BatchRows(rejected, findings);
    }

    /** One alert per kind of fix the code normalisation made to the file's rows, counted over all its parts. */
    private static List<Finding> codeFixFindings(FilePlan p, Map<String, SplitOutcome> outcomes) {
        List<Map<CodeFix, CodeFixCounts.Count>> parts = new ArrayList<>();
        for (Split s : p.splits()) {
            SplitOutcome o = outcomes.get(p.sha256() + "#" + s.index());
            if (o != null) {
                parts.add(o.codeFixes());
            }
        }
        return CodeFixCounts.findings(CodeFixCounts.sum(parts));
    }

    /** Replaces the rows of the batch's files in {@code table} (keyed by {@code file_sha256}) with {@code rows}. */
    private void replaceBatchRows(TableDefinition table, List<Row> rows, List<String> shas) {
        if (shas.isEmpty()) {
            return;
        }
        spark.sparkContext().setJobDescription("glimmr ingest: write " + table.qualifiedName());
        spark.createDataFrame(rows, table.schema()).write().format("delta").mode("overwrite")
                .option("replaceWhere", "file_sha256 IN (" + quoted(shas) + ")").save(table.location(config.lakehouseRoot()));
    }

    private static Row rejectedRow(FilePlan p, RejectedRow r) {
        return RowFactory.create(p.sha256(), p.hospitalId(), r.location(), r.reason().name(), r.raw(), r.message());
    }

    private static Row findingRow(FilePlan p, Finding f) {
        return RowFactory.create(p.sha256(), p.hospitalId(), f.rule(), f.severity().value(), f.location(), f.message());
    }

    private void mergeHospitals(List<FilePlan> fresh, Set<String> current, Timestamp now) {
        Map<String, Long> newFiles = fresh.stream().filter(p -> p.hospitalId() != null)
                .collect(Collectors.groupingBy(FilePlan::hospitalId, Collectors.counting()));
        List<Row> rows = new ArrayList<>();
        for (FilePlan p : fresh) {
            if (current.contains(p.sha256())) {
                rows.add(RowFactory.create(p.hospitalId(), p.hospitalName(), p.licenseState(), p.licenseNumber(),
                        p.locationNames().toArray(String[]::new), p.addresses().toArray(String[]::new),
                        p.type2Npis().toArray(String[]::new), p.sha256(), ChargeRows.date(p.lastUpdatedOn()),
                        newFiles.getOrDefault(p.hospitalId(), 1L), now));
            }
        }
        // hospitals whose new files did not become current still count them
        for (Map.Entry<String, Long> e : newFiles.entrySet()) {
            boolean hasCurrent = fresh.stream().anyMatch(p -> e.getKey().equals(p.hospitalId()) && current.contains(p.sha256()));
            if (!hasCurrent) {
                rows.add(RowFactory.create(e.getKey(), null, null, null, null, null, null, null, null, e.getValue(), null));
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        Dataset<Row> source = spark.createDataFrame(rows, LakehouseTables.HOSPITALS.schema());
        Map<String, String> update = new LinkedHashMap<>();
        for (String c : LakehouseTables.HOSPITALS.schema().fieldNames()) {
            update.put(c, c.equals("files_seen") ? "t.files_seen + s.files_seen" : "coalesce(s." + c + ", t." + c + ")");
        }
        spark.sparkContext().setJobDescription("glimmr ingest: merge silver.hospitals");
        DeltaTable.forPath(spark, LakehouseTables.HOSPITALS.location(config.lakehouseRoot())).as("t")
                .merge(source.as("s"), "t.hospital_id = s.hospital_id")
                .whenMatched().updateExpr(update)
                .whenNotMatched().insertAll()
                .execute();
    }

    private void mergeFiles(List<FilePlan> fresh, Map<String, FileTally> tally, String runId, Timestamp now) {
        if (fresh.isEmpty()) {
            return;
        }
        List<Row> rows = new ArrayList<>();
        for (FilePlan p : fresh) {
            FileTally t = tally.get(p.sha256());
            rows.add(RowFactory.create(p.sha256(), p.uri(), p.size(), p.compression(), p.layout().value(), p.templateVersion(),
                    p.versionCell(), status(p, t), t.rows(), t.rejected(), t.errors(), t.alerts(), t.repairs(),
                    p.splits().size(), reason(p, t), p.hospitalId(), p.hospitalName(), ChargeRows.date(p.lastUpdatedOn()),
                    p.locationNames().toArray(String[]::new), p.addresses().toArray(String[]::new), p.licenseNumber(),
                    p.licenseState(), p.type2Npis().toArray(String[]::new), p.attestation(), p.attesterName(), now, runId));
        }
        spark.sparkContext().setJobDescription("glimmr ingest: merge bronze.mrf_files");
        DeltaTable.forPath(spark, LakehouseTables.MRF_FILES.location(config.lakehouseRoot())).as("t")
                .merge(spark.createDataFrame(rows, LakehouseTables.MRF_FILES.schema()).as("s"), "t.sha256 = s.sha256")
                .whenNotMatched().insertAll()
                .execute();
    }

    /**
     * {@code rejected} when nothing in the file is readable; {@code partial} when something of it is not in
     * {@code silver.standard_charges}: a row set aside, a value left out of a kept row, or a part that failed;
     * {@code ok} when every row and value was read.
     */
    static String status(FilePlan p, FileTally t) {
        if (p.rejected()) {
            return "rejected";
        }
        return t.rejected() > 0 || t.failure() != null ? "partial" : "ok";
    }

    static String reason(FilePlan p, FileTally t) {
        if (p.rejected()) {
            return p.rejection().reason().name() + ": " + p.rejection().message();
        }
        if (t.failure() != null) {
            return t.failure();
        }
        long rowsSetAside = t.rejected() - t.valuesLeftOut();
        if (rowsSetAside > 0 && t.valuesLeftOut() > 0) {
            return rowsSetAside + " rows could not be read and were set aside, and " + t.valuesLeftOut() + " values"
                    + " were left out of rows that were kept: see silver.rejected_rows";
        }
        if (t.valuesLeftOut() > 0) {
            return t.valuesLeftOut() + " values could not be read and were left out of their rows (the rows are in"
                    + " silver.standard_charges): see silver.rejected_rows";
        }
        if (rowsSetAside > 0) {
            return rowsSetAside + " rows could not be read and were set aside: see silver.rejected_rows";
        }
        return null;
    }

    private IngestSummary summary(String runId, int seen, int skipped, List<FilePlan> fresh, Map<String, FileTally> tally,
            Map<String, SplitOutcome> outcomes,
            Set<String> current, long started) {
        int ok = 0;
        int partial = 0;
        int rejected = 0;
        long rows = 0;
        long rejectedRows = 0;
        long errors = 0;
        long alerts = 0;
        long repairs = 0;
        long bytes = 0;
        List<IngestSummary.FileResult> results = new ArrayList<>();
        for (FilePlan p : fresh) {
            FileTally t = tally.get(p.sha256());
            String status = status(p, t);
            switch (status) {
                case "ok" -> ok++;
                case "partial" -> partial++;
                default -> rejected++;
            }
            rows += current.contains(p.sha256()) ? t.rows() : 0;
            rejectedRows += t.rejected();
            errors += t.errors();
            alerts += t.alerts();
            repairs += t.repairs();
            bytes += p.size();
            results.add(new IngestSummary.FileResult(p.uri(), p.sha256(), p.layout().value(), p.templateVersion(), status,
                    t.rows(), t.rejected(), p.hospitalName(), current.contains(p.sha256()), reason(p, t)));
        }
        Map<String, Long> byReason = new TreeMap<>();
        for (FilePlan p : fresh) {
            if (p.rejection() != null) {
                byReason.merge(p.rejection().reason().name(), 1L, Long::sum);
            }
            for (Split split : p.splits()) {
                SplitOutcome o = outcomes.get(p.sha256() + "#" + split.index());
                if (o != null) {
                    o.rejected().forEach(r -> byReason.merge(r.reason().name(), 1L, Long::sum));
                }
            }
        }
        return new IngestSummary(runId, seen, skipped, ok, partial, rejected, rows, rejectedRows, byReason, errors, alerts,
                repairs, bytes, seconds(started), results);
    }

    private Thread progressReporter(int total, LongAccumulator rows, LongAccumulator splits, LongAccumulator bytes, long started) {
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(5000);
                    double s = seconds(started);
                    say("ingest: %d/%d parts parsed, %,d rows, %.0f MB (%.1f MB/s), %.0f s", splits.value(), total,
                            rows.value(), bytes.value() / 1e6, bytes.value() / 1e6 / s, s);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "glimmr-ingest-progress");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private Set<String> existing(TableDefinition table, String column, Set<String> values) {
        if (values.isEmpty()) {
            return Set.of();
        }
        return table(table).where(column + " IN (" + quoted(values) + ")").select(column).collectAsList().stream()
                .map(r -> r.getString(0)).collect(Collectors.toSet());
    }

    private Dataset<Row> table(TableDefinition table) {
        return spark.read().format("delta").load(table.location(config.lakehouseRoot()));
    }

    private static String quoted(java.util.Collection<String> values) {
        return values.stream().map(v -> "'" + v.replace("'", "''") + "'").collect(Collectors.joining(","));
    }

    private static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }

    private void say(String format, Object... args) {
        if (progress != null) {
            progress.println(String.format(format, args));
            progress.flush();
        }
    }
}
