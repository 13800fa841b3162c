package org.glimmr.jobs.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.jobs.ingest.IngestJob;
import org.glimmr.lakehouse.LakehouseTables;
import org.glimmr.lakehouse.TableDefinition;
import org.glimmr.lakehouse.testing.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole job, from hand-written files through ingest to every gold table; each step's own figures are checked by
 * its test ({@code Aggregate<Step>Test}). Three hospitals publish 99213 (outpatient), two as CPT and Birch as HCPCS,
 * as many hospitals do (CPT is HCPCS Level I): all three count for CPT 99213.
 *
 * <pre>
 * Alder (CA)   gross 300 cash 180   Aetna PPO 200, Aetna HMO 220, Cigna OAP 250, UnitedHealthcare 50% (no dollar)
 * Birch (TX)   gross 400 cash 240   Aetna PPO 260, Cigna OAP 300           (published as HCPCS 99213)
 * Cypress (TX) gross 500 cash 200   Aetna PPO 280, Mystery Health Plan 310 (not in the registry)
 * </pre>
 *
 * Published dollars, all payers, US: 200 220 250 260 280 300 310 (n = 7); percentiles interpolate linearly
 * between ranks at p x (n - 1): p10 = 200 + 0.6 x 20 = 212, p25 = 220 + 0.5 x 30 = 235, median = 260,
 * p75 = 280 + 0.5 x 20 = 290, p90 = 300 + 0.4 x 10 = 304, mean = 1820 / 7 = 260.
 *
 * <p>Rows written: 4 payer names, 8 rates, 3 hospital prices (one item each), 3 summaries, and 21 statistics rows:
 * published dollars for * (US, CA, TX), aetna (US, CA, TX), cigna (US, CA, TX) and the unmatched payer (US, TX) = 11;
 * derived dollars for * and unitedhealthcare, each US and CA = 4; gross and cash for * (US, CA, TX) = 3 + 3.
 */
@ExtendWith(SharedSpark.class)
class AggregateJobTest {
    private SparkSession spark;
    private GlimmrConfig config;

    /** One ingest and aggregate, then each check; Spark jobs are too slow to repeat per check. */
    @Test
    void goldTablesFromHandCheckedFiles(SharedSpark.Context ctx) throws IOException {
        ingestAndAggregate(ctx);
        priceStatisticsEqualTheHandComputation();
        summaryAndLineageFollowTheFiles();
        aRerunWritesTheSameContents();
    }

    private void ingestAndAggregate(SharedSpark.Context ctx) throws IOException {
        spark = ctx.spark();
        config = ctx.config();
        Path in = ctx.dataDir().resolve("hand-checked");
        Files.createDirectories(in);
        Files.writeString(in.resolve("alder.csv"), HandMrfs.tallV3("Alder Test Hospital", "CA", "300", "180",
                HandMrfs.dollar("Aetna", "PPO", "200"), HandMrfs.dollar("Aetna", "HMO", "220"),
                HandMrfs.dollar("Cigna", "Open Access Plus", "250"), HandMrfs.percentage("UnitedHealthcare", "Choice Plus", "50")));
        Files.writeString(in.resolve("birch.csv"), HandMrfs.tallV3As("HCPCS", "Birch Test Hospital", "TX", "400", "240",
                HandMrfs.dollar("Aetna", "PPO", "260"), HandMrfs.dollar("Cigna", "Open Access Plus", "300")));
        Files.writeString(in.resolve("cypress.csv"), HandMrfs.tallV3("Cypress Test Hospital", "TX", "500", "200",
                HandMrfs.dollar("Aetna", "PPO", "280"), HandMrfs.dollar("Mystery Health Plan", "Gold", "310")));
        new IngestJob(spark, config, System.out, Clock.systemUTC()).run(in.toString());
        // a lakehouse of an older Glimmr, whose gold.negotiated_rates was clustered and had fewer columns: aggregate
        // gives the table today's definition (columns, partitioning)
        io.delta.tables.DeltaTable.createIfNotExists(spark).location(LakehouseTables.NEGOTIATED_RATES.location(config.lakehouseRoot()))
                .addColumn("hospital_id", "STRING").addColumn("code", "STRING").clusterBy("code", "hospital_id").execute();
        // and whose gold.hospital_code_prices had today's columns but not its properties (statistics columns)
        String prices = LakehouseTables.HOSPITAL_CODE_PRICES.location(config.lakehouseRoot());
        spark.createDataFrame(List.of(), LakehouseTables.HOSPITAL_CODE_PRICES.schema()).write().format("delta")
                .partitionBy("hospital_id").save(prices);
        Map<String, Long> written = new AggregateJob(spark, config, HandInputs.MATCHER, System.out, Clock.systemUTC()).run(LocalDate.parse("2026-11-25"));
        // values: 99213 outpatient, billing class unknown, no modifier; negotiated aetna and cigna in CA and TX and
        // mystery in TX, derived unitedhealthcare in CA, gross and cash in CA and TX
        assertThat(written).containsExactly(entry("gold.payer_name_counts", 7L), entry("silver.payer_names", 4L),
                entry("gold.negotiated_rates", 8L), entry("gold.hospital_code_prices", 3L), entry("gold.code_price_values", 10L),
                entry("gold.code_price_stats", 21L), entry("gold.hospital_summary", 3L));
        assertThat(spark.read().format("delta").load(LakehouseTables.NEGOTIATED_RATES.location(config.lakehouseRoot())).schema()
                .fieldNames()).containsExactly(LakehouseTables.NEGOTIATED_RATES.schema().fieldNames());
        assertThat(io.delta.tables.DeltaTable.forPath(spark, prices).detail().select("properties").first().<String, String>getJavaMap(0))
                .as("properties set on the older table").containsAllEntriesOf(LakehouseTables.HOSPITAL_CODE_PRICES.properties());
    }

    private List<Row> rows(TableDefinition table, String select, String where) {
        return spark.sql("SELECT " + select + " FROM delta.`" + table.location(config.lakehouseRoot()) + "` WHERE " + where)
                .collectAsList();
    }

    private Row stats(String payer, String geography, String measure) {
        List<Row> r = rows(LakehouseTables.CODE_PRICE_STATS,
                "hospitals, rates, min, p10, p25, median, p75, p90, max, mean",
                "code_type = 'CPT' AND code = '99213' AND setting = 'outpatient' AND payer = '" + payer + "' AND geography = '" + geography
                        + "' AND measure = '" + measure + "'");
        assertThat(r).as("one stats row for %s %s %s", payer, geography, measure).hasSize(1);
        return r.get(0);
    }

    private static void assertStats(Row row, long hospitals, long rates, String... minP10P25MedianP75P90MaxMean) {
        assertThat(row.getLong(0)).as("hospitals").isEqualTo(hospitals);
        assertThat(row.getLong(1)).as("rates").isEqualTo(rates);
        for (int i = 0; i < minP10P25MedianP75P90MaxMean.length; i++) {
            assertThat(row.getDecimal(2 + i)).as("statistic %d of %s", i, row).isEqualByComparingTo(minP10P25MedianP75P90MaxMean[i]);
        }
    }

    private void priceStatisticsEqualTheHandComputation() {
        //                                            min  p10  p25  median p75  p90  max  mean
        assertStats(stats("*", "US", "negotiated_dollar"), 3, 7, "200", "212", "235", "260", "290", "304", "310", "260");
        assertThat(rows(LakehouseTables.CODE_PRICE_STATS, "count(*)", "code_type != 'CPT'").get(0).getLong(0))
                .as("99213 published as HCPCS is compared as CPT, not in a group of its own").isZero();
        // the percentage rate becomes a derived dollar (50% of 300), never a published one
        assertStats(stats("unitedhealthcare", "US", "derived_dollar"), 1, 1, "150", "150", "150", "150", "150", "150", "150", "150");
        assertThat(rows(LakehouseTables.CODE_PRICE_STATS, "*", "payer = 'unitedhealthcare' AND measure = 'negotiated_dollar'")).isEmpty();
        // the unmatched payer keeps its own group, flagged, and is listed for review
        assertStats(stats("unmatched:mystery health plan", "TX", "negotiated_dollar"), 1, 1, "310", "310", "310", "310", "310", "310", "310", "310");
        assertThat(rows(LakehouseTables.PAYER_NAMES, "payer_name", "canonical_payer IS NULL"))
                .extracting(r -> r.getString(0)).containsExactly("Mystery Health Plan");
    }

    private void summaryAndLineageFollowTheFiles() {
        Row summary = rows(LakehouseTables.HOSPITAL_SUMMARY,
                "rows, rejected_rows, codes, payers, payer_rates, dollar_share, finding_errors, finding_alerts, quality_score",
                "hospital_name = 'Alder Test Hospital'").get(0);
        assertThat(summary.getLong(0)).isEqualTo(4);
        assertThat(summary.getLong(1)).isZero();
        assertThat(summary.getLong(2)).isEqualTo(1);
        assertThat(summary.getLong(3)).isEqualTo(3);
        assertThat(summary.getLong(4)).isEqualTo(4);
        assertThat(summary.getDouble(5)).isEqualTo(0.75);
        assertThat(summary.getLong(6)).as("a valid file, findings: %s", rows(LakehouseTables.FILE_FINDINGS, "rule, message", "true"))
                .isZero();
        // 100 x (0.5 x readable 1 + 0.2 x dollar share 0.75 + 0.2 x rules 1 + 0.1 x fresh 1)
        assertThat(summary.getDouble(8)).isEqualTo(95.0);

        // Birch sees what was changed, once for its file, and silver keeps what it published
        assertThat(rows(LakehouseTables.FILE_FINDINGS, "severity, message", "rule = 'CodeReadAsCpt'"))
                .extracting(r -> r.getString(0) + ": " + r.getString(1))
                .singleElement().asString().startsWith("alert: 2 rows: a CPT code").contains("HCPCS \"99213\" -> CPT \"99213\"");
        assertThat(rows(LakehouseTables.STANDARD_CHARGES, "concat_ws(' ', published_code_type, published_code, '->', code_type,"
                + " code, concat_ws(',', code_fixes))", "published_code_type != code_type"))
                .extracting(r -> r.getString(0)).containsExactly("HCPCS 99213 -> CPT 99213 CodeReadAsCpt",
                        "HCPCS 99213 -> CPT 99213 CodeReadAsCpt");

        // lineage: every rate points at its source line
        assertThat(rows(LakehouseTables.NEGOTIATED_RATES, "count(*)", "source_location LIKE 'line %' AND file_sha256 IS NOT NULL")
                .get(0).getLong(0)).isEqualTo(8);
    }

    private void aRerunWritesTheSameContents() {
        List<TableDefinition> gold = List.of(LakehouseTables.NEGOTIATED_RATES, LakehouseTables.HOSPITAL_CODE_PRICES,
                LakehouseTables.CODE_PRICE_STATS, LakehouseTables.HOSPITAL_SUMMARY, LakehouseTables.PAYER_NAMES);
        java.util.Map<String, List<String>> before = new java.util.HashMap<>();
        for (TableDefinition t : gold) {
            before.put(t.qualifiedName(), sorted(t));
        }
        new AggregateJob(spark, config, HandInputs.MATCHER, System.out, Clock.systemUTC()).run(LocalDate.parse("2026-11-25"));
        for (TableDefinition t : gold) {
            assertThat(sorted(t)).as(t.qualifiedName()).isEqualTo(before.get(t.qualifiedName()));
        }
    }

    private List<String> sorted(TableDefinition t) {
        return spark.read().format("delta").load(t.location(config.lakehouseRoot())).collectAsList().stream()
                .map(Row::toString).sorted().toList();
    }
}
