package org.glimmr.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.lakehouse.LakehouseTables;
import org.glimmr.lakehouse.TableDefinition;
import org.glimmr.lakehouse.testing.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedSpark.class)
class IngestJobTest {
    private static final List<TableDefinition> TABLES = List.of(LakehouseTables.MRF_FILES, LakehouseTables.STANDARD_CHARGES,
            LakehouseTables.REJECTED_ROWS, LakehouseTables.FILE_FINDINGS, LakehouseTables.HOSPITALS);

    private static Dataset<Row> table(SparkSession spark, GlimmrConfig config, TableDefinition t) {
        return spark.read().format("delta").load(t.location(config.lakehouseRoot()));
    }

    private static long version(SparkSession spark, GlimmrConfig config, TableDefinition t) {
        return io.delta.tables.DeltaTable.forPath(spark, t.location(config.lakehouseRoot())).history(1).first().getAs("version");
    }

    private static BigDecimal acmeVisit(SparkSession spark, GlimmrConfig config, String hospital) {
        String path = LakehouseTables.STANDARD_CHARGES.location(config.lakehouseRoot());
        String hospitals = LakehouseTables.HOSPITALS.location(config.lakehouseRoot());
        List<Row> rows = spark.sql("SELECT negotiated_dollar FROM delta.`" + path + "` c JOIN delta.`" + hospitals
                + "` h USING (hospital_id) WHERE c.code = '99213' AND c.payer_name = 'Acme Health' AND h.hospital_name = '"
                + hospital + "'").collectAsList();
        assertThat(rows).as("one Acme office-visit price").hasSize(1);
        return rows.get(0).getDecimal(0);
    }

    @Test
    void samplesIngestAndASecondRunChangesNothing(SharedSpark.Context ctx) {
        SparkSession spark = ctx.spark();
        GlimmrConfig config = ctx.config();
        Path input = ctx.dataDir().resolve("in-idem");
        TestMrfs.write(input, "lakeside.csv", TestMrfs.tallV3("Lakeside Test Hospital", "2026-03-01", "101.50"));
        TestMrfs.write(input, "prairie.csv", TestMrfs.tallV3("Prairie Test Hospital", "2026-02-01", "88"));
        TestMrfs.write(input, "page.html", "<!DOCTYPE html><html><body>Please verify you are human</body></html>");

        IngestSummary first = new IngestJob(spark, config, System.out, Clock.systemUTC()).run(input.toString());
        assertThat(first.filesSeen()).isEqualTo(3);
        assertThat(first.ok()).isEqualTo(2);
        assertThat(first.rejected()).as("the HTML page").isEqualTo(1);
        assertThat(first.rows()).isEqualTo(8);
        assertThat(first.rejectedByReason()).containsEntry("NOT_AN_MRF", 1L);
        assertThat(acmeVisit(spark, config, "Lakeside Test Hospital")).isEqualByComparingTo("101.50");
        assertThat(acmeVisit(spark, config, "Prairie Test Hospital")).isEqualByComparingTo("88");
        assertThat(table(spark, config, LakehouseTables.STANDARD_CHARGES).where("source_line = 4 AND hospital_id IS NOT NULL").count())
                .as("lineage: the first data record is line 4 of each file").isEqualTo(2);
        assertThat(table(spark, config, LakehouseTables.STANDARD_CHARGES).groupBy("last_updated_on").count()
                .orderBy("last_updated_on").collectAsList()).as("every row carries its file's date")
                .extracting(r -> r.getDate(0).toString() + "=" + r.getLong(1)).containsExactly("2026-02-01=4", "2026-03-01=4");

        List<List<Row>> before = TABLES.stream().map(t -> table(spark, config, t).drop("ingested_at", "updated_at")
                .orderBy(table(spark, config, t).columns()[0]).collectAsList()).toList();
        List<Long> versions = TABLES.stream().map(t -> version(spark, config, t)).toList();

        IngestSummary second = new IngestJob(spark, config, System.out, Clock.systemUTC()).run(input.toString());
        assertThat(second.skipped()).isEqualTo(3);
        assertThat(second.rows()).isZero();
        List<List<Row>> after = TABLES.stream().map(t -> table(spark, config, t).drop("ingested_at", "updated_at")
                .orderBy(table(spark, config, t).columns()[0]).collectAsList()).toList();
        assertThat(after).as("every table's contents").isEqualTo(before);
        assertThat(TABLES.stream().map(t -> version(spark, config, t)).toList()).as("no new Delta versions").isEqualTo(versions);
    }

    @Test
    void aBadValueInOnePayerGroupCostsOnlyThatValue(SharedSpark.Context ctx) {
        SparkSession spark = ctx.spark();
        GlimmrConfig config = ctx.config();
        Path input = TestMrfs.write(ctx.dataDir().resolve("in-perdiem"), "walnut.csv",
                TestMrfs.wideV3("Walnut Test Hospital", "2026-03-01", "Per Diem"));

        IngestSummary summary = new IngestJob(spark, config, System.out, Clock.systemUTC()).run(input.toString());

        assertThat(summary.partial()).isEqualTo(1);
        Row file = table(spark, config, LakehouseTables.MRF_FILES).where("hospital_name = 'Walnut Test Hospital'").first();
        String sha = file.getAs("sha256");
        Dataset<Row> rows = table(spark, config, LakehouseTables.STANDARD_CHARGES).where("file_sha256 = '" + sha + "'");
        Dataset<Row> rejected = table(spark, config, LakehouseTables.REJECTED_ROWS).where("file_sha256 = '" + sha + "'");
        List<String> mri = rows.where("source_line = 4").orderBy("payer_name")
                .selectExpr("concat_ws(' ', payer_name, coalesce(plan_name, '-'), cast(negotiated_dollar AS string),"
                        + " coalesce(cast(negotiated_percentage AS string), '-'), methodology)").as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList();
        assertThat(mri).as("the MRI record: the bad group's dollar and methodology, and the other groups")
                .containsExactly("Aetna PPO 1200.000000 - per diem", "Bolt HMO 950.000000 - case rate",
                        "Cedar Care - 900.000000 - fee schedule");
        assertThat(rejected.collectAsList()).as("the bad value, with its column").singleElement().satisfies(r -> {
            assertThat(r.<String>getAs("reason")).isEqualTo("BAD_NUMBER");
            assertThat(r.<String>getAs("location")).isEqualTo("line 4, column \"standard_charge|Aetna|PPO|negotiated_percentage\"");
            assertThat(r.<String>getAs("raw")).isEqualTo("Per Diem");
            assertThat(r.<String>getAs("message")).contains("left out").contains("rest of the row kept");
        });
        assertThat(file.<String>getAs("status")).isEqualTo("partial");
        assertThat(file.<String>getAs("reason")).contains("1 values could not be read and were left out of their rows");
        assertThat(file.<Long>getAs("row_count")).as("bronze row count = silver rows = 3 + 2").isEqualTo(rows.count())
                .isEqualTo(5);
        assertThat(file.<Long>getAs("rejected_count")).as("bronze rejected count = silver.rejected_rows")
                .isEqualTo(rejected.count());
        assertThat(table(spark, config, LakehouseTables.FILE_FINDINGS).where("file_sha256 = '" + sha
                + "' AND rule = 'InvalidNumberFormat'").select("location").as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList()).as("the CMS finding").containsExactly(
                "line 4, column \"standard_charge|Aetna|PPO|negotiated_percentage\"");
    }

    @Test
    void aNewerFileReplacesTheHospitalsRowsAndTimeTravelKeepsTheOldOnes(SharedSpark.Context ctx) {
        SparkSession spark = ctx.spark();
        GlimmrConfig config = ctx.config();
        Path dir = ctx.dataDir();
        new IngestJob(spark, config, System.out, Clock.systemUTC()).run(TestMrfs.write(dir.resolve("v1"), "cedar.csv",
                TestMrfs.tallV3("Cedar Test Hospital", "2026-01-15", "120")).toString());
        new IngestJob(spark, config, System.out, Clock.systemUTC()).run(TestMrfs.write(dir.resolve("other"), "elm.csv",
                TestMrfs.tallV3("Elm Test Hospital", "2026-01-15", "77")).toString());
        long versionBefore = version(spark, config, LakehouseTables.STANDARD_CHARGES);

        IngestSummary newer = new IngestJob(spark, config, System.out, Clock.systemUTC()).run(TestMrfs.write(dir.resolve("v2"), "cedar.csv",
                TestMrfs.tallV3("Cedar Test Hospital", "2026-04-01", "135.25")).toString());
        assertThat(newer.ok()).isEqualTo(1);
        assertThat(version(spark, config, LakehouseTables.STANDARD_CHARGES)).as("one transaction").isEqualTo(versionBefore + 1);

        Dataset<Row> charges = table(spark, config, LakehouseTables.STANDARD_CHARGES);
        assertThat(charges.count()).as("Cedar's 4 rows replaced, Elm's 4 kept").isEqualTo(8);
        List<Row> cedar = spark.sql("SELECT DISTINCT c.file_sha256, h.current_file_sha256 FROM delta.`"
                + LakehouseTables.STANDARD_CHARGES.location(config.lakehouseRoot()) + "` c JOIN delta.`"
                + LakehouseTables.HOSPITALS.location(config.lakehouseRoot()) + "` h USING (hospital_id)"
                + " WHERE h.hospital_name = 'Cedar Test Hospital'").collectAsList();
        assertThat(cedar).hasSize(1);
        assertThat(cedar.get(0).getString(0)).isEqualTo(cedar.get(0).getString(1));
        assertThat(spark.sql("SELECT count(*) FROM delta.`" + LakehouseTables.STANDARD_CHARGES.location(config.lakehouseRoot())
                + "` WHERE code = '99213' AND payer_name = 'Acme Health'").first().getLong(0)).isEqualTo(2);
        assertThat(spark.sql("SELECT negotiated_dollar FROM delta.`" + LakehouseTables.STANDARD_CHARGES.location(config.lakehouseRoot())
                + "` c WHERE code = '99213' AND payer_name = 'Acme Health' AND negotiated_dollar > 100").first().getDecimal(0))
                .isEqualByComparingTo("135.25");
        assertThat(spark.sql("SELECT negotiated_dollar FROM delta.`" + LakehouseTables.STANDARD_CHARGES.location(config.lakehouseRoot())
                + "` VERSION AS OF " + versionBefore + " WHERE code = '99213' AND payer_name = 'Acme Health' AND negotiated_dollar > 100")
                .first().getDecimal(0)).as("time travel").isEqualByComparingTo("120");
        List<Row> changes = spark.sql("SELECT _change_type, negotiated_dollar FROM table_changes_by_path('"
                + LakehouseTables.STANDARD_CHARGES.location(config.lakehouseRoot()) + "', " + (versionBefore + 1) + ")"
                + " WHERE code = '99213' AND payer_name = 'Acme Health'").collectAsList();
        assertThat(changes).extracting(r -> r.getString(0) + " " + r.getDecimal(1).stripTrailingZeros().toPlainString())
                .containsExactlyInAnyOrder("delete 120", "insert 135.25");

        // an older file arriving later does not replace the newer one
        IngestSummary older = new IngestJob(spark, config, System.out, Clock.systemUTC()).run(TestMrfs.write(dir.resolve("v0"), "cedar.csv",
                TestMrfs.tallV3("Cedar Test Hospital", "2025-12-01", "99")).toString());
        assertThat(older.files()).singleElement().satisfies(f -> assertThat(f.current()).isFalse());
        assertThat(table(spark, config, LakehouseTables.MRF_FILES).count()).isEqualTo(4);
        assertThat(spark.sql("SELECT files_seen FROM delta.`" + LakehouseTables.HOSPITALS.location(config.lakehouseRoot())
                + "` WHERE hospital_name = 'Cedar Test Hospital'").first().getLong(0)).isEqualTo(3);
    }

    @Test
    void anUndatedFileNeverDisplacesADatedOne(SharedSpark.Context ctx) {
        SparkSession spark = ctx.spark();
        GlimmrConfig config = ctx.config();
        Path dir = ctx.dataDir().resolve("undated");
        IngestJob job = new IngestJob(spark, config, System.out, Clock.systemUTC());

        // alone, an undated file is current: there is nothing better
        IngestSummary u1 = job.run(TestMrfs.write(dir.resolve("u1"), "oak.csv", TestMrfs.tallV3("Oak Test Hospital", "", "101")).toString());
        assertThat(u1.files()).singleElement().satisfies(f -> assertThat(f.current()).isTrue());
        assertThat(acmeVisit(spark, config, "Oak Test Hospital")).isEqualByComparingTo("101");
        // a dated file replaces it
        job.run(TestMrfs.write(dir.resolve("d1"), "oak.csv", TestMrfs.tallV3("Oak Test Hospital", "2025-06-01", "102")).toString());
        assertThat(acmeVisit(spark, config, "Oak Test Hospital")).isEqualByComparingTo("102");
        // a later undated file does not displace the dated one, however old that is
        IngestSummary u2 = job.run(TestMrfs.write(dir.resolve("u2"), "oak.csv", TestMrfs.tallV3("Oak Test Hospital", "", "103")).toString());
        assertThat(u2.files()).singleElement().satisfies(f -> assertThat(f.current()).isFalse());
        assertThat(acmeVisit(spark, config, "Oak Test Hospital")).isEqualByComparingTo("102");
        Row oak = spark.sql("SELECT last_updated_on, files_seen FROM delta.`" + LakehouseTables.HOSPITALS.location(config.lakehouseRoot())
                + "` WHERE hospital_name = 'Oak Test Hospital'").first();
        assertThat(oak.getDate(0)).hasToString("2025-06-01");
        assertThat(oak.getLong(1)).isEqualTo(3);

        // in one batch, the dated file wins whichever path sorts last
        Path both = dir.resolve("both");
        TestMrfs.write(both, "a-dated.csv", TestMrfs.tallV3("Pine Test Hospital", "2024-01-01", "201"));
        TestMrfs.write(both, "z-undated.csv", TestMrfs.tallV3("Pine Test Hospital", "", "202"));
        IngestSummary batch = job.run(both.toString());
        assertThat(batch.files()).extracting(f -> f.uri().replaceAll(".*/", "") + " " + f.current())
                .containsExactlyInAnyOrder("a-dated.csv true", "z-undated.csv false");
        assertThat(acmeVisit(spark, config, "Pine Test Hospital")).isEqualByComparingTo("201");
    }

    @Test
    void aSmallBatchIsCutSoThatEveryCoreHasParts() {
        long mb = 1L << 20;
        assertThat(IngestJob.partBytes(63 * mb, 2, 64 * mb)).as("one real file, 2 cores: 4 parts").isEqualTo(16 * mb);
        assertThat(IngestJob.partBytes(106 * mb, 2, 64 * mb)).as("two real files").isEqualTo(106 * mb / 4);
        assertThat(IngestJob.partBytes(10L << 30, 2, 64 * mb)).as("a large batch: the configured size").isEqualTo(64 * mb);
        assertThat(IngestJob.partBytes(mb, 8, 64 * mb)).as("never below 16 MB").isEqualTo(16 * mb);
        assertThat(IngestJob.partBytes(mb, 8, 4 * mb)).as("unless configured smaller").isEqualTo(4 * mb);
    }

    @Test
    void theCurrentFileRule() {
        java.time.LocalDate jan = java.time.LocalDate.parse("2026-01-01");
        java.time.LocalDate feb = java.time.LocalDate.parse("2026-02-01");
        assertThat(IngestJob.replacesCurrent(null, true, jan)).as("undated over dated").isFalse();
        assertThat(IngestJob.replacesCurrent(null, true, null)).as("undated over undated: the later arrival").isTrue();
        assertThat(IngestJob.replacesCurrent(null, false, null)).as("undated, no current file").isTrue();
        assertThat(IngestJob.replacesCurrent(jan, true, null)).as("dated over undated").isTrue();
        assertThat(IngestJob.replacesCurrent(jan, true, feb)).as("older over newer").isFalse();
        assertThat(IngestJob.replacesCurrent(feb, true, jan)).as("newer over older").isTrue();
        assertThat(IngestJob.replacesCurrent(jan, true, jan)).as("same date: the later arrival").isTrue();
    }

    @Test
    void inputAndLakehouseOnS3a(SharedSpark.Context ctx) throws Exception {
        SparkSession spark = ctx.spark();
        GlimmrConfig s3 = ctx.s3Config("ingest-s3-test");
        Path local = TestMrfs.write(ctx.dataDir().resolve("s3-upload"), "harbor.csv",
                TestMrfs.tallV3("Harbor Test Hospital", "2026-05-05", "140"));
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path("s3a://ingest-s3-test/raw/incoming/harbor.csv");
        FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
        fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(local.toUri()), target);

        IngestSummary summary = new IngestJob(spark, s3, System.out, Clock.systemUTC()).run("s3a://ingest-s3-test/raw/incoming");
        assertThat(summary.ok()).isEqualTo(1);
        assertThat(summary.rows()).isEqualTo(4);
        assertThat(acmeVisit(spark, s3, "Harbor Test Hospital")).isEqualByComparingTo("140");
        assertThat(table(spark, s3, LakehouseTables.MRF_FILES).first().<String>getAs("source_path")).startsWith("s3a://ingest-s3-test/");
        IngestSummary again = new IngestJob(spark, s3, System.out, Clock.systemUTC()).run("s3a://ingest-s3-test/raw/incoming");
        assertThat(again.skipped()).isEqualTo(1);
    }

    @Test
    void aRunHasOneTimeFromItsClock(SharedSpark.Context ctx) {
        SparkSession spark = ctx.spark();
        GlimmrConfig config = ctx.config();
        Path input = ctx.dataDir().resolve("in-clock");
        TestMrfs.write(input, "lakeside.csv", TestMrfs.tallV3("Lakeside Test Hospital", "2026-03-01", "101.50"));
        java.time.Instant at = java.time.Instant.parse("2031-02-03T04:05:06Z");

        IngestSummary summary = new IngestJob(spark, config, System.out, Clock.fixed(at, java.time.ZoneOffset.UTC))
                .run(input.toString());

        assertThat(summary.runId()).isEqualTo("ingest-20310203T040506Z");
        Row file = table(spark, config, LakehouseTables.MRF_FILES).select("ingest_run", "ingested_at").first();
        assertThat(file.getString(0)).isEqualTo("ingest-20310203T040506Z");
        assertThat(file.getTimestamp(1).toInstant()).isEqualTo(at);
        Row hospital = table(spark, config, LakehouseTables.HOSPITALS).select("updated_at").first();
        assertThat(hospital.getTimestamp(0).toInstant()).as("when the file became current: the same run time").isEqualTo(at);
    }
}
