package org.glimmr.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.common.db.GlimmrDatabase;
import org.glimmr.common.testing.TestingCli;
import org.glimmr.common.testing.TestingPorts;
import org.glimmr.jobs.ingest.IngestJob;
import org.glimmr.jobs.ingest.TestMrfs;
import org.glimmr.lakehouse.LakehouseTables;
import org.glimmr.lakehouse.testing.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedSpark.class)
class MaintainCommandTest {

    @Test
    void optimizesVacuumsAndBacksUpPostgresKeepingTheNewest(SharedSpark.Context ctx) throws Exception {
        GlimmrConfig config = GlimmrConfig.load(Map.of("GLIMMR_DATA_DIR", ctx.dataDir().toString(),
                "GLIMMR_SPARK_MASTER", "local[2]", "GLIMMR_DB_EMBEDDED_PORT", String.valueOf(TestingPorts.free()),
                GlimmrConfig.ENV_BACKUP_KEY, Base64.getEncoder().encodeToString(new byte[32])), ctx.dataDir());
        Path in = ctx.dataDir().resolve("in");
        TestMrfs.write(in, "a.csv", TestMrfs.tallV3("Lakeside Test Hospital", "2026-03-01", "101.50"));
        new IngestJob(ctx.spark(), config, System.out, Clock.systemUTC()).run(in.toString());
        try (GlimmrDatabase db = GlimmrDatabase.open(config); Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO curated.payers (payer, payer_name, payer_type) VALUES ('aetna', 'Aetna, Inc.', 'commercial')");

            String out = run(ctx, config, "maintain", "--keep-backups", "1", "--unencrypted");
            assertThat(out).containsPattern("optimized and vacuumed \\d+ tables").contains("backup: ").contains("NOT encrypted");
            assertThat(ctx.spark().sql("DESCRIBE HISTORY delta.`" + LakehouseTables.STANDARD_CHARGES.location(config.lakehouseRoot())
                    + "`").where("operation = 'OPTIMIZE'").count()).isEqualTo(1);
            Path backups = ctx.dataDir().resolve("lakehouse/_backups/postgres");
            List<Path> first = list(backups);
            assertThat(first).hasSize(1);
            assertThat(gunzip(first.get(0).resolve("curated.payers.csv.gz")))
                    .startsWith("payer,payer_name,payer_type").contains("aetna,\"Aetna, Inc.\",commercial");
            assertThat(Files.readString(first.get(0).resolve("MANIFEST.tsv"))).contains("file\tcurated.payers\tcurated.payers.csv.gz\t1\t");

            Thread.sleep(1100); // backup folders are named by the second
            String again = run(ctx, config, "maintain", "--no-delta", "--keep-backups", "1");
            assertThat(again).contains("optimized and vacuumed 0 tables").contains("(encrypted,").contains("removed 1 older backups");
            List<Path> second = list(backups);
            assertThat(second).hasSize(1).doesNotContain(first.get(0));
            assertThat(second.get(0).resolve("curated.payers.csv.gz.enc")).exists();

            String bad = run(ctx, config, "maintain", "--keep-backups", "0");
            assertThat(bad).contains("--keep-backups 0").contains("Fix:");
        }
    }

    private static String run(SharedSpark.Context ctx, GlimmrConfig config, String... args) {
        TestingCli.Result r = CommandsTest.run(config, ctx.spark(), args);
        return r.out() + r.err();
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    private static String gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
