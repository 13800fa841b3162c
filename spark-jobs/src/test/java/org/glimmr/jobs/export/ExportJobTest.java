package org.glimmr.jobs.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.common.db.GlimmrDatabase;
import org.glimmr.common.testing.TestingCli;
import org.glimmr.common.testing.TestingJvm;
import org.glimmr.common.testing.TestingPorts;
import org.glimmr.jobs.Glimmr;
import org.glimmr.jobs.aggregate.AggregateJob;
import org.glimmr.jobs.aggregate.PayerMatcher;
import org.glimmr.jobs.ingest.IngestJob;
import org.glimmr.jobs.ingest.TestMrfs;
import org.glimmr.lakehouse.LakehouseTables;
import org.glimmr.lakehouse.testing.SharedSpark;
import org.glimmr.serving.ApiServer;
import org.glimmr.serving.GlimmrServing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Export into a real (embedded) PostgreSQL: contents, reruns, readers during a swap, a kill mid-load, and a slow CSV
 * download during a swap.
 */
@ExtendWith(SharedSpark.class)
class ExportJobTest {
    private static final PayerMatcher MATCHER = name -> new PayerMatcher.Match(name.toLowerCase(java.util.Locale.ROOT),
            name.toLowerCase(java.util.Locale.ROOT).replace(' ', '_'), name, "commercial", "exact");
    /** What a reader sees in one statement: rates, hospitals, hospital prices. */
    private static final String SNAPSHOT = "SELECT (SELECT count(*) FROM curated.negotiated_rates) || '/'"
            + " || (SELECT count(*) FROM curated.hospitals) || '/' || (SELECT count(*) FROM curated.hospital_code_prices)";

    @Test
    void exportIsCompleteRerunnableAtomicAndSurvivesAKill(SharedSpark.Context ctx) throws Exception {
        SparkSession spark = ctx.spark();
        GlimmrConfig config = GlimmrConfig.load(Map.of("GLIMMR_DATA_DIR", ctx.dataDir().toString(),
                "GLIMMR_SPARK_MASTER", "local[2]", "GLIMMR_DB_EMBEDDED_PORT", String.valueOf(TestingPorts.free())), ctx.dataDir());
        Path in = ctx.dataDir().resolve("in");
        aggregateAfter(spark, config, in, "lakeside.csv", TestMrfs.tallV3("Lakeside Test Hospital", "2026-03-01", "101.50"));

        try (GlimmrDatabase db = GlimmrDatabase.open(config)) {
            // 1. contents: every gold row, prices as published
            ExportJob.Summary first = new ExportJob(spark, config, System.out).run(db);
            assertThat(first.rows()).containsEntry("negotiated_rates", 4L).containsEntry("hospitals", 1L)
                    .containsEntry("files", 1L).containsEntry("hospital_code_prices", 2L);
            assertThat(first.sourceVersions()).containsKey("gold.negotiated_rates");
            assertThat(query(db, "SELECT negotiated_dollar::text FROM curated.negotiated_rates WHERE code = '99213'"
                    + " AND payer_name = 'Acme Health'")).containsExactly("101.500000");
            assertThat(query(db, "SELECT hospital_name || ' ' || state || ' ' || array_length(location_names, 1)"
                    + " FROM curated.hospitals")).containsExactly("Lakeside Test Hospital TX 1");
            assertThat(query(db, "SELECT status || ' ' || mode || ' ' || (source_versions ? 'gold.code_price_stats')"
                    + " FROM glimmr.export_runs")).containsExactly("done full true");
            assertThat(query(db, "SELECT count(*) FROM pg_inherits WHERE inhparent = 'curated.negotiated_rates'::regclass"))
                    .as("the swapped-in table is partitioned as the migrations define").containsExactly("16");
            assertThat(query(db, "SELECT indexname FROM pg_indexes WHERE schemaname = 'curated' AND tablename = 'negotiated_rates'"))
                    .as("indexes follow the swap").contains("negotiated_rates_pkey", "negotiated_rates_code_price_idx");
            assertThat(query(db, "SELECT DISTINCT count(*) FILTER (WHERE ip.inhparent IS NOT NULL) || '/' || count(*)"
                    + " FROM pg_inherits p JOIN pg_index i ON i.indrelid = p.inhrelid LEFT JOIN pg_inherits ip ON ip.inhrelid = i.indexrelid"
                    + " WHERE p.inhparent = 'curated.negotiated_rates'::regclass GROUP BY p.inhrelid"))
                    .as("each partition's indexes, built one partition at a time, are the partitioned table's (attached), none twice")
                    .containsExactly(query(db, "SELECT count(*) || '/' || count(*) FROM pg_index"
                            + " WHERE indrelid = 'curated.negotiated_rates'::regclass").get(0));
            assertThat(query(db, "SELECT DISTINCT coalesce(array_to_string(c.reloptions, ','), '') FROM pg_class c"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'curated' AND c.relkind = 'r'"))
                    .as("autovacuum, off while the load fills them, is on again for the swapped-in tables").containsExactly("");

            // 2. the same gold exported twice gives identical tables; nothing changed, so the second is incremental
            List<String> before = dump(db);
            new ExportJob(spark, config, System.out).run(db);
            assertThat(dump(db)).isEqualTo(before);
            assertThat(query(db, "SELECT mode FROM glimmr.export_runs ORDER BY started_at")).containsExactly("full", "incremental");
            String old = query(db, SNAPSHOT).get(0);

            // 3. a second hospital arrives; readers during the export see the old or the new data set, never a mix
            aggregateAfter(spark, config, in, "prairie.csv", TestMrfs.tallV3("Prairie Test Hospital", "2026-02-01", "88"));
            Set<String> seen = ConcurrentHashMap.newKeySet();
            AtomicBoolean stop = new AtomicBoolean();
            List<Throwable> readerErrors = new ArrayList<>();
            Thread reader = new Thread(() -> {
                try (Connection c = db.connect(); Statement st = c.createStatement()) {
                    while (!stop.get()) {
                        try (ResultSet rs = st.executeQuery(SNAPSHOT)) {
                            rs.next();
                            seen.add(rs.getString(1));
                        }
                    }
                } catch (SQLException e) {
                    readerErrors.add(e);
                }
            });
            reader.start();
            new ExportJob(spark, config, System.out).run(db);
            String fresh = query(db, SNAPSHOT).get(0);
            stop.set(true);
            reader.join();
            assertThat(readerErrors).isEmpty();
            assertThat(fresh).isEqualTo("8/2/4");
            assertThat(seen).as("every reader snapshot is complete").isSubsetOf(old, fresh).contains(old);

            // 4. a full export killed mid-load (in the COPY of one of the last tables it copies) leaves the previous data
            // visible throughout, and its run is reconciled by the next export, which is complete
            aggregateAfter(spark, config, in, "cedar.csv", TestMrfs.tallV3("Cedar Test Hospital", "2026-01-01", "77"));
            Process child = exportInAnotherJvm(ctx.dataDir(), db);
            try (Connection blocker = holdFilesCopy(db, child)) {
                assertThat(query(db, "SELECT count(*) FROM curated_load.negotiated_rates")).as("rates copied before the kill")
                        .containsExactly("12");
                assertThat(query(db, SNAPSHOT).get(0)).as("old data while the load runs").isEqualTo(fresh);
                child.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
                blocker.rollback();
            }
            assertThat(query(db, SNAPSHOT).get(0)).as("old data after the kill").isEqualTo(fresh);
            assertThat(query(db, "SELECT count(*) FROM glimmr.export_runs WHERE status = 'running'")).containsExactly("1");

            // ... and one killed later, loaded and waiting to swap behind a reader's open transaction, leaves it too
            child = exportInAnotherJvm(ctx.dataDir(), db);
            try (Connection holder = db.connect()) {
                holder.setAutoCommit(false);
                try (Statement st = holder.createStatement()) {
                    st.executeQuery("SELECT count(*) FROM curated.negotiated_rates").close(); // holds a share lock
                }
                waitUntil(() -> !query(db, "SELECT 1 FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'LOCK TABLE curated.%'").isEmpty(), child);
                assertThat(query(db, "SELECT count(*) FROM curated_load.negotiated_rates")).as("loaded before the swap")
                        .containsExactly("12");
                child.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
                holder.rollback();
            }
            assertThat(query(db, SNAPSHOT).get(0)).as("old data after a kill at the swap").isEqualTo(fresh);

            ExportJob.Summary after = new ExportJob(spark, config, System.out).run(db);
            assertThat(after.rows()).containsEntry("hospitals", 3L);
            assertThat(query(db, SNAPSHOT).get(0)).isEqualTo("12/3/6");
            assertThat(query(db, "SELECT count(*) FROM glimmr.export_runs WHERE status = 'running'"))
                    .as("each killed run is marked failed by the export after it").containsExactly("0");
            assertThat(query(db, "SELECT message FROM glimmr.export_runs WHERE status = 'failed'")).hasSize(2)
                    .allSatisfy(m -> assertThat(m).contains("ended before it finished"));

            // 5. one hospital's newer file: the export replaces that hospital's rows and no other's
            String lakeside = query(db, "SELECT hospital_id FROM curated.hospitals WHERE hospital_name = 'Lakeside Test Hospital'").get(0);
            String othersBefore = query(db, "SELECT string_agg(hospital_id || ':' || rate_id || ':' || xmin, ',' ORDER BY hospital_id, rate_id)"
                    + " FROM curated.negotiated_rates WHERE hospital_id <> '" + lakeside + "'").get(0);
            aggregateAfter(spark, config, in, "lakeside-2.csv", TestMrfs.tallV3("Lakeside Test Hospital", "2026-06-01", "111.25"));
            // an incremental export killed after it replaced the rates in its transaction, while it still copies: the
            // old rows stay, for readers meanwhile and after the kill
            String lakesidePrice = "SELECT negotiated_dollar::text FROM curated.negotiated_rates WHERE code = '99213'"
                    + " AND payer_name = 'Acme Health' AND hospital_id = '" + lakeside + "'";
            assertThat(query(db, lakesidePrice)).containsExactly("101.500000");
            child = exportInAnotherJvm(ctx.dataDir(), db, false);
            try (Connection blocker = holdFilesCopy(db, child)) {
                // the export's own connection: a transaction that has written (the replaced rates), not committed
                waitUntil(() -> !query(db, "SELECT 1 FROM pg_stat_activity WHERE state = 'idle in transaction'"
                        + " AND backend_xid IS NOT NULL AND query LIKE 'INSERT INTO curated.%'").isEmpty(), child);
                assertThat(query(db, lakesidePrice)).as("readers see the old rates while the export runs").containsExactly("101.500000");
                child.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
                blocker.rollback();
            }
            assertThat(query(db, lakesidePrice)).as("old rates after the kill").containsExactly("101.500000");
            assertThat(query(db, SNAPSHOT).get(0)).isEqualTo("12/3/6");
            ByteArrayOutputStream said = new ByteArrayOutputStream();
            ExportJob.Summary one = new ExportJob(spark, config, new PrintStream(said, true, StandardCharsets.UTF_8)).run(db);
            assertThat(one.rows()).as("rows loaded: the hospital's 4 rates").containsEntry("negotiated_rates", 4L);
            assertThat(said.toString(StandardCharsets.UTF_8)).as("one aggregate run since the last export")
                    .containsPattern("gold.code_price_stats rows in scope read from the [1-9][0-9]* of its [0-9]+ files added since v");
            assertThat(query(db, "SELECT mode || ' ' || (covered -> 'hospitals')::text FROM glimmr.export_runs"
                    + " WHERE run_id = '" + one.runId() + "'")).containsExactly("incremental [\"" + lakeside + "\"]");
            assertThat(query(db, "SELECT string_agg(hospital_id || ':' || rate_id || ':' || xmin, ',' ORDER BY hospital_id, rate_id)"
                    + " FROM curated.negotiated_rates WHERE hospital_id <> '" + lakeside + "'").get(0))
                    .as("the other hospitals' rows are the same row versions (xmin)").isEqualTo(othersBefore);
            assertThat(query(db, SNAPSHOT).get(0)).isEqualTo("12/3/6");
            assertSameAsFullExport(spark, config, db, "the incremental export");
            try (ApiServer api = ApiServer.start(config, db, 0)) {
                assertThat(priceFromTheApi(api, apiKey(config, "viewer"), lakeside)).isEqualTo("111.250000");

                // 6. a slow client downloads rates.csv while a full export swaps: the export does not wait for it, and
                // the download ends with exactly the first rates of the old load and a line that says why
                String analyst = apiKey(config, "analyst");
                sql(db, "INSERT INTO curated.negotiated_rates SELECT " + String.join(", ", ExportJob.TARGETS.stream()
                        .filter(t -> t.table().equals("negotiated_rates")).findFirst().orElseThrow().columns()).replaceFirst("rate_id",
                        "rate_id + 10 * g") + " FROM curated.negotiated_rates, generate_series(1, 12500) g WHERE hospital_id = '" + lakeside + "'");
                List<String> oldRates = query(db, "SELECT rate_id FROM curated.negotiated_rates WHERE hospital_id = '" + lakeside
                        + "' ORDER BY rate_id");
                // 50,004 rates, about 12 MB of CSV: more than the socket buffers take in while the client does not read
                // (about 5 MB here), so the download is still running when the export swaps
                assertThat(oldRates).as("the old load's rates of the hospital: several pages of the download").hasSize(50_004);
                try (SlowDownload download = SlowDownload.start(api.port(), "/api/v1/exports/rates.csv?hospital_id=" + lakeside, analyst)) {
                    assertThat(download.status()).isEqualTo(200);
                    // bounded well below the 600 s after which a swap that cannot take its locks gives up
                    ExportJob.Summary swapped = java.util.concurrent.CompletableFuture.supplyAsync(
                            () -> new ExportJob(spark, config, System.out).run(db, true)).get(120, TimeUnit.SECONDS);
                    SlowDownload.Body body = download.readToEnd();
                    assertThat(body.complete()).as("the answer ends as a chunked answer does: the last line is its end").isTrue();
                    List<String> lines = List.of(body.text().split("\r\n"));
                    List<String> rates = lines.subList(1, lines.size() - 1);
                    assertThat(rates).as("rates before the swap").isNotEmpty().hasSizeLessThan(oldRates.size());
                    assertThat(rates.stream().map(l -> l.substring(0, l.indexOf(','))).toList()).as("a prefix of the old load")
                            .isEqualTo(oldRates.subList(0, rates.size()));
                    assertThat(lines.get(lines.size() - 1)).startsWith("# glimmr: incomplete: an export replaced the data")
                            .contains("after " + rates.size() + " rates").contains("the new load is '" + swapped.runId() + "'")
                            .contains("Fix: download again");
                }
                HttpResponse<String> again = get(api, "/api/v1/exports/rates.csv?hospital_id=" + lakeside, analyst);
                assertThat(again.statusCode()).isEqualTo(200);
                assertThat(again.body().split("\r\n")).as("downloaded again: the new load whole").hasSize(5);
            }

            // 7. an autovacuum of the old tables (made to crawl here: it alone would take minutes) does not hold the next
            // full export's swap back: PostgreSQL cancels it once the swap has waited its deadlock timeout
            sql(db, "INSERT INTO curated.negotiated_rates SELECT " + String.join(", ", ExportJob.TARGETS.stream()
                    .filter(t -> t.table().equals("negotiated_rates")).findFirst().orElseThrow().columns())
                    .replaceFirst("rate_id", "rate_id + 10 * g").replaceFirst("hospital_id", "'vacuum-test'")
                    + " FROM curated.negotiated_rates, generate_series(1, 25000) g WHERE hospital_id = '" + lakeside + "'");
            String partition = query(db, "SELECT tableoid::regclass::text FROM curated.negotiated_rates WHERE hospital_id = 'vacuum-test' LIMIT 1").get(0);
            sql(db, "DELETE FROM curated.negotiated_rates WHERE hospital_id = 'vacuum-test'");
            sql(db, "ALTER TABLE " + partition + " SET (autovacuum_vacuum_threshold = 0, autovacuum_vacuum_scale_factor = 0,"
                    + " autovacuum_vacuum_cost_delay = 100, autovacuum_vacuum_cost_limit = 1)");
            assertThat(Long.parseLong(query(db, "SELECT pg_relation_size('" + partition + "') / 8192").get(0)))
                    .as("pages the vacuum sleeps 100 ms after, each").isGreaterThan(1500);
            sql(db, "ALTER SYSTEM SET autovacuum_naptime = '1s'");
            sql(db, "SELECT pg_reload_conf()");
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (query(db, "SELECT 1 FROM pg_stat_activity WHERE backend_type = 'autovacuum worker' AND query LIKE '%"
                        + partition.substring(partition.indexOf('.') + 1) + "%'").isEmpty()) {
                    assertThat(System.nanoTime()).as("an autovacuum of " + partition + " started").isLessThan(deadline);
                    Thread.sleep(100);
                }
                long started = System.nanoTime();
                ExportJob.Summary past = java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> new ExportJob(spark, config, System.out).run(db, true)).get(120, TimeUnit.SECONDS);
                assertThat((System.nanoTime() - started) / 1e9).as("the export did not wait for the vacuum").isLessThan(60);
                assertThat(query(db, "SELECT status FROM glimmr.export_runs WHERE run_id = '" + past.runId() + "'")).containsExactly("done");
                assertThat(query(db, "SELECT count(*) FROM curated.negotiated_rates WHERE hospital_id = 'vacuum-test'")).containsExactly("0");
            } finally {
                sql(db, "ALTER SYSTEM RESET autovacuum_naptime");
                sql(db, "SELECT pg_reload_conf()");
            }

            // 8. after a new hospital with a code of its own, a newer file of lakeside: the one aggregate run since the last
            // export wrote lakeside's codes only, and the export reads them from the files that run added, not from the
            // older ones that hold the other code's statistics
            aggregateAfter(spark, config, in, "willow.csv", TestMrfs.wideV3("Willow Test Hospital", "2026-07-01", "60"));
            new ExportJob(spark, config, System.out).run(db);
            aggregateAfter(spark, config, in, "lakeside-3.csv", TestMrfs.tallV3("Lakeside Test Hospital", "2026-07-01", "120"));
            ByteArrayOutputStream oneRun = new ByteArrayOutputStream();
            new ExportJob(spark, config, new PrintStream(oneRun, true, StandardCharsets.UTF_8)).run(db);
            Matcher read = Pattern.compile("read from the ([0-9]+) of its ([0-9]+) files")
                    .matcher(oneRun.toString(StandardCharsets.UTF_8));
            assertThat(read.find()).as("the statistics read from the run's files: " + oneRun).isTrue();
            assertThat(Integer.parseInt(read.group(1))).as("files read").isPositive().isLessThan(Integer.parseInt(read.group(2)));
            assertSameAsFullExport(spark, config, db, "an incremental export of one aggregate run");

            // 9. two aggregate runs since the last export, each after a newer file of another hospital: the export covers
            // both, reading the statistics in scope from the whole table
            aggregateAfter(spark, config, in, "prairie-2.csv", TestMrfs.tallV3("Prairie Test Hospital", "2026-07-01", "90"));
            aggregateAfter(spark, config, in, "willow-2.csv", TestMrfs.wideV3("Willow Test Hospital", "2026-08-01", "65"));
            ByteArrayOutputStream twoRuns = new ByteArrayOutputStream();
            ExportJob.Summary both = new ExportJob(spark, config, new PrintStream(twoRuns, true, StandardCharsets.UTF_8)).run(db);
            assertThat(query(db, "SELECT mode || ' ' || jsonb_array_length(covered -> 'hospitals') FROM glimmr.export_runs"
                    + " WHERE run_id = '" + both.runId() + "'")).containsExactly("incremental 2");
            assertThat(twoRuns.toString(StandardCharsets.UTF_8)).doesNotContain("rows in scope read from");
            assertSameAsFullExport(spark, config, db, "an incremental export of two aggregate runs");
        }
    }

    /** Ingests one more file and runs the (incremental) aggregate. */
    private static void aggregateAfter(SparkSession spark, GlimmrConfig config, Path in, String name, String content) {
        TestMrfs.write(in, name, content);
        new IngestJob(spark, config, System.out, Clock.systemUTC()).run(in.toString());
        new AggregateJob(spark, config, MATCHER, System.out, Clock.systemUTC()).run(LocalDate.parse("2026-11-25"));
    }

    /** Every curated table as it is, against a full export of the same gold (which it then holds). */
    private static void assertSameAsFullExport(SparkSession spark, GlimmrConfig config, GlimmrDatabase db, String what)
            throws SQLException {
        List<String> before = dump(db);
        new ExportJob(spark, config, System.out).run(db, true);
        assertThat(dump(db)).as("every table after %s, against a full export of the same gold", what).isEqualTo(before);
    }

    private static String apiKey(GlimmrConfig config, String role) {
        TestingCli.Result created = TestingCli.run(GlimmrServing.commandLine(config), "apikey", "create", "--name", "export-test-" + role,
                "--role", role);
        assertThat(created.exit()).as(created.err()).isZero();
        return created.out().strip();
    }

    private static HttpResponse<String> get(ApiServer api, String path, String key) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.baseUri() + path)).header("X-API-Key", key).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Lakeside's Acme Health price for 99213, as the REST API answers it. */
    private static String priceFromTheApi(ApiServer api, String key, String hospital) throws Exception {
        HttpResponse<String> response = get(api, "/api/v1/hospitals/" + hospital + "/prices?code_type=CPT&code=99213", key);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        for (JsonNode rate : new ObjectMapper().readTree(response.body()).get("data")) {
            if (rate.get("payer_name").asText().equals("Acme Health")) {
                return rate.get("negotiated_dollar").decimalValue().setScale(6).toPlainString();
            }
        }
        throw new AssertionError("no Acme Health rate in " + response.body());
    }

    private static Process exportInAnotherJvm(Path dataDir, GlimmrDatabase db) throws IOException {
        return exportInAnotherJvm(dataDir, db, true);
    }

    private static Process exportInAnotherJvm(Path dataDir, GlimmrDatabase db, boolean full) throws IOException {
        Map<String, String> env = Map.of("GLIMMR_DATA_DIR", dataDir.toString(), "GLIMMR_SPARK_MASTER", "local[1]",
                "GLIMMR_DB_URL", db.jdbcUrl(), "GLIMMR_DB_USER", db.user());
        TestingJvm jvm = full ? TestingJvm.of(Glimmr.class, dataDir, env, "export", "--full") : TestingJvm.of(Glimmr.class, dataDir, env, "export");
        return jvm.start(dataDir.resolve(full ? "child-export.log" : "child-export-incremental.log"));
    }

    interface Check {
        boolean ok() throws Exception;
    }

    /**
     * Stops the export running in {@code child} inside its COPY into curated_load.files: the export makes every staging
     * table first (file_findings last), then copies the large tables first and files among the last, so a connection
     * holding that table stops it after the rates were copied. The caller rolls the connection back once done.
     */
    private static Connection holdFilesCopy(GlimmrDatabase db, Process child) throws Exception {
        Connection blocker = db.connect();
        try {
            blocker.setAutoCommit(false);
            waitUntil(() -> !query(db, "SELECT 1 FROM pg_tables WHERE schemaname = 'curated_load' AND tablename = 'file_findings'")
                    .isEmpty(), child);
            try (Statement st = blocker.createStatement()) {
                st.execute("LOCK TABLE curated_load.files IN ACCESS EXCLUSIVE MODE");
            }
            waitUntil(() -> !query(db, "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    + " AND query LIKE 'COPY curated_load.files %'").isEmpty(), child);
            return blocker;
        } catch (Exception | AssertionError e) {
            blocker.close();
            throw e;
        }
    }

    private static void waitUntil(Check check, Process child) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (!check.ok()) {
            assertThat(child.isAlive()).as("the export in the other JVM is still running").isTrue();
            assertThat(System.nanoTime()).as("the export reached the swap in time").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static List<String> dump(GlimmrDatabase db) throws SQLException {
        List<String> all = new ArrayList<>();
        for (ExportJob.Target t : ExportJob.TARGETS) {
            all.add("-- " + t.table());
            all.addAll(query(db, "SELECT t::text FROM curated." + t.table() + " t ORDER BY 1"));
        }
        return all;
    }

    private static void sql(GlimmrDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    static List<String> query(GlimmrDatabase db, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
