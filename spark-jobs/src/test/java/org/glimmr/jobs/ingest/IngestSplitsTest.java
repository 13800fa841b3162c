package org.glimmr.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import org.apache.spark.sql.Row;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.generate.GenerationReport;
import org.glimmr.generate.GeneratorOptions;
import org.glimmr.generate.MrfGenerator;
import org.glimmr.lakehouse.LakehouseTables;
import org.glimmr.lakehouse.testing.SharedSpark;
import org.glimmr.mrf.Layout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Large files are parsed in several Spark tasks (JSON elements, CSV record ranges) and lose or repeat nothing. */
@ExtendWith(SharedSpark.class)
class IngestSplitsTest {
    @Test
    void jsonAndWideCsvInSeveralPartsGiveEveryRowOnce(SharedSpark.Context ctx) throws Exception {
        GlimmrConfig c = ctx.config();
        GlimmrConfig oneMb = new GlimmrConfig(c.dataDir(), c.lakehouseRoot(), c.rawRoot(), c.sparkMaster(), c.s3(), c.database(),
                c.apiPort(), 1L << 20, c.vacuumRetentionHours());
        Path dir = java.nio.file.Files.createDirectories(ctx.dataDir().resolve("big"));
        GenerationReport json = MrfGenerator.writeTo(GeneratorOptions.defaults(Layout.JSON, "3.0.0").withTargetBytes(4L << 20)
                .withHospital("Split Json Hospital", "OR"), dir.resolve("a.json"));
        GenerationReport wide = MrfGenerator.writeTo(GeneratorOptions.defaults(Layout.CSV_WIDE, "2.0.0").withTargetBytes(4L << 20)
                .withPayers(30, 4).withHospital("Split Wide Hospital", "WA"), dir.resolve("b.csv"));

        IngestSummary s = new IngestJob(ctx.spark(), oneMb, System.out, Clock.systemUTC()).run(dir.toString());
        assertThat(s.ok()).isEqualTo(2);
        assertThat(s.rows()).isEqualTo(json.canonicalRows() + wide.canonicalRows());
        for (Row r : ctx.spark().read().format("delta").load(LakehouseTables.MRF_FILES.location(oneMb.lakehouseRoot())).collectAsList()) {
            assertThat(r.<Integer>getAs("splits")).as("parts of %s", r.<String>getAs("source_path")).isGreaterThan(2);
        }
        long distinct = ctx.spark().read().format("delta").load(LakehouseTables.STANDARD_CHARGES.location(oneMb.lakehouseRoot()))
                .selectExpr("file_sha256", "coalesce(cast(source_line as string), source_path_in_file)", "payer_name", "plan_name",
                        "setting")
                .distinct().count();
        assertThat(distinct).as("no row twice").isEqualTo(s.rows());
    }
}
