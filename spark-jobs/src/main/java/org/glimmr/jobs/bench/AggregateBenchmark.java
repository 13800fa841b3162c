package org.glimmr.jobs.bench;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.generate.GenerationReport;
import org.glimmr.generate.GeneratorOptions;
import org.glimmr.generate.MrfGenerator;
import org.glimmr.jobs.Parallel;
import org.glimmr.jobs.ingest.IngestJob;
import org.glimmr.lakehouse.LakehouseTables;
import org.glimmr.lakehouse.TableDefinition;
import org.glimmr.mrf.LocalByteSource;
import org.glimmr.mrf.Layout;
import org.glimmr.mrf.Mrf;

/**
 * The aggregate benchmark. For each number of hospitals: a silver of that many generated hospitals (one tall CSV
 * each, spread over several states; the generator's catalog gives them shared codes and its payer panel payer-name
 * variants), ingested once with Glimmr's own ingest and kept under the benchmark folder; then, each round on a fresh
 * copy of it and each case in a JVM of its own:
 *
 * <ol>
 *   <li>{@code full}: Glimmr's aggregate rebuilding every gold table ({@code --full});
 *   <li>{@code duckdb}: DuckDB computing {@code hospital_code_prices} and {@code code_price_stats} from the same
 *       Parquet files (the baseline);
 *   <li>{@code incremental}: after a newer file of one hospital is ingested, Glimmr's aggregate bringing gold up to
 *       date.
 * </ol>
 *
 * The first round checks that DuckDB and Glimmr agree, row by row, on both tables, so the two did the same work. The
 * report gives each case's median over the rounds, the ratios the goals name and how time grows with the hospitals.
 * Setting up (files, silver, the copy, the newer file's ingest) and the checks run in this JVM, untimed.
 */
public final class AggregateBenchmark {
    /** The states hospitals are spread over: hospital {@code i} is in {@code STATES[i % states]}. */
    static final List<String> STATES = List.of("CA", "TX", "NY", "FL", "PA", "OH", "IL", "GA", "NC", "MI", "WA", "AZ",
            "MA", "TN", "IN", "MO", "MD", "WI", "CO", "MN");
    /** Each hospital's payer panel: 60 payers (some regional variants of one name) x 2 plans. */
    static final int PAYERS = 60;
    static final int PLANS = 2;
    private static final double TOLERANCE = 1.5e-6; // figures are stored with 6 decimals: one unit of rounding apart

    /**
     * What to run.
     *
     * @param hospitals       the sizes, in hospitals (ascending, distinct)
     * @param rowsPerHospital silver rows of each hospital's file (about: the generator stops at an item's end)
     * @param states          how many states the hospitals are spread over
     * @param rounds          how many times each size's cases run; each case reports its median
     * @param heap            {@code -Xmx} of the measuring JVMs; empty for the JVM's default, which {@code ./glimmr} has
     * @param profile         record each Glimmr case with Java Flight Recorder ({@code settings=profile})
     */
    public record Options(List<Integer> hospitals, int rowsPerHospital, int states, int rounds, Optional<String> heap,
            boolean profile) {
        public Options {
            hospitals = hospitals.stream().sorted().distinct().toList();
            if (hospitals.isEmpty() || hospitals.get(0) < 1) {
                throw new IllegalArgumentException("hospitals must be numbers of 1 or more, got " + hospitals);
            }
            if (rowsPerHospital < 50) {
                throw new IllegalArgumentException("rowsPerHospital must be at least 50, got " + rowsPerHospital);
            }
            if (states < 1 || states > STATES.size()) {
                throw new IllegalArgumentException("states must be 1 to " + STATES.size() + ", got " + states);
            }
            if (rounds < 1) {
                throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
            }
            requireNonNull(heap, "heap is null");
        }
    }

    /**
     * One case over the rounds: each round's wall seconds and CPU seconds (the whole JVM's, every thread), the rows it
     * covered, the largest peak heap, the JVM's heap limit, peak resident memory, and per table the median seconds.
     */
    public record Case(String what, List<Double> runs, List<Double> cpu, long rows, long peakHeap, long maxHeap,
            long peakRss, Map<String, Double> steps, String failure) {
        public Case {
            runs = List.copyOf(runs);
            cpu = List.copyOf(cpu);
            steps = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(steps));
        }

        /** The median of the rounds' seconds; NaN when the case failed. */
        public double seconds() {
            return failure != null ? Double.NaN : IngestBenchmark.median(runs);
        }

        public double cpuSeconds() {
            return failure != null ? Double.NaN : IngestBenchmark.median(cpu);
        }

        static Case failed(String what, String failure) {
            return new Case(what, List.of(Double.NaN), List.of(Double.NaN), 0, 0, 0, 0, Map.of(), failure);
        }
    }

    /**
     * Glimmr's table against DuckDB's, joined on the key: rows in each, rows only in one, rows whose figures differ by
     * more than one unit of the sixth decimal (counts must be equal), and the largest difference of a figure.
     */
    public record Comparison(String table, long glimmr, long duckdb, long onlyGlimmr, long onlyDuckdb, long differing,
            double maxDifference) {
        public boolean agrees() {
            return glimmr == duckdb && onlyGlimmr == 0 && onlyDuckdb == 0 && differing == 0;
        }
    }

    /** The check of one size: silver rows as Spark reads the tables and as DuckDB reads their files, both tables. */
    public record Check(long silverRows, long duckdbSilverRows, Comparison prices, Comparison stats) {
        public boolean agrees() {
            return silverRows == duckdbSilverRows && prices.agrees() && stats.agrees();
        }
    }

    /** One size: its silver, the changed hospital's rows, what building the silver took, the cases and the check. */
    public record Size(int hospitals, long silverRows, long changedRows, double buildSeconds, Case full, Case duckdb,
            Case incremental, Optional<Check> check) {}

    /** Runs one measurement: {@link AggregateMeasure}'s arguments and extra JVM options in, its result out. */
    @FunctionalInterface
    interface Measurer {
        ChildJvm.Outcome measure(List<String> args, List<String> jvmOptions, Path log) throws Exception;
    }

    private final SparkSession spark;
    private final Path root;
    private final Options options;
    private final PrintStream out;
    private final Measurer measurer;
    private final LocalDate asOf = LocalDate.now(ZoneOffset.UTC);

    /**
     * Each case runs in a JVM of its own.
     *
     * @param spark   the session that builds each silver, ingests the newer file and checks DuckDB's tables
     * @param dir     the benchmark folder: files, silvers and the work copy go under {@code aggregate/} in it
     */
    public AggregateBenchmark(SparkSession spark, Path dir, Options options, PrintStream out) {
        this(spark, dir, options, out, (args, jvmOptions, log) -> ChildJvm.run(AggregateMeasure.class, args, cores(),
                options.heap(), jvmOptions, log, 240));
    }

    /** Each case through {@code measurer} (a test runs them in its own JVM, on its own session). */
    AggregateBenchmark(SparkSession spark, Path dir, Options options, PrintStream out, Measurer measurer) {
        this.spark = requireNonNull(spark, "spark is null");
        this.root = requireNonNull(dir, "dir is null").toAbsolutePath().resolve("aggregate");
        this.options = requireNonNull(options, "options is null");
        this.out = requireNonNull(out, "out is null");
        this.measurer = requireNonNull(measurer, "measurer is null");
    }

    public List<Size> run() throws Exception {
        Files.createDirectories(root);
        List<Path> files = files(options.hospitals().get(options.hospitals().size() - 1));
        Path newer = newerFile(files.get(0));
        List<Size> sizes = new ArrayList<>();
        for (int n : options.hospitals()) {
            Silver silver = silver(n, files);
            List<Case> full = new ArrayList<>();
            List<Case> duckdb = new ArrayList<>();
            List<Case> incremental = new ArrayList<>();
            Optional<Check> check = Optional.empty();
            long changedRows = 0;
            Path work = root.resolve("work");
            for (int r = 1; r <= options.rounds(); r++) {
                out.printf("bench aggregate: %d hospitals (%,d silver rows), round %d of %d%n", n, silver.rows(), r,
                        options.rounds());
                ChildJvm.deleteTree(work);
                linkTree(silver.dir().resolve("lakehouse"), work.resolve("lakehouse"));
                Case f = measure("full", work, n, r, silver.rows(), List.of(asOf.toString()));
                full.add(f);
                Case d = f.failure() != null ? Case.failed("duckdb", "not run: the full aggregate failed")
                        : measure("duckdb", work, n, r, silver.rows(), List.of(String.valueOf(cores()), duckDbMemory()));
                duckdb.add(d);
                if (check.isEmpty() && f.failure() == null && d.failure() == null) {
                    check = Optional.of(check(work, d.rows()));
                    out.println("bench aggregate: DuckDB " + (check.get().agrees() ? "agrees" : "DISAGREES") + " with Glimmr: "
                            + check.get());
                }
                if (f.failure() != null) {
                    incremental.add(Case.failed("incremental", "not run: the full aggregate failed"));
                    continue;
                }
                GlimmrConfig config = configOf(work);
                new IngestJob(spark, config, null, Clock.systemUTC()).run(newer.toString());
                changedRows = rowsOf(config, hospitalName(0));
                incremental.add(measure("incremental", work, n, r, changedRows, List.of(asOf.toString())));
            }
            Size size = new Size(n, silver.rows(), changedRows, silver.seconds(), combine(full), combine(duckdb),
                    combine(incremental), check);
            sizes.add(size);
            out.println(render(List.of(size), options));
            if (full.stream().allMatch(c -> c.failure() == null)) {
                ChildJvm.deleteTree(work);
            }
        }
        return sizes;
    }

    // ------------------------------------------------------------------------------------------------ the data

    /** Hospital {@code i}'s name: with its state, what makes its id. */
    static String hospitalName(int i) {
        return String.format(Locale.ROOT, "Bench Hospital %04d", i);
    }

    private String state(int i) {
        return STATES.get(i % options.states());
    }

    private GeneratorOptions generatorOptions(int i, long seed, long bytes) {
        return GeneratorOptions.defaults(Layout.CSV_TALL, "3.0.0").withPayers(PAYERS, PLANS).withSeed(seed)
                .withTargetBytes(bytes).withHospital(hospitalName(i), state(i));
    }

    /**
     * The first {@code n} hospitals' files, generated where missing (two at a time), each about
     * {@code rowsPerHospital} rows: a probe file gives the bytes per row.
     */
    private List<Path> files(int n) throws IOException {
        Path folder = root.resolve(String.format(Locale.ROOT, "files-%dr-%ds", options.rowsPerHospital(), options.states()));
        Files.createDirectories(folder);
        Path probe = folder.resolve("probe.csv");
        GenerationReport sample = MrfGenerator.writeTo(generatorOptions(0, 999, 2L << 20), probe);
        Files.delete(probe);
        long bytes = Math.max(1, sample.bytesWritten() * options.rowsPerHospital() / Math.max(1, sample.canonicalRows()));
        List<Path> files = IntStream.range(0, n).mapToObj(i -> folder.resolve(String.format(Locale.ROOT, "h%04d-%s.csv", i,
                state(i)))).toList();
        List<Runnable> missing = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int h = i;
            if (!Files.exists(files.get(h))) {
                missing.add(() -> generate(generatorOptions(h, 1000 + h, bytes), files.get(h)));
            }
        }
        if (!missing.isEmpty()) {
            out.printf("bench aggregate: generating %d hospital files of about %,d rows in %s ...%n", missing.size(),
                    options.rowsPerHospital(), folder);
            Parallel.runAll(cores(), "glimmr-bench-generate", missing);
        }
        return files;
    }

    /**
     * A newer file of hospital 0 (same name and state, other items and rates), with a {@code last_updated_on} after
     * the first file's so that ingest makes it current.
     */
    private Path newerFile(Path first) throws IOException {
        Path newer = first.resolveSibling(first.getFileName().toString().replace(".csv", "-newer.csv"));
        if (Files.exists(newer)) {
            return newer;
        }
        String firstDate = lastUpdatedOn(first);
        long bytes = Files.size(first);
        for (long seed = 500_000; seed < 501_000; seed++) {
            Path probe = first.resolveSibling("newer-probe.csv");
            generate(generatorOptions(0, seed, 1), probe);
            boolean later = lastUpdatedOn(probe).compareTo(firstDate) > 0;
            Files.delete(probe);
            if (later) {
                generate(generatorOptions(0, seed, bytes), newer);
                return newer;
            }
        }
        throw new IllegalStateException("no seed gives hospital 0 a file newer than " + firstDate);
    }

    private static String lastUpdatedOn(Path file) throws IOException {
        return Mrf.open(new LocalByteSource(file)).header().flatMap(h -> h.lastUpdatedOn())
                .orElseThrow(() -> new IllegalStateException(file + " has no last_updated_on"));
    }

    private static void generate(GeneratorOptions options, Path file) {
        try {
            Path part = file.resolveSibling(file.getFileName() + ".part");
            MrfGenerator.writeTo(options, part);
            Files.move(part, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private record Silver(Path dir, long rows, double seconds) {}

    /**
     * The lakehouse of the first {@code n} hospitals, ingested once and kept: built from the largest smaller one kept
     * (a copy, then the hospitals it lacks ingested as one batch), else from nothing.
     */
    private Silver silver(int n, List<Path> files) throws IOException {
        String suffix = String.format(Locale.ROOT, "h-%dr-%ds", options.rowsPerHospital(), options.states());
        Path dir = root.resolve("silver-" + n + suffix);
        Path ready = dir.resolve("READY");
        if (Files.exists(ready)) {
            String[] line = Files.readString(ready, StandardCharsets.UTF_8).trim().split(" ");
            out.printf("bench aggregate: reusing the silver of %d hospitals in %s%n", n, dir);
            return new Silver(dir, Long.parseLong(line[0]), Double.parseDouble(line[1]));
        }
        ChildJvm.deleteTree(dir);
        int from = 0;
        Pattern kept = Pattern.compile("silver-(\\d+)" + Pattern.quote(suffix));
        try (var list = Files.list(root)) {
            for (Path p : list.toList()) {
                Matcher m = kept.matcher(p.getFileName().toString());
                if (m.matches() && Files.exists(p.resolve("READY")) && Integer.parseInt(m.group(1)) < n) {
                    from = Math.max(from, Integer.parseInt(m.group(1)));
                }
            }
        }
        if (from > 0) {
            linkTree(root.resolve("silver-" + from + suffix).resolve("lakehouse"), dir.resolve("lakehouse"));
        }
        Path input = dir.resolve("input");
        Files.createDirectories(input);
        for (int i = from; i < n; i++) {
            link(files.get(i), input.resolve(files.get(i).getFileName()));
        }
        out.printf("bench aggregate: ingesting %d hospital files into %s%s ...%n", n - from, dir,
                from > 0 ? " (a copy of the silver of " + from + " hospitals)" : "");
        long started = System.nanoTime();
        GlimmrConfig config = configOf(dir);
        new IngestJob(spark, config, null, Clock.systemUTC()).run(input.toString());
        double seconds = (System.nanoTime() - started) / 1e9;
        long rows = read(config, LakehouseTables.STANDARD_CHARGES).count();
        ChildJvm.deleteTree(input);
        Files.writeString(ready, rows + " " + String.format(Locale.ROOT, "%.1f", seconds) + "\n", StandardCharsets.UTF_8);
        return new Silver(dir, rows, seconds);
    }

    private long rowsOf(GlimmrConfig config, String hospitalName) {
        Dataset<Row> hospital = read(config, LakehouseTables.HOSPITALS).where(col("hospital_name").equalTo(hospitalName))
                .select("hospital_id");
        return read(config, LakehouseTables.STANDARD_CHARGES).join(hospital, "hospital_id").count();
    }

    private static GlimmrConfig configOf(Path dataDir) {
        return GlimmrConfig.load(Map.of("GLIMMR_DATA_DIR", dataDir.toString()), dataDir);
    }

    private Dataset<Row> read(GlimmrConfig config, TableDefinition table) {
        return spark.read().format("delta").load(table.location(config.lakehouseRoot()));
    }

    /**
     * A copy of a lakehouse folder that shares the data files: Parquet and deletion-vector files never change once
     * written, so they are hard links (copies where links cannot be made); each {@code _delta_log} is copied, since
     * Delta rewrites {@code _last_checkpoint} in place.
     */
    static void linkTree(Path from, Path to) throws IOException {
        try (var walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (from.relativize(p).toString().contains("_delta_log")) {
                    Files.copy(p, target);
                } else {
                    link(p, target);
                }
            }
        }
    }

    private static void link(Path existing, Path link) throws IOException {
        try {
            Files.createLink(link, existing);
        } catch (UnsupportedOperationException | IOException e) {
            Files.copy(existing, link);
        }
    }

    // ------------------------------------------------------------------------------------------------ measuring

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** DuckDB's memory limit: the measuring JVMs' heap limit, so both engines get the same memory. */
    private String duckDbMemory() {
        long bytes = options.heap().map(AggregateBenchmark::bytes).orElse(Runtime.getRuntime().maxMemory());
        return Math.max(1, bytes >> 20) + "MB";
    }

    /** {@code 512m}, {@code 6g}, … in bytes. */
    static long bytes(String heap) {
        String h = heap.trim().toLowerCase(Locale.ROOT);
        long unit = switch (h.charAt(h.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1;
        };
        return Long.parseLong(Character.isDigit(h.charAt(h.length() - 1)) ? h : h.substring(0, h.length() - 1)) * unit;
    }

    private Case measure(String what, Path work, int hospitals, int round, long rows, List<String> args) throws Exception {
        out.printf("bench aggregate: %s, %d hospitals, round %d ...%n", what, hospitals, round);
        List<String> extra = new ArrayList<>();
        if (options.profile() && !what.equals("duckdb")) {
            Path jfr = root.resolve("profiles").resolve(String.format(Locale.ROOT, "%s-%dh-r%d.jfr", what, hospitals, round));
            Files.createDirectories(jfr.getParent());
            extra.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
        }
        List<String> all = new ArrayList<>(List.of(what, work.toString()));
        all.addAll(args);
        Path log = root.resolve("logs").resolve(String.format(Locale.ROOT, "%s-%dh-r%d.log", what, hospitals, round));
        ChildJvm.Outcome o = measurer.measure(all, extra, log);
        if (!o.ok()) {
            out.printf("bench aggregate: %s %s%n", what, o.failure());
            return Case.failed(what, o.failure());
        }
        Map<String, String> m = o.result();
        Map<String, Double> steps = new LinkedHashMap<>();
        if (m.containsKey("steps")) {
            for (String s : m.get("steps").split(",")) {
                int colon = s.lastIndexOf(':');
                steps.put(s.substring(0, colon), Double.parseDouble(s.substring(colon + 1)));
            }
        }
        long covered = what.equals("duckdb") ? Long.parseLong(m.get("silverRows")) : rows;
        Case c = new Case(what, List.of(Double.parseDouble(m.get("seconds"))), List.of(Double.parseDouble(m.get("cpu"))),
                covered, Long.parseLong(m.get("peakHeap")), Long.parseLong(m.get("maxHeap")), Long.parseLong(m.get("peakRss")),
                steps, null);
        out.printf(Locale.ROOT, "bench aggregate: %s %.1f s (CPU %.1f s), peak heap %,d MB%n", what, c.seconds(),
                c.cpuSeconds(), c.peakHeap() >> 20);
        return c;
    }

    /** A case's rounds as one: every round's seconds, each step's median, the largest peaks; failed if any failed. */
    static Case combine(List<Case> rounds) {
        Optional<String> failure = rounds.stream().map(Case::failure).filter(java.util.Objects::nonNull).findFirst();
        Map<String, Double> steps = new LinkedHashMap<>();
        rounds.get(0).steps().keySet().forEach(step -> steps.put(step, IngestBenchmark.median(rounds.stream()
                .filter(c -> c.steps().containsKey(step)).map(c -> c.steps().get(step)).toList())));
        return new Case(rounds.get(0).what(), rounds.stream().flatMap(c -> c.runs().stream()).toList(),
                rounds.stream().flatMap(c -> c.cpu().stream()).toList(), rounds.get(0).rows(),
                rounds.stream().mapToLong(Case::peakHeap).max().orElse(0), rounds.get(0).maxHeap(),
                rounds.stream().mapToLong(Case::peakRss).max().orElse(0), steps, failure.orElse(null));
    }

    // ------------------------------------------------------------------------------------------------ the check

    private static final List<String> PRICE_KEY = List.of("hospital_id", "code_type", "code", "setting", "billing_class",
            "modifiers");
    private static final List<String> PRICE_FIGURES = List.of("gross_charge", "discounted_cash", "minimum", "maximum",
            "negotiated_min", "negotiated_median", "negotiated_max", "derived_min", "derived_max");
    private static final List<String> PRICE_COUNTS = List.of("payers", "plans", "dollar_rates", "percentage_rates",
            "algorithm_rates");
    static final List<String> STATS_KEY = List.of("code_type", "code", "setting", "billing_class", "modifiers",
            "payer", "geography", "measure");
    private static final List<String> STATS_FIGURES = List.of("min", "p10", "p25", "median", "p75", "p90", "max", "mean");
    private static final List<String> STATS_COUNTS = List.of("hospitals", "rates");

    /** Glimmr's gold tables against DuckDB's, which read {@code duckRows} silver rows. */
    private Check check(Path work, long duckRows) {
        GlimmrConfig config = configOf(work);
        Path duck = work.resolve(AggregateMeasure.DUCKDB_OUT);
        return new Check(read(config, LakehouseTables.STANDARD_CHARGES).count(), duckRows,
                compare("gold.hospital_code_prices", read(config, LakehouseTables.HOSPITAL_CODE_PRICES),
                        spark.read().parquet(duck.resolve(DuckDbAggregate.PRICES_FILE).toString()), PRICE_KEY, PRICE_FIGURES,
                        PRICE_COUNTS),
                compare("gold.code_price_stats", read(config, LakehouseTables.CODE_PRICE_STATS),
                        spark.read().parquet(duck.resolve(DuckDbAggregate.STATS_FILE).toString()), STATS_KEY, STATS_FIGURES,
                        STATS_COUNTS));
    }

    /** Joins the two on {@code key} (nulls equal) and counts what differs; see {@link Comparison}. */
    static Comparison compare(String table, Dataset<Row> glimmr, Dataset<Row> duckdb, List<String> key, List<String> figures,
            List<String> counts) {
        Dataset<Row> g = glimmr.withColumn("_in", lit(true)).as("g");
        Dataset<Row> d = duckdb.withColumn("_in", lit(true)).as("d");
        Column on = key.stream().map(k -> col("g." + k).eqNullSafe(col("d." + k))).reduce(Column::and).orElseThrow();
        List<Column> gaps = new ArrayList<>();
        for (String f : figures) {
            gaps.add(when(col("g." + f).isNull().and(col("d." + f).isNull()), lit(0.0))
                    .when(col("g." + f).isNull().or(col("d." + f).isNull()), lit(Double.POSITIVE_INFINITY))
                    .otherwise(abs(col("g." + f).cast("double").minus(col("d." + f).cast("double")))));
        }
        for (String c : counts) {
            gaps.add(when(col("g." + c).eqNullSafe(col("d." + c)), lit(0.0)).otherwise(lit(Double.POSITIVE_INFINITY)));
        }
        Column gap = gaps.size() == 1 ? gaps.get(0) : greatest(gaps.toArray(Column[]::new));
        Row r = g.join(d, on, "full_outer").select(
                col("g._in").isNotNull().cast("long").as("in_g"), col("d._in").isNotNull().cast("long").as("in_d"),
                when(col("g._in").isNotNull().and(col("d._in").isNotNull()), gap).as("gap"))
                .agg(sum("in_g"), sum("in_d"), sum(when(col("in_d").equalTo(0), 1).otherwise(0)),
                        sum(when(col("in_g").equalTo(0), 1).otherwise(0)),
                        sum(when(col("gap").gt(TOLERANCE), 1).otherwise(0)), max("gap"))
                .first();
        return new Comparison(table, r.isNullAt(0) ? 0 : r.getLong(0), r.isNullAt(1) ? 0 : r.getLong(1),
                r.isNullAt(2) ? 0 : r.getLong(2), r.isNullAt(3) ? 0 : r.getLong(3), r.isNullAt(4) ? 0 : r.getLong(4),
                r.isNullAt(5) ? 0 : r.getDouble(5));
    }

    // ------------------------------------------------------------------------------------------------ the report

    /** The report: the cases of every size, the ratios against the goals, the checks, the steps and the growth. */
    public static String render(List<Size> sizes, Options options) {
        StringBuilder b = new StringBuilder();
        boolean rounds = sizes.stream().anyMatch(s -> s.full().runs().size() > 1);
        b.append("| hospitals | silver rows | case | s").append(rounds ? " (median) | s of each round" : "")
                .append(" | CPU s | rows | rows/s | peak heap MB | heap limit MB | peak RSS MB |\n");
        b.append("|---|---|---|---|").append(rounds ? "---|" : "").append("---|---|---|---|---|---|\n");
        for (Size s : sizes) {
            for (Case c : List.of(s.full(), s.duckdb(), s.incremental())) {
                String each = rounds ? " | " + c.runs().stream().map(x -> x.isNaN() ? "–" : String.format(Locale.ROOT, "%.1f", x))
                        .collect(Collectors.joining(", ")) : "";
                if (c.failure() != null) {
                    b.append(String.format(Locale.ROOT, "| %d | %,d | %s | %s%s | | | | | | |%n", s.hospitals(), s.silverRows(),
                            label(c.what()), c.failure(), each));
                    continue;
                }
                b.append(String.format(Locale.ROOT, "| %d | %,d | %s | %.1f%s | %.1f | %,d | %,.0f | %,d | %,d | %,d |%n",
                        s.hospitals(), s.silverRows(), label(c.what()), c.seconds(), each, c.cpuSeconds(), c.rows(),
                        c.rows() / c.seconds(), c.peakHeap() >> 20, c.maxHeap() >> 20, c.peakRss() >> 20));
            }
        }
        b.append('\n');
        for (Size s : sizes) {
            b.append(String.format(Locale.ROOT, "%d hospitals, %,d silver rows (silver built in %.0f s):%n", s.hospitals(),
                    s.silverRows(), s.buildSeconds()));
            ratio(b, "full / DuckDB, wall (goal <= 3)", s.full(), s.duckdb(), Case::seconds, 3);
            ratio(b, "full / DuckDB, CPU", s.full(), s.duckdb(), Case::cpuSeconds, Double.NaN);
            ratio(b, "incremental / full, wall (goal <= 0.10)", s.incremental(), s.full(), Case::seconds, 0.10);
            if (s.full().failure() == null) {
                b.append(String.format(Locale.ROOT, "  peak heap of the full aggregate: %,d MB of a %,d MB limit%n",
                        s.full().peakHeap() >> 20, s.full().maxHeap() >> 20));
            }
            s.check().ifPresent(c -> b.append(String.format(Locale.ROOT,
                    "  check: DuckDB %s Glimmr. Silver rows %,d (Spark) / %,d (DuckDB, the same files);%n%s%s",
                    c.agrees() ? "agrees with" : "DISAGREES with", c.silverRows(), c.duckdbSilverRows(), comparison(c.prices()),
                    comparison(c.stats()))));
        }
        Size last = sizes.get(sizes.size() - 1);
        if (!last.full().steps().isEmpty()) {
            b.append(String.format(Locale.ROOT, "%nwhere the full aggregate of %d hospitals spends its time (median s):%n",
                    last.hospitals()));
            last.full().steps().forEach((step, sec) -> b.append(String.format(Locale.ROOT, "  %-28s %8.1f%n", step, sec)));
        }
        if (sizes.size() > 1) {
            b.append("\ngrowth with the hospitals (time ratio against silver-rows ratio; linear = 1.00):\n");
            for (String what : List.of("full", "duckdb", "incremental")) {
                b.append("  ").append(label(what)).append(": ");
                List<String> steps = new ArrayList<>();
                for (int i = 1; i < sizes.size(); i++) {
                    steps.add(growth(sizes.get(i - 1), sizes.get(i), what));
                }
                b.append(String.join("; ", steps));
                if (sizes.size() > 2) {
                    b.append("; overall ").append(growth(sizes.get(0), last, what));
                }
                b.append('\n');
            }
        }
        return b.toString();
    }

    private static String label(String what) {
        return switch (what) {
            case "full" -> "Glimmr full aggregate";
            case "duckdb" -> "DuckDB, same statistics";
            case "incremental" -> "Glimmr incremental (1 hospital)";
            default -> what;
        };
    }

    private static Case pick(Size s, String what) {
        return switch (what) {
            case "full" -> s.full();
            case "duckdb" -> s.duckdb();
            default -> s.incremental();
        };
    }

    /** {@code a→b: time x t, rows x r, exponent e} where time grows as rows^e. */
    private static String growth(Size a, Size b, String what) {
        double t = pick(b, what).seconds() / pick(a, what).seconds();
        double r = (double) b.silverRows() / a.silverRows();
        return String.format(Locale.ROOT, "%d→%d hospitals time x%.2f for rows x%.2f (exponent %.2f)", a.hospitals(),
                b.hospitals(), t, r, Math.log(t) / Math.log(r));
    }

    private static String comparison(Comparison c) {
        return String.format(Locale.ROOT, "    %s: %,d rows (Glimmr) / %,d (DuckDB), only in Glimmr %,d, only in DuckDB %,d,"
                        + " figures differing %,d, largest difference %.6f%n", c.table(), c.glimmr(), c.duckdb(), c.onlyGlimmr(),
                c.onlyDuckdb(), c.differing(), c.maxDifference());
    }

    private static void ratio(StringBuilder b, String label, Case num, Case den, java.util.function.ToDoubleFunction<Case> metric,
            double goal) {
        if (num.failure() != null || den.failure() != null) {
            b.append("  ").append(label).append(": n/a (").append(num.failure() != null ? num.failure() : den.failure())
                    .append(")\n");
            return;
        }
        double v = metric.applyAsDouble(num) / metric.applyAsDouble(den);
        b.append(String.format(Locale.ROOT, "  %s: %.2f%s%n", label, v,
                Double.isNaN(goal) ? "" : v <= goal ? " (met)" : " (NOT met)"));
    }
}
