package org.glimmr.jobs.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
import org.apache.spark.sql.SparkSession;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.common.db.GlimmrDatabase;
import org.glimmr.common.testing.TestingJvm;
import org.glimmr.common.testing.TestingPorts;
import org.glimmr.jobs.Glimmr;
import org.glimmr.jobs.aggregate.AggregateJob;
import org.glimmr.jobs.aggregate.PayerMatcher;
import org.glimmr.jobs.ingest.IngestJob;
import org.glimmr.jobs.ingest.TestMrfs;
import org.glimmr.lakehouse.LakehouseTables;
import org.glimmr.lakehouse.testing.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Export into a real (embedded) PostgreSQL: contents, reruns, readers during a swap, and a kill before the swap. */
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
        TestMrfs.write(in, "lakeside.csv", TestMrfs.tallV3("Lakeside Test Hospital", "2026-03-01", "101.50"));
        new IngestJob(spark, config, System.out, Clock.systemUTC()).run(in.toString());
        new AggregateJob(spark, config, MATCHER, System.out, Clock.systemUTC()).run(LocalDate.parse("2026-11-25"));

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
            assertThat(query(db, "SELECT status || ' ' || (source_versions ? 'gold.code_price_stats') FROM glimmr.export_runs"))
                    .containsExactly("done true");
            assertThat(query(db, "SELECT indexname FROM pg_indexes WHERE schemaname = 'curated' AND tablename = 'negotiated_rates'"))
                    .as("indexes follow the swap").contains("negotiated_rates_pkey", "negotiated_rates_code_price_idx");

            // 2. the same gold exported twice gives identical tables
            List<String> before = dump(db);
            new ExportJob(spark, config, System.out).run(db);
            assertThat(dump(db)).isEqualTo(before);
            String old = query(db, SNAPSHOT).get(0);

            // 3. a second hospital arrives; readers during the export see the old or the new data set, never a mix
            TestMrfs.write(in, "prairie.csv", TestMrfs.tallV3("Prairie Test Hospital", "2026-02-01", "88"));
            new IngestJob(spark, config, System.out, Clock.systemUTC()).run(in.toString());
            new AggregateJob(spark, config, MATCHER, System.out, Clock.systemUTC()).run(LocalDate.parse("2026-11-25"));
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

            // 4. an export killed midway (here: loaded, waiting to swap) leaves the previous data intact
            TestMrfs.write(in, "cedar.csv", TestMrfs.tallV3("Cedar Test Hospital", "2026-01-01", "77"));
            new IngestJob(spark, config, System.out, Clock.systemUTC()).run(in.toString());
            new AggregateJob(spark, config, MATCHER, System.out, Clock.systemUTC()).run(LocalDate.parse("2026-11-25"));
            Process child;
            try (Connection blocker = db.connect()) {
                blocker.setAutoCommit(false);
                try (Statement st = blocker.createStatement()) {
                    st.executeQuery("SELECT count(*) FROM curated.negotiated_rates").close(); // holds a share lock
                }
                child = exportInAnotherJvm(ctx.dataDir(), db);
                // the child has loaded everything and tries to swap, but the open reader holds a table
                waitUntil(() -> !query(db, "SELECT 1 FROM pg_stat_activity WHERE query LIKE 'LOCK TABLE curated.%'").isEmpty(), child);
                child.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
                blocker.rollback();
            }
            assertThat(query(db, SNAPSHOT).get(0)).as("old data after the kill").isEqualTo(fresh);
            assertThat(query(db, "SELECT count(*) FROM glimmr.export_runs WHERE status = 'running'")).containsExactly("1");
            ExportJob.Summary after = new ExportJob(spark, config, System.out).run(db);
            assertThat(after.rows()).containsEntry("hospitals", 3L);
            assertThat(query(db, SNAPSHOT).get(0)).isEqualTo("12/3/6");
        }
    }

    private static Process exportInAnotherJvm(Path dataDir, GlimmrDatabase db) throws IOException {
        return TestingJvm.of(Glimmr.class, dataDir, Map.of("GLIMMR_DATA_DIR", dataDir.toString(), "GLIMMR_SPARK_MASTER", "local[1]",
                "GLIMMR_DB_URL", db.jdbcUrl(), "GLIMMR_DB_USER", db.user()), "export").start(dataDir.resolve("child-export.log"));
    }

    interface Check {
        boolean ok() throws Exception;
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
