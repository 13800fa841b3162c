package org.glimmr.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
}
