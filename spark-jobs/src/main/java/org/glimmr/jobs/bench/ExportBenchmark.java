package org.glimmr.jobs.bench;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.common.db.GlimmrDatabase;
import org.glimmr.jobs.aggregate.PayerMatcher;
import org.glimmr.jobs.export.ExportJob;

/**
 * The export benchmark, every case in one run and one JVM, on a lakehouse of generated hospitals whose gold the real
 * ingest and aggregate made ({@link ExportBenchLakehouse}), loaded into the benchmark's own embedded PostgreSQL:
 *
 * <ul>
 *   <li>{@code full}: a full export (COPY into the partitioned staging tables, indexes, ANALYZE, swap) against plain
 *       {@code COPY} of the same rows, same columns, into plain tables without indexes or partitions
 *       ({@link PlainCopy}), over one connection and over as many as the machine has cores.</li>
 *   <li>{@code incremental}: one hospital publishes a new file (real ingest, real incremental aggregate); the
 *       incremental export that follows against the full export of the same round.</li>
 *   <li>{@code partitions}: the SQL of the API's three main routes through {@code pgbench}, on the partitioned curated
 *       tables and on unpartitioned copies with the same indexes ({@link PartitionQueries}).</li>
 *   <li>{@code writers}: synthetic rate rows through our COPY path and through Spark's JDBC writer.</li>
 * </ul>
 * With {@code rounds} above 1 the cases run round after round, so that a slow spell of a shared machine falls on all
 * of them alike; each reports its median and every round, and the ratios are taken round by round.
 */
public final class ExportBenchmark {
    public static final List<String> CASES = List.of("full", "incremental", "partitions", "writers");
    public static final List<String> DEFAULT_CASES = List.of("full", "incremental", "partitions");

    /** What to run. */
    public record Options(int hospitals, long fileBytes, int rounds, Set<String> cases, long writerRows, int pgbenchSeconds,
            int clients) {
        public Options {
            cases = Set.copyOf(cases);
            for (String c : cases) {
                if (!CASES.contains(c)) {
                    throw new IllegalArgumentException("unknown export benchmark case '" + c + "', expected one of " + CASES);
                }
            }
            if (rounds < 1) {
                throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
            }
            if (pgbenchSeconds < 1 || clients < 1) {
                throw new IllegalArgumentException("pgbench seconds and clients must be at least 1, got " + pgbenchSeconds
                        + " and " + clients);
            }
        }
    }

    /** One measurement: rows moved and seconds taken. */
    public record Run(long rows, double seconds) {
        public double rowsPerSecond() {
            return rows / seconds;
        }
    }

    /** A case over the rounds. */
    public record Case(String label, List<Run> runs) {
        public Case {
            runs = List.copyOf(runs);
        }

        public double seconds() {
            return median(runs.stream().map(Run::seconds).toList());
        }

        public double rowsPerSecond() {
            return median(runs.stream().map(Run::rowsPerSecond).toList());
        }

        long rows() {
            return runs.isEmpty() ? 0 : runs.get(runs.size() - 1).rows();
        }
    }

    /**
     * What the last incremental export changed in {@code curated.negotiated_rates}: the rows of the hospital that
     * published a new file (before and after), and how many other hospitals kept every row as it was.
     */
    public record Replaced(String hospitalId, long rowsBefore, long rowsAfter, int untouched) {
        public Replaced {
            requireNonNull(hospitalId, "hospitalId is null");
        }
    }

    /** Everything one run measured. */
    public record Report(Options options, String machine, List<Case> full, List<Case> incremental, Optional<Replaced> replaced,
            List<String> exportSteps, List<PartitionQueries.Route> partitions, List<Case> writers) {
        public Report {
            full = List.copyOf(full);
            incremental = List.copyOf(incremental);
            requireNonNull(replaced, "replaced is null");
            exportSteps = List.copyOf(exportSteps);
            partitions = List.copyOf(partitions);
            writers = List.copyOf(writers);
        }
    }

    static final String FULL = "full export (COPY, indexes, ANALYZE, swap)";
    static final String PLAIN_ONE = "plain COPY, 1 connection";
    static final String INCREMENTAL = "incremental export after one hospital's new file";

    private final SparkSession spark;
    private final GlimmrConfig config;
    private final PayerMatcher payers;
    private final Path dir;
    private final PrintStream out;

    public ExportBenchmark(SparkSession spark, GlimmrConfig config, PayerMatcher payers, Path dir, PrintStream out) {
        this.spark = requireNonNull(spark, "spark is null");
        this.config = requireNonNull(config, "config is null");
        this.payers = requireNonNull(payers, "payers is null");
        this.dir = requireNonNull(dir, "dir is null");
        this.out = requireNonNull(out, "out is null");
    }

    static String plainMany(int streams) {
        return "plain COPY, " + streams + " connections";
    }

    public Report run(Options options) throws Exception {
        int streams = Math.max(2, Runtime.getRuntime().availableProcessors());
        String machine = Runtime.getRuntime().availableProcessors() + " cores, Spark " + spark.conf().get("spark.master")
                + ", load average before " + loadAverage();
        ExportBenchLakehouse lake = new ExportBenchLakehouse(spark, config, payers, dir, options.hospitals(), options.fileBytes(), out);
        List<Run> full = new ArrayList<>();
        List<Run> plainOne = new ArrayList<>();
        List<Run> plainMany = new ArrayList<>();
        List<Run> incremental = new ArrayList<>();
        Optional<Replaced> replaced = Optional.empty();
        List<String> steps = List.of();
        List<PartitionQueries.Route> routes = List.of();
        List<Case> writers = List.of();
        boolean exports = options.cases().contains("full") || options.cases().contains("incremental");
        boolean partitions = options.cases().contains("partitions");
        if (exports || partitions) {
            lake.ensure();
        }
        try (GlimmrDatabase db = GlimmrDatabase.open(lake.config())) {
            for (int round = 1; exports && round <= options.rounds(); round++) {
                out.printf("export benchmark: round %d of %d%n", round, options.rounds());
                ByteArrayOutputStream log = new ByteArrayOutputStream();
                full.add(say(FULL, export(db, lake, true, log)));
                steps = log.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(" rows copied") || l.contains(" indexed in ")).toList();
                if (options.cases().contains("full")) {
                    List<PlainCopy.Dump> dumps = dump(db, lake.dir().resolve("plain"));
                    plainOne.add(say(PLAIN_ONE, plain(db, dumps, 1)));
                    plainMany.add(say(plainMany(streams), plain(db, dumps, streams)));
                }
                if (options.cases().contains("incremental")) {
                    Map<String, RatesFingerprint> before = RatesFingerprint.of(db);
                    lake.newFile();
                    incremental.add(say(INCREMENTAL, export(db, lake, false, new ByteArrayOutputStream())));
                    replaced = Optional.of(checkReplaced(db, before));
                }
            }
            if (partitions) {
                if (full.isEmpty()) {
                    new ExportJob(spark, lake.config(), out).run(db, false);
                }
                routes = new PartitionQueries(db, lake.dir().resolve("pgbench"), options.clients(), options.pgbenchSeconds(), out)
                        .run(options.rounds());
            }
            if (options.cases().contains("writers")) {
                writers = writers(db, options.writerRows(), options.rounds());
            }
        }
        List<Case> fullCases = new ArrayList<>();
        List<Case> incrementalCases = new ArrayList<>();
        if (!full.isEmpty()) {
            fullCases.add(new Case(FULL, full));
            if (!plainOne.isEmpty()) {
                fullCases.add(new Case(PLAIN_ONE, plainOne));
                fullCases.add(new Case(plainMany(streams), plainMany));
            }
            if (!incremental.isEmpty()) {
                incrementalCases.add(new Case(FULL, full));
                incrementalCases.add(new Case(INCREMENTAL, incremental));
            }
        }
        return new Report(options, machine, fullCases, incrementalCases, replaced, steps, routes, writers);
    }

    /** One export into the benchmark's database, its progress shown and kept in {@code log}; timed by the export itself. */
    private Run export(GlimmrDatabase db, ExportBenchLakehouse lake, boolean full, ByteArrayOutputStream log) {
        ExportJob.Summary summary = new ExportJob(spark, lake.config(), tee(log)).run(db, full);
        String mode = lastExportMode(db, summary.runId());
        if (!mode.equals(full ? "full" : "incremental")) {
            throw new IllegalStateException("the export benchmark asked for a" + (full ? " full" : "n incremental")
                    + " export and got a " + mode + " one (see glimmr.export_runs in " + lake.dir() + ")");
        }
        return new Run(total(summary), summary.seconds());
    }

    private static String lastExportMode(GlimmrDatabase db, String runId) {
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement("SELECT mode FROM glimmr.export_runs WHERE run_id = ? AND status = 'done'")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("export " + runId + " is not recorded as done in glimmr.export_runs");
                }
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read glimmr.export_runs: " + e.getMessage(), e);
        }
    }

    /** A hospital's rows in {@code curated.negotiated_rates}: how many, and a hash of all their values. */
    record RatesFingerprint(long rows, long hash) {
        static Map<String, RatesFingerprint> of(GlimmrDatabase db) throws SQLException {
            Map<String, RatesFingerprint> all = new TreeMap<>();
            try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT hospital_id, count(*), sum(hashtext(r::text)::bigint) FROM curated.negotiated_rates r GROUP BY hospital_id")) {
                while (rs.next()) {
                    all.put(rs.getString(1), new RatesFingerprint(rs.getLong(2), rs.getLong(3)));
                }
            }
            return all;
        }
    }

    /**
     * Checks that the incremental export replaced the rates of the hospital with the new file, and no other hospital's:
     * otherwise its time is not the time of what it claims to do.
     */
    private static Replaced checkReplaced(GlimmrDatabase db, Map<String, RatesFingerprint> before) throws SQLException {
        Map<String, RatesFingerprint> after = RatesFingerprint.of(db);
        String hospital;
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement("SELECT hospital_id FROM curated.hospitals WHERE hospital_name = ?")) {
            ps.setString(1, ExportBenchLakehouse.CHANGING_HOSPITAL);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException(ExportBenchLakehouse.CHANGING_HOSPITAL + " is not in curated.hospitals");
                }
                hospital = rs.getString(1);
            }
        }
        Set<String> changed = new TreeSet<>(before.keySet());
        changed.addAll(after.keySet());
        changed.removeIf(h -> java.util.Objects.equals(before.get(h), after.get(h)));
        if (!changed.equals(Set.of(hospital))) {
            throw new IllegalStateException("the incremental export was to replace the rates of hospital " + hospital
                    + " only, but the rates of " + (changed.isEmpty() ? "no hospital" : changed) + " changed");
        }
        return new Replaced(hospital, before.get(hospital).rows(), after.get(hospital).rows(), after.size() - 1);
    }

    /** The curated tables' rows as CSV files, for the plain COPY baseline. */
    private List<PlainCopy.Dump> dump(GlimmrDatabase db, Path into) throws Exception {
        List<PlainCopy.Dump> dumps = new ArrayList<>();
        try (Connection c = db.connect()) {
            for (ExportJob.Target t : ExportJob.TARGETS) {
                dumps.add(PlainCopy.dump(c, into, t.table(), t.columns()));
            }
        }
        return dumps;
    }

    private Run plain(GlimmrDatabase db, List<PlainCopy.Dump> dumps, int streams) throws Exception {
        try (Connection c = db.connect()) {
            PlainCopy.prepare(c, dumps);
            Run run = timed(() -> PlainCopy.load(db, dumps, streams));
            long counted = PlainCopy.count(c, dumps);
            if (run.rows() != PlainCopy.rows(dumps) || counted != run.rows()) {
                throw new IllegalStateException("plain COPY loaded " + run.rows() + " rows and its tables hold " + counted
                        + ", expected " + PlainCopy.rows(dumps));
            }
            PlainCopy.drop(c);
            return run;
        }
    }

    private PrintStream tee(ByteArrayOutputStream log) {
        return new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                log.write(b);
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                log.write(b, off, len);
                out.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8);
    }

    private static long total(ExportJob.Summary summary) {
        return summary.rows().values().stream().mapToLong(Long::longValue).sum();
    }

    private Run say(String label, Run run) {
        out.printf("  %-52s %,12d rows in %8.2f s = %,10.0f rows/s%n", label, run.rows(), run.seconds(), run.rowsPerSecond());
        return run;
    }

    interface Timed {
        long rows() throws Exception;
    }

    static Run timed(Timed work) throws Exception {
        long started = System.nanoTime();
        long rows = work.rows();
        return new Run(rows, (System.nanoTime() - started) / 1e9);
    }

    static double median(List<Double> values) {
        return IngestBenchmark.median(values);
    }

    static String loadAverage() {
        try {
            String[] parts = java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + ", " + parts[1] + ", " + parts[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    // ---- writers: our COPY against Spark's JDBC writer, on synthetic rate rows -------------------------------------

    static final List<String> WRITER_COLUMNS = List.of("rate_id", "hospital_id", "state", "code_type", "code", "setting",
            "billing_class", "description", "payer", "payer_name", "plan_name", "methodology", "negotiated_dollar",
            "negotiated_percentage", "negotiated_algorithm", "derived_dollar", "gross_charge", "discounted_cash", "file_sha256",
            "source_location");

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

    /** The same rows, cached in memory, into identical unlogged tables through each path, once per round. */
    private List<Case> writers(GlimmrDatabase db, long n, int rounds) throws Exception {
        Dataset<Row> data = rows(n).cache();
        long count = data.count();
        out.printf("export benchmark, writers: %,d rows cached in memory, %d partitions%n", count, data.rdd().getNumPartitions());
        List<String> labels = List.of("COPY (ours)", "Spark JDBC writer", "Spark JDBC + reWriteBatchedInserts");
        List<List<Run>> runs = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS bench");
            for (String t : List.of("rates_copy", "rates_jdbc", "rates_jdbc_batched")) {
                st.execute("DROP TABLE IF EXISTS bench." + t);
                st.execute("CREATE UNLOGGED TABLE bench." + t + " (LIKE curated.negotiated_rates INCLUDING DEFAULTS)");
            }
            for (int round = 0; round < rounds; round++) {
                runs.get(0).add(writer(st, labels.get(0), "rates_copy", count,
                        () -> ExportJob.copy(data, db, "bench.rates_copy", WRITER_COLUMNS)));
                runs.get(1).add(writer(st, labels.get(1), "rates_jdbc", count, () -> jdbc(data, db, "bench.rates_jdbc", false)));
                runs.get(2).add(writer(st, labels.get(2), "rates_jdbc_batched", count,
                        () -> jdbc(data, db, "bench.rates_jdbc_batched", true)));
            }
            st.execute("DROP SCHEMA bench CASCADE");
        } finally {
            data.unpersist();
        }
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            cases.add(new Case(labels.get(i), runs.get(i)));
        }
        return cases;
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

    private Run writer(Statement st, String label, String table, long expected, Timed load) throws Exception {
        st.execute("TRUNCATE bench." + table);
        st.execute("CHECKPOINT");
        double seconds = timed(load).seconds();
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM bench." + table)) {
            rs.next();
            if (rs.getLong(1) != expected) {
                throw new IllegalStateException(label + " loaded " + rs.getLong(1) + " rows, expected " + expected);
            }
        }
        return say(label, new Run(expected, seconds));
    }

    // ---- the report -------------------------------------------------------------------------------------------------

    /** The report as Markdown: tables, each case's median and rounds, the ratios round by round, the goals. */
    public static String render(Report r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%d hospitals, a generated tall CSV file of %,d bytes each; %s; %d round(s)%n%n",
                r.options().hospitals(), r.options().fileBytes(), r.machine(), r.options().rounds()));
        if (!r.full().isEmpty()) {
            b.append("### Full export against plain COPY of the same rows\n\n").append(table(r.full()));
            Case full = r.full().get(0);
            if (r.full().size() > 1) {
                Case best = r.full().subList(1, r.full().size()).stream()
                        .max(java.util.Comparator.comparingDouble(Case::rowsPerSecond)).orElseThrow();
                b.append(String.format(Locale.ROOT, "%nfull export rows/s ÷ %s rows/s (goal ≥ 0.50): **%.2f** (medians); round by"
                        + " round %s%n", best.label(), full.rowsPerSecond() / best.rowsPerSecond(), ratios(full, best, true)));
            }
            if (!r.exportSteps().isEmpty()) {
                b.append("\nThe last round's full export, table by table:\n\n```\n");
                r.exportSteps().forEach(l -> b.append(l.strip()).append('\n'));
                b.append("```\n");
            }
            b.append('\n');
        }
        if (!r.incremental().isEmpty()) {
            Case full = r.incremental().get(0);
            Case incremental = r.incremental().get(1);
            b.append("### Incremental export after one hospital's new file\n\n").append(table(r.incremental()));
            b.append(String.format(Locale.ROOT, "%nincremental ÷ full export time (goal ≤ 0.10): **%.3f** (medians); round by round"
                    + " %s%n", incremental.seconds() / full.seconds(), ratios(incremental, full, false)));
            r.replaced().ifPresent(x -> b.append(String.format(Locale.ROOT, "%nChecked after the last incremental export:"
                    + " curated.negotiated_rates of hospital %s (%s) replaced, %,d rows before and %,d after; the other %d"
                    + " hospitals' rows untouched (count and hash of every row)%n", x.hospitalId(),
                    ExportBenchLakehouse.CHANGING_HOSPITAL, x.rowsBefore(), x.rowsAfter(), x.untouched())));
            b.append('\n');
        }
        if (!r.partitions().isEmpty()) {
            b.append("### The API's SQL on partitioned and unpartitioned tables (pgbench)\n\n")
                    .append(PartitionQueries.render(r.partitions(), r.options().clients(), r.options().pgbenchSeconds())).append('\n');
        }
        if (!r.writers().isEmpty()) {
            b.append("### Writers: our COPY against Spark's JDBC writer\n\n").append(table(r.writers()));
            Case ours = r.writers().get(0);
            for (Case other : r.writers().subList(1, r.writers().size())) {
                b.append(String.format(Locale.ROOT, "%nCOPY (ours) ÷ %s rows/s: %.2f", other.label(),
                        ours.rowsPerSecond() / other.rowsPerSecond()));
            }
            b.append("\n");
        }
        return b.toString();
    }

    private static String table(List<Case> cases) {
        StringBuilder b = new StringBuilder("| case | rows | s (median) | s of each round | rows/s (median) |\n|---|---:|---:|---|---:|\n");
        for (Case c : cases) {
            b.append(String.format(Locale.ROOT, "| %s | %,d | %.2f | %s | %,.0f |%n", c.label(), c.rows(), c.seconds(),
                    c.runs().stream().map(x -> String.format(Locale.ROOT, "%.2f", x.seconds())).collect(Collectors.joining(", ")),
                    c.rowsPerSecond()));
        }
        return b.toString();
    }

    /** a ÷ b round by round: of rows/s, or of seconds. */
    static String ratios(Case a, Case b, boolean rates) {
        List<String> each = new ArrayList<>();
        for (int i = 0; i < Math.min(a.runs().size(), b.runs().size()); i++) {
            Run x = a.runs().get(i);
            Run y = b.runs().get(i);
            each.add(String.format(Locale.ROOT, rates ? "%.2f" : "%.3f", rates ? x.rowsPerSecond() / y.rowsPerSecond()
                    : x.seconds() / y.seconds()));
        }
        return String.join(", ", each);
    }
}
