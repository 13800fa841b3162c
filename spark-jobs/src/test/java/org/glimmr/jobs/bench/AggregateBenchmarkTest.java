package org.glimmr.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.lakehouse.LakehouseTables;
import org.glimmr.lakehouse.testing.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The aggregate benchmark end to end at a tiny size, its cases run in the test's JVM and session instead of JVMs of
 * their own: a generated silver, Glimmr's full aggregate, DuckDB on the same Parquet files, an incremental aggregate
 * after one hospital's newer file, and the report.
 */
@ExtendWith(SharedSpark.class)
class AggregateBenchmarkTest {
    /** {@code gold.code_price_stats} or DuckDB's table: key to {@code [hospitals, rates, median]}. */
    private static Map<List<String>, double[]> stats(Dataset<Row> table) {
        Map<List<String>, double[]> byKey = new HashMap<>();
        for (Row r : table.collectAsList()) {
            List<String> key = new ArrayList<>();
            AggregateBenchmark.STATS_KEY.forEach(k -> key.add(r.isNullAt(r.fieldIndex(k)) ? null : r.getAs(k).toString()));
            byKey.put(key, new double[] {r.<Long>getAs("hospitals"), r.<Long>getAs("rates"),
                    r.<BigDecimal>getAs("median").doubleValue()});
        }
        return byKey;
    }

    @Test
    void duckDbComputesTheStatisticsGlimmrDoesAndTheReportGivesTheRatios(SharedSpark.Context ctx) throws Exception {
        SparkSession spark = ctx.spark();
        List<Map<List<String>, double[]>> glimmrAndDuckDb = new ArrayList<>();
        AggregateBenchmark.Measurer inThisJvm = (args, jvmOptions, log) -> {
            Map<String, String> result = AggregateMeasure.measure(args, config -> spark);
            if (args.get(0).equals("duckdb")) {
                // gold as the full run left it, DuckDB's table from the same silver files: read apart from the
                // benchmark's own check, so that a blind spot of that check does not hide a disagreement
                Path work = Path.of(args.get(1));
                GlimmrConfig config = GlimmrConfig.load(Map.of("GLIMMR_DATA_DIR", work.toString()), work);
                glimmrAndDuckDb.add(stats(spark.read().format("delta")
                        .load(LakehouseTables.CODE_PRICE_STATS.location(config.lakehouseRoot()))));
                glimmrAndDuckDb.add(stats(spark.read().parquet(work.resolve(AggregateMeasure.DUCKDB_OUT)
                        .resolve(DuckDbAggregate.STATS_FILE).toString())));
            }
            return new ChildJvm.Outcome(result, null);
        };
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        AggregateBenchmark.Options options = new AggregateBenchmark.Options(List.of(3), 3_000, 2, 1, Optional.empty(), false);

        List<AggregateBenchmark.Size> sizes = new AggregateBenchmark(spark, ctx.dataDir(), options,
                new PrintStream(printed, true, StandardCharsets.UTF_8), inThisJvm).run();

        assertThat(sizes).hasSize(1);
        AggregateBenchmark.Size size = sizes.get(0);
        assertThat(List.of(size.full(), size.duckdb(), size.incremental())).as(printed.toString(StandardCharsets.UTF_8))
                .allSatisfy(c -> assertThat(c.failure()).isNull());
        assertThat(size.silverRows()).as("3 hospitals of about 3,000 rows").isBetween(6_000L, 12_000L);
        assertThat(size.changedRows()).as("the newer file's rows, hospital 0's only").isPositive()
                .isLessThan(size.silverRows());
        assertThat(size.check()).hasValueSatisfying(c -> {
            assertThat(c.agrees()).as(c.toString()).isTrue();
            assertThat(c.duckdbSilverRows()).isEqualTo(size.silverRows());
            assertThat(c.stats().glimmr()).isPositive();
        });

        Map<List<String>, double[]> glimmr = glimmrAndDuckDb.get(0);
        Map<List<String>, double[]> duckdb = glimmrAndDuckDb.get(1);
        assertThat(duckdb.keySet()).as("the same groups").isEqualTo(glimmr.keySet());
        glimmr.forEach((key, g) -> {
            double[] d = duckdb.get(key);
            assertThat(d[0]).as("hospitals of %s", key).isEqualTo(g[0]);
            assertThat(d[1]).as("rates of %s", key).isEqualTo(g[1]);
            assertThat(d[2]).as("median of %s", key).isCloseTo(g[2], within(1.5e-6));
        });
        assertThat(glimmr.values()).as("codes shared across hospitals make groups of more than one hospital")
                .anySatisfy(g -> assertThat(g[0]).isGreaterThan(1));

        String report = AggregateBenchmark.render(sizes, options);
        assertThat(report)
                .containsPattern("full / DuckDB, wall \\(goal <= 3\\): [0-9.]+ \\((met|NOT met)\\)")
                .containsPattern("incremental / full, wall \\(goal <= 0.10\\): [0-9.]+ \\((met|NOT met)\\)")
                .containsPattern("peak heap of the full aggregate: [0-9,]+ MB")
                .contains("check: DuckDB agrees with Glimmr");
    }

    @Test
    void theCheckCountsAMedianThatDiffers(SharedSpark.Context ctx) {
        SparkSession spark = ctx.spark();
        Dataset<Row> glimmr = spark.sql("SELECT * FROM VALUES ('a', CAST(1.5 AS DECIMAL(20, 6)), 2L), "
                + "('b', CAST(2.0 AS DECIMAL(20, 6)), 3L), ('c', CAST(7.0 AS DECIMAL(20, 6)), 1L) AS t(code, median, rates)");
        Dataset<Row> duckdb = spark.sql("SELECT * FROM VALUES ('a', CAST(1.500001 AS DECIMAL(20, 6)), 2L), "
                + "('b', CAST(2.5 AS DECIMAL(20, 6)), 3L), ('d', CAST(7.0 AS DECIMAL(20, 6)), 1L) AS t(code, median, rates)");

        AggregateBenchmark.Comparison c = AggregateBenchmark.compare("t", glimmr, duckdb, List.of("code"), List.of("median"),
                List.of("rates"));

        assertThat(c).isEqualTo(new AggregateBenchmark.Comparison("t", 3, 3, 1, 1, 1, 0.5));
        assertThat(c.agrees()).isFalse();
    }

    @Test
    void theStepClockSeparatesTheStartFromTheFirstTable() {
        AggregateMeasure.StepClock clock = new AggregateMeasure.StepClock();
        PrintStream progress = new PrintStream(clock, true, StandardCharsets.UTF_8);

        progress.println("aggregate: incremental (changed: [h1])");
        progress.printf("aggregate: %-28s %,d rows (replaced)%n", "gold.code_price_stats", 1_200);
        progress.printf("aggregate: %-28s %,d rows (replaced)%n", "gold.code_price_stats", 3_400);
        progress.printf("aggregate: %-28s %,d rows%n", "gold.hospital_summary", 8);
        // a step that ran together with others says its own time
        progress.printf("aggregate: %-28s %,d rows in %.1f s%n", "gold.negotiated_rates", 40, 12.5);

        assertThat(clock.steps()).matches("start:[0-9.]+,gold\\.code_price_stats:[0-9.]+,gold\\.hospital_summary:[0-9.]+,"
                + "gold\\.negotiated_rates:12\\.50,end:[0-9.]+");
    }
}
