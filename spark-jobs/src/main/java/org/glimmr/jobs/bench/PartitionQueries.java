package org.glimmr.jobs.bench;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.glimmr.common.GlimmrException;
import org.glimmr.common.db.GlimmrDatabase;
import org.glimmr.jobs.export.ExportJob;

/**
 * The SQL of the API's three main routes, run by {@code pgbench} against the partitioned curated tables and against
 * unpartitioned copies of them ({@code bench_flat}) that have the same indexes: what partitioning costs or saves a
 * reader, on the same rows. The statements are those of {@code serving/.../data} ({@code PriceQueries.pricedSql},
 * {@code PriceQueries.byRateId}, {@code CodeQueries.stats}) for the routes' default parameters, with bound parameters
 * ({@code -M prepared}), as the API's driver sends them, planned as the API's connections plan them.
 *
 * <p>Each transaction first picks its parameters: a random row of a small key table ({@code \gset}), then runs the
 * route's statement. The key lookup is the same in both variants and is part of each latency.
 */
final class PartitionQueries {
    /** The API's connections' planning settings ({@code Db.PLANNING} in serving; a test keeps the two equal). */
    static final String API_PLANNING = "-c jit=off -c plan_cache_mode=force_generic_plan";
    static final String FLAT = "bench_flat";
    static final String CURATED = "curated";

    /** One route's figures, round by round, on the partitioned tables and on the unpartitioned copies. */
    record Route(String name, List<Figures> partitioned, List<Figures> flat) {
        Route {
            partitioned = List.copyOf(partitioned);
            flat = List.copyOf(flat);
        }
    }

    /** One pgbench run: transactions per second, median and 99th-percentile latency in milliseconds. */
    record Figures(double tps, double p50, double p99) {}

    /** A route: its name, its key table's query, its statement with {@code %s} for the schema of the big table. */
    record Sql(String name, String keys, String statement) {}

    private static final String RATE_SELECT = "r.rate_id, r.hospital_id, r.state, r.code_type, r.code, r.setting, r.billing_class,"
            + " r.modifiers, r.description, r.payer, r.payer_name, r.plan_name, r.methodology, r.negotiated_dollar,"
            + " r.negotiated_percentage, r.negotiated_algorithm, r.derived_dollar, r.gross_charge, r.discounted_cash";
    private static final String OUTER_SELECT = "select u.rate_id, u.hospital_id, h.hospital_name, u.state, u.code_type, u.code,"
            + " u.setting, u.billing_class, u.modifiers, u.description, u.payer, u.payer_name, u.plan_name, u.methodology,"
            + " u.negotiated_dollar, u.negotiated_percentage, u.negotiated_algorithm, u.derived_dollar, case when u.negotiated_dollar"
            + " is not null then 'published' when u.derived_dollar is not null then 'derived' end as price_basis, u.gross_charge,"
            + " u.discounted_cash, coalesce((select run_id from glimmr.export_runs where status = 'done' order by finished_at desc,"
            + " run_id desc limit 1), '') as glimmr_load";
    private static final String PRICE_ORDER = " order by r.negotiated_dollar asc, r.hospital_id asc, r.rate_id asc limit :lim)";

    static final List<Sql> ROUTES = List.of(
            // GET /api/v1/prices?code_type=T&code=C&limit=20 (PriceQueries.pricedSql: 21 rows, to know there is a next page;
            // the page's only statement when the code has that many published dollars; byPriceSql follows otherwise)
            new Sql("GET /api/v1/prices", "select code_type, code from " + FLAT + ".keys_codes where k = :k",
                    OUTER_SELECT + " from ((select " + RATE_SELECT + " from %s.negotiated_rates r where r.code_type = :code_type"
                            + " and r.code = :code and r.negotiated_dollar is not null" + PRICE_ORDER + ") u left join"
                            + " curated.hospitals h on h.hospital_id = u.hospital_id order by u.negotiated_dollar asc nulls last,"
                            + " u.hospital_id asc, u.rate_id asc limit :lim"),
            // GET /api/v1/hospitals/{id}/prices?code_type=T&code=C (PriceQueries.byRateId: the first page, 101 rows)
            new Sql("GET /api/v1/hospitals/{id}/prices", "select hospital_id, code_type, code from " + FLAT
                    + ".keys_hospital_codes where k = :k",
                    OUTER_SELECT + " from (select " + RATE_SELECT + " from %s.negotiated_rates r where r.code_type = :code_type"
                            + " and r.code = :code and r.hospital_id = :hospital_id and r.rate_id > :after order by r.rate_id"
                            + " limit :hlim) u left join curated.hospitals h on h.hospital_id = u.hospital_id order by u.rate_id"),
            // GET /api/v1/codes/{t}/{c}/stats?geography=US (CodeQueries.stats, limit 1000)
            new Sql("GET /api/v1/codes/{t}/{c}/stats", "select code_type, code from " + FLAT + ".keys_stats_codes where k = :k",
                    "select setting, billing_class, modifiers, payer, geography, measure, hospitals, rates, min, p10, p25,"
                            + " median, p75, p90, max, mean from %s.code_price_stats where code_type = :code_type and code = :code"
                            + " and geography = :geography order by geography <> 'US', geography, payer <> '*', payer, measure,"
                            + " setting nulls first, billing_class nulls last, modifiers nulls last limit :slim"));

    private final GlimmrDatabase db;
    private final Path dir;
    private final int clients;
    private final int seconds;
    private final PrintStream out;

    PartitionQueries(GlimmrDatabase db, Path dir, int clients, int seconds, PrintStream out) {
        this.db = requireNonNull(db, "db is null");
        this.dir = requireNonNull(dir, "dir is null");
        this.clients = clients;
        this.seconds = seconds;
        this.out = requireNonNull(out, "out is null");
    }

    /** Copies, key tables, a warm-up of every script, then {@code rounds} rounds of each route, the two variants in turn. */
    List<Route> run(int rounds) throws Exception {
        String pgbench = pgbench();
        Files.createDirectories(dir);
        long[] keys = prepare();
        List<List<Figures>> partitioned = new ArrayList<>();
        List<List<Figures>> flat = new ArrayList<>();
        List<Path[]> scripts = new ArrayList<>();
        for (int i = 0; i < ROUTES.size(); i++) {
            scripts.add(new Path[] {script(i, CURATED), script(i, FLAT)});
            partitioned.add(new ArrayList<>());
            flat.add(new ArrayList<>());
        }
        out.printf("export benchmark, partitions: pgbench, %d clients, %d s per run; warming up%n", clients, seconds);
        for (int i = 0; i < ROUTES.size(); i++) {
            for (Path s : scripts.get(i)) {
                pgbench(pgbench, s, keys[i], Math.max(1, seconds / 4), null);
            }
        }
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < ROUTES.size(); i++) {
                // the two variants in turn, the first one alternating, so that neither always runs right after the other
                for (int v = 0; v < 2; v++) {
                    boolean onPartitions = (v + round) % 2 == 0;
                    Figures f = pgbench(pgbench, scripts.get(i)[onPartitions ? 0 : 1], keys[i], seconds, dir.resolve("log-" + i));
                    (onPartitions ? partitioned : flat).get(i).add(f);
                    out.printf(Locale.ROOT, "  %-36s %-13s %9.0f tps  p50 %7.2f ms  p99 %7.2f ms%n", ROUTES.get(i).name(),
                            onPartitions ? "partitioned" : "unpartitioned", f.tps(), f.p50(), f.p99());
                }
            }
        }
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA " + FLAT + " CASCADE");
        }
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < ROUTES.size(); i++) {
            routes.add(new Route(ROUTES.get(i).name(), partitioned.get(i), flat.get(i)));
        }
        return routes;
    }

    /**
     * {@code bench_flat}: unpartitioned copies of the rates and statistics with the indexes and constraints of the
     * curated tables, and the key tables the scripts draw their parameters from. Both variants vacuumed and analysed.
     * Returns the number of keys of each route.
     */
    private long[] prepare() throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + FLAT + " CASCADE");
            st.execute("CREATE SCHEMA " + FLAT);
            for (String t : List.of("negotiated_rates", "code_price_stats")) {
                st.execute("CREATE TABLE " + FLAT + "." + t + " (LIKE curated." + t + " INCLUDING DEFAULTS)");
                st.execute("INSERT INTO " + FLAT + "." + t + " SELECT * FROM curated." + t);
                for (String ddl : ExportJob.indexDefinitions(c, t, FLAT)) {
                    st.execute(ddl);
                }
            }
            st.execute("CREATE TABLE " + FLAT + ".keys_codes AS SELECT row_number() OVER (ORDER BY code_type, code) AS k, code_type, code"
                    + " FROM (SELECT DISTINCT code_type, code FROM curated.negotiated_rates WHERE code IS NOT NULL) x");
            st.execute("CREATE TABLE " + FLAT + ".keys_hospital_codes AS SELECT row_number() OVER (ORDER BY hospital_id, code_type, code)"
                    + " AS k, hospital_id, code_type, code FROM (SELECT DISTINCT hospital_id, code_type, code FROM curated.negotiated_rates"
                    + " WHERE code IS NOT NULL) x");
            st.execute("CREATE TABLE " + FLAT + ".keys_stats_codes AS SELECT row_number() OVER (ORDER BY code_type, code) AS k,"
                    + " code_type, code FROM (SELECT DISTINCT code_type, code FROM curated.code_price_stats WHERE geography = 'US') x");
            for (String t : List.of("keys_codes", "keys_hospital_codes", "keys_stats_codes")) {
                st.execute("ALTER TABLE " + FLAT + "." + t + " ADD PRIMARY KEY (k)");
            }
            for (String t : List.of(FLAT + ".negotiated_rates", FLAT + ".code_price_stats", "curated.negotiated_rates",
                    "curated.code_price_stats", "curated.hospitals", FLAT + ".keys_codes", FLAT + ".keys_hospital_codes",
                    FLAT + ".keys_stats_codes")) {
                st.execute("VACUUM ANALYZE " + t);
            }
            st.execute("CHECKPOINT");
            long[] keys = new long[ROUTES.size()];
            String[] tables = {"keys_codes", "keys_hospital_codes", "keys_stats_codes"};
            for (int i = 0; i < tables.length; i++) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + FLAT + "." + tables[i])) {
                    rs.next();
                    keys[i] = rs.getLong(1);
                }
            }
            return keys;
        }
    }

    private Path script(int route, String schema) throws IOException {
        Sql sql = ROUTES.get(route);
        Path file = dir.resolve("route-" + route + "-" + schema + ".sql");
        Files.writeString(file, "\\set k random(1, :nkeys)\n" + sql.keys() + " \\gset\n" + sql.statement().replace("%s", schema)
                + ";\n", StandardCharsets.UTF_8);
        return file;
    }

    private Figures pgbench(String pgbench, Path script, long keys, int duration, Path logPrefix) throws Exception {
        URI uri = URI.create(db.jdbcUrl().substring("jdbc:".length()));
        List<String> command = new ArrayList<>(List.of(pgbench, "-h", uri.getHost(), "-p", String.valueOf(uri.getPort()), "-U",
                db.user(), "-n", "-M", "prepared", "-c", String.valueOf(clients), "-j", String.valueOf(Math.min(clients, 2)),
                "-T", String.valueOf(duration), "-D", "nkeys=" + keys, "-D", "lim=21", "-D", "hlim=101", "-D", "slim=1000",
                "-D", "geography=US", "-D", "after=" + Long.MIN_VALUE, "-f", script.toString()));
        if (logPrefix != null) {
            clearLogs(logPrefix);
            command.addAll(List.of("-l", "--log-prefix=" + logPrefix));
        }
        command.add(uri.getPath().substring(1));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        db.password().ifPresent(pw -> pb.environment().put("PGPASSWORD", pw));
        pb.environment().put("PGOPTIONS", API_PLANNING);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(duration + 120L, TimeUnit.SECONDS) || p.exitValue() != 0 || output.contains("aborted")) {
            p.destroyForcibly();
            throw new IllegalStateException("pgbench failed on " + script + ":\n" + output);
        }
        if (logPrefix == null) {
            return new Figures(0, 0, 0);
        }
        double tps = output.lines().filter(l -> l.startsWith("tps = ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(6).split(" ")[0])).orElseThrow();
        List<Long> micros = new ArrayList<>();
        try (Stream<Path> logs = Files.list(logPrefix.getParent())) {
            for (Path log : logs.filter(f -> f.getFileName().toString().startsWith(logPrefix.getFileName() + ".")).toList()) {
                for (String line : Files.readAllLines(log)) {
                    micros.add(Long.parseLong(line.split(" ")[2]));
                }
            }
        }
        clearLogs(logPrefix);
        micros.sort(null);
        return new Figures(tps, percentile(micros, 0.50) / 1000.0, percentile(micros, 0.99) / 1000.0);
    }

    private static void clearLogs(Path prefix) throws IOException {
        try (Stream<Path> logs = Files.list(prefix.getParent())) {
            for (Path f : logs.filter(f -> f.getFileName().toString().startsWith(prefix.getFileName() + ".")).toList()) {
                Files.delete(f);
            }
        }
    }

    /** The value at quantile {@code q} of sorted values (nearest rank). */
    static long percentile(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private static String pgbench() {
        for (String dirName : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dirName.isEmpty() ? "." : dirName, "pgbench");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new GlimmrException(GlimmrException.ErrorCode.USAGE, "the export benchmark's case 'partitions' runs pgbench, which"
                + " is not on the PATH. Fix: install it (Debian: apt-get install postgresql-contrib, which brings the server"
                + " package that ships pgbench), or leave the case out (--cases full,incremental)");
    }

    /** The routes as Markdown: each variant's medians over the rounds and the round-by-round p99s. */
    static String render(List<Route> routes, int clients, int seconds) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "pgbench -M prepared, %d clients, %d s per run, the"
                + " API's planning settings (%s); medians of the rounds%n%n", clients, seconds, API_PLANNING));
        b.append("| route (its SQL) | tables | tps | p50 ms | p99 ms | p99 ms of each round |\n|---|---|---:|---:|---:|---|\n");
        for (Route r : routes) {
            row(b, r.name(), "partitioned (16)", r.partitioned());
            row(b, r.name(), "unpartitioned", r.flat());
        }
        b.append('\n');
        for (Route r : routes) {
            b.append(String.format(Locale.ROOT, "%s: p99 partitioned ÷ unpartitioned %.2f (medians)%n", r.name(),
                    median(r.partitioned(), Figures::p99) / median(r.flat(), Figures::p99)));
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String route, String tables, List<Figures> runs) {
        b.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %.2f | %.2f | %s |%n", route, tables, median(runs, Figures::tps),
                median(runs, Figures::p50), median(runs, Figures::p99),
                runs.stream().map(f -> String.format(Locale.ROOT, "%.2f", f.p99())).collect(Collectors.joining(", "))));
    }

    private static double median(List<Figures> runs, java.util.function.ToDoubleFunction<Figures> field) {
        return IngestBenchmark.median(runs.stream().map(field::applyAsDouble).toList());
    }
}
