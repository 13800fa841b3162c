package org.glimmr.lakehouse;

import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.lakehouse.testing.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedSpark.class)
class LakehouseCatalogTest {
    @Test
    void createsEveryTableIdempotentlyWithComments(SharedSpark.Context ctx) {
        SparkSession spark = ctx.spark();
        List<String> created = LakehouseCatalog.createAll(spark, ctx.config());
        assertThat(created).hasSize(LakehouseTables.ALL.size()).contains("silver.standard_charges", "bronze.mrf_files");
        assertThat(LakehouseCatalog.createAll(spark, ctx.config())).as("second create").isEmpty();

        List<String> silver = spark.sql("SHOW TABLES IN silver").collectAsList().stream().map(r -> r.getString(1)).toList();
        assertThat(silver).contains("standard_charges", "rejected_rows", "file_findings", "hospitals");

        Row comment = spark.sql("DESCRIBE TABLE silver.standard_charges").where("col_name = 'file_sha256'").first();
        assertThat(comment.getString(2)).contains("sha256");
        StructType schema = spark.table("silver.standard_charges").schema();
        assertThat(schema.fieldNames()).contains("negotiated_dollar", "source_line", "source_path_in_file", "codes");
        String cdf = spark.sql("SHOW TBLPROPERTIES silver.standard_charges ('delta.enableChangeDataFeed')").first().getString(1);
        assertThat(cdf).isEqualTo("true");

        // a new catalog (as in a fresh process) finds the tables by name again
        LakehouseCatalog.reregister(spark, ctx.config());
        assertThat(spark.catalog().tableExists("gold.code_price_stats")).isTrue();
        assertThat(LakehouseCatalog.status(spark, ctx.config())).allSatisfy(s -> assertThat(s.exists()).isTrue());
    }

    @Test
    void standardChargesRecordStatisticsOnlyOnItsFilterColumns(SharedSpark.Context ctx) {
        SparkSession spark = ctx.spark();
        LakehouseCatalog.createAll(spark, ctx.config());
        spark.sql("INSERT INTO silver.standard_charges (file_sha256, hospital_id, description, code, payer_name)"
                + " VALUES ('f1', 'h1', 'Office visit, established patient', '99213', 'Aetna')");
        String location = LakehouseTables.STANDARD_CHARGES.location(ctx.config().lakehouseRoot());
        List<String> stats = spark.read().json(location + "/_delta_log/*.json").where("add IS NOT NULL")
                .selectExpr("add.stats").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        assertThat(stats).hasSize(1);
        Row minValues = spark.read().json(spark.createDataset(stats, org.apache.spark.sql.Encoders.STRING()))
                .select("minValues.*").first();
        List<String> expected = List.of(LakehouseTables.STANDARD_CHARGES.properties().get(TableDefinition.STATS_COLUMNS)
                .split(","));
        // a column with only nulls has no min: the ones the row filled are there, and nothing outside the list
        assertThat(minValues.schema().fieldNames()).contains("file_sha256", "hospital_id", "code", "payer_name")
                .doesNotContain("description").allSatisfy(c -> assertThat(expected).contains(c));
        assertThat(minValues.<String>getAs("code")).isEqualTo("99213");
    }

    @Test
    void tablesCreateGivesATableOfAnOlderGlimmrTheDefinedPropertiesAndColumns(SharedSpark.Context ctx) {
        SparkSession spark = ctx.spark();
        TableDefinition charges = LakehouseTables.STANDARD_CHARGES;
        String location = charges.location(ctx.config().lakehouseRoot());
        // as an older Glimmr made it: without the code normalisation's columns, no statistics columns; one row
        StructType older = new StructType(java.util.Arrays.copyOf(charges.schema().fields(),
                charges.schema().fieldIndex("last_updated_on") + 1));
        Object[] values = new Object[older.size()];
        values[0] = "f1";
        values[1] = "h1";
        spark.createDataFrame(List.of(RowFactory.create(values)), older).write().format("delta").save(location);
        assertThat(LakehouseCatalog.addMissingColumns(spark, ctx.config())).containsExactly(
                "silver.standard_charges.published_codes", "silver.standard_charges.published_code",
                "silver.standard_charges.published_code_type", "silver.standard_charges.code_internal_id",
                "silver.standard_charges.code_fixes");
        assertThat(LakehouseCatalog.matchesDefinition(spark, ctx.config(), charges)).as("columns as defined").isTrue();
        assertThat(spark.read().format("delta").load(location).where("published_code IS NULL AND code_fixes IS NULL").count())
                .as("the older row, with nulls in the new columns").isEqualTo(1);
        assertThat(LakehouseCatalog.addMissingColumns(spark, ctx.config())).as("second run").isEmpty();
        assertThat(LakehouseCatalog.alignProperties(spark, ctx.config()))
                .containsExactly("silver.standard_charges: " + TableDefinition.STATS_COLUMNS + "="
                        + charges.properties().get(TableDefinition.STATS_COLUMNS),
                        "silver.standard_charges: delta.enableChangeDataFeed=true");
        Map<String, String> now = io.delta.tables.DeltaTable.forPath(spark, location).detail().select("properties").first()
                .getJavaMap(0);
        assertThat(now).containsAllEntriesOf(charges.properties());
        assertThat(LakehouseCatalog.alignProperties(spark, ctx.config())).as("second run").isEmpty();
    }

    @Test
    void statisticsColumnsMustBeColumnsAndIncludeTheClusterColumns() {
        var builder = TableDefinition.builder(Layer.SILVER, "t", "test").column("a", StringType, "a").column("b", StringType, "b")
                .clusterBy("a");
        assertThatThrownBy(() -> builder.statsColumns("a", "c").build()).hasMessageContaining("statistics column c");
        assertThatThrownBy(() -> builder.statsColumns("b").build()).hasMessageContaining("must include its cluster columns [a]");
        assertThat(builder.statsColumns("a", "b").build().properties()).containsEntry(TableDefinition.STATS_COLUMNS, "a,b");
    }

    @Test
    void tablesWorkOnS3aAgainstALoopbackServer(SharedSpark.Context ctx) {
        SparkSession spark = ctx.spark();
        GlimmrConfig s3 = ctx.s3Config("lake-catalog-test");
        try {
            assertThat(s3.lakehouseRoot().uri()).startsWith("s3a://");
            LakehouseCatalog.reregister(spark, s3);
            LakehouseCatalog.createAll(spark, s3);
            String location = LakehouseTables.FILE_FINDINGS.location(s3.lakehouseRoot());
            assertThat(location).startsWith("s3a://lake-catalog-test/lakehouse/silver/file_findings");
            StructType schema = LakehouseTables.FILE_FINDINGS.schema();
            spark.createDataFrame(List.of(
                            RowFactory.create("abc", "h1", "HeaderBlank", "error", "line 3", "row 3 is blank"),
                            RowFactory.create("abc", "h1", "NineNines", "alert", "line 9", "999999999")), schema)
                    .write().format("delta").mode("append").save(location);
            assertThat(spark.sql("SELECT count(*) FROM silver.file_findings WHERE severity = 'error'").first().getLong(0))
                    .isEqualTo(1);
            assertThat(spark.read().format("delta").load(location).count()).isEqualTo(2);
            assertThat(LakehouseCatalog.deltaLogExists(spark, location)).isTrue();
        } finally {
            LakehouseCatalog.reregister(spark, ctx.config());
        }
    }

    @Test
    void ensureCreatesOnlyWhatIsMissingAndJobsReachTablesByAQuotedPath(SharedSpark.Context ctx) {
        SparkSession spark = ctx.spark();
        GlimmrConfig config = ctx.config();
        assertThat(LakehouseCatalog.exists(spark, config, LakehouseTables.HOSPITAL_LIST)).isFalse();
        LakehouseCatalog.ensure(spark, config, List.of(LakehouseTables.HOSPITAL_LIST, LakehouseTables.MRF_SOURCES));
        assertThat(LakehouseCatalog.exists(spark, config, LakehouseTables.HOSPITAL_LIST)).isTrue();
        assertThat(LakehouseCatalog.exists(spark, config, LakehouseTables.MRF_FILES)).as("not asked for").isFalse();
        long version = spark.sql("DESCRIBE HISTORY " + LakehouseTables.HOSPITAL_LIST.sqlRef(config.lakehouseRoot()))
                .count();
        LakehouseCatalog.ensure(spark, config, List.of(LakehouseTables.HOSPITAL_LIST));
        assertThat(spark.sql("DESCRIBE HISTORY " + LakehouseTables.HOSPITAL_LIST.sqlRef(config.lakehouseRoot())).count())
                .as("an existing table is left as it is").isEqualTo(version);

        assertThat(TableDefinition.sqlRef("/data/lake`house/gold/t")).isEqualTo("delta.`/data/lake``house/gold/t`");
    }
}
