package org.glimmr.jobs.aggregate;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.jobs.ingest.IngestJob;
import org.glimmr.jobs.ingest.TestMrfs;
import org.glimmr.lakehouse.LakehouseTables;
import org.glimmr.lakehouse.TableDefinition;
import org.glimmr.lakehouse.testing.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A chain of incremental aggregates ends in gold identical, row for row, to a full rebuild of the same silver:
 *
 * <ol>
 *   <li>alder (CA) and birch (TX): the first run is full;
 *   <li>a new hospital, cypress (TX);
 *   <li>a newer file of alder: other prices, a payer rate given as a percentage;
 *   <li>a newer file of birch that lost a code (80053): its national statistics must forget birch;
 *   <li>an HTML page in place of a file (rejected: no hospital changes) and an older file of cypress (registered,
 *       not current: only the summary's file count moves);
 *   <li>a newer file of cypress, whose run is killed after it replaced the rates; the next run resumes it.
 * </ol>
 *
 * After each run, and at the end against {@code --full}, every gold table is compared whole.
 */
@ExtendWith(SharedSpark.class)
class AggregateIncrementalTest {
    private static final LocalDate AS_OF = LocalDate.parse("2026-11-25");

    @Test
    void aChainOfIncrementalRunsEqualsAFullRebuild(SharedSpark.Context ctx) {
        SparkSession spark = ctx.spark();
        GlimmrConfig config = ctx.config();
        Path in = ctx.dataDir().resolve("in");
        AggregateJob job = new AggregateJob(spark, config, HandInputs.MATCHER, System.out, Clock.systemUTC());

        // 1. first run: full
        ingest(ctx, in.resolve("1"), Map.of(
                "alder.csv", file("Alder Test Hospital", "CA", "2026-01-01",
                        item("99213", "", "300", "Aetna,PPO,200", "Cigna,OAP,250"),
                        item("70450", "", "1500", "Aetna,PPO,900"),
                        item("71046", "26", "90", "Aetna,PPO,35")),
                "birch.csv", file("Birch Test Hospital", "TX", "2026-01-01",
                        item("99213", "", "400", "Aetna,PPO,260", "Cigna,OAP,300"),
                        item("80053", "", "60", "Aetna,PPO,20"))));
        AggregateJob.Result first = job.run(AS_OF, false);
        assertThat(first.mode()).isEqualTo("full");
        assertThat(first.reason()).isEqualTo("no earlier run");

        // 2. a new hospital
        ingest(ctx, in.resolve("2"), Map.of("cypress.csv", file("Cypress Test Hospital", "TX", "2026-01-01",
                item("99213", "", "500", "Aetna,PPO,280", "Mystery Health Plan,Gold,310"),
                item("80053", "", "70", "Cigna,OAP,25"))));
        AggregateJob.Result second = job.run(AS_OF, false);
        assertThat(second.mode()).isEqualTo("incremental");
        assertThat(second.hospitals()).isEqualTo(1);
        assertThat(second.states()).as("TX only").isEqualTo(1);
        assertThat(stat(spark, config, "80053", "*", "US", "negotiated_dollar")).isEqualTo("2 2 20.000000 25.000000");

        // 3. a newer file of alder
        ingest(ctx, in.resolve("3"), Map.of("alder-2.csv", file("Alder Test Hospital", "CA", "2026-03-01",
                item("99213", "", "300", "Aetna,PPO,210", "Cigna,OAP,255", "UnitedHealthcare,Choice,,50"),
                item("70450", "", "1500", "Aetna,PPO,950"),
                item("71046", "26", "90", "Aetna,PPO,35"))));
        assertThat(job.run(AS_OF, false).mode()).isEqualTo("incremental");
        assertThat(stat(spark, config, "99213", "*", "CA", "negotiated_dollar")).isEqualTo("1 2 210.000000 255.000000");

        // 4. a newer file of birch without 80053, with a code no other hospital of TX has
        ingest(ctx, in.resolve("4"), Map.of("birch-2.csv", file("Birch Test Hospital", "TX", "2026-04-01",
                item("99213", "", "400", "Aetna,PPO,265", "Cigna,OAP,300"),
                item("74177", "", "2000", "Aetna,PPO,1200", "Cigna,OAP,1300"))));
        assertThat(job.run(AS_OF, false).mode()).isEqualTo("incremental");
        assertThat(stat(spark, config, "80053", "*", "US", "negotiated_dollar")).as("birch's 20 is gone")
                .isEqualTo("1 1 25.000000 25.000000");

        // 5. a rejected page and an older file: no hospital's current rows change
        ingest(ctx, in.resolve("5"), Map.of("page.html", "<!DOCTYPE html><html><body>Verify you are human</body></html>",
                "cypress-old.csv", file("Cypress Test Hospital", "TX", "2025-06-01", item("99213", "", "500", "Aetna,PPO,1"))));
        AggregateJob.Result fifth = job.run(AS_OF, false);
        assertThat(fifth.mode()).isEqualTo("incremental");
        assertThat(fifth.hospitals()).isZero();
        assertThat(one(spark, config, LakehouseTables.HOSPITAL_SUMMARY, "files", "hospital_id = (SELECT hospital_id FROM "
                + LakehouseTables.HOSPITAL_SUMMARY.sqlRef(config.lakehouseRoot()) + " WHERE state = 'TX' AND rows = 3)"))
                .as("cypress's older file counts").isEqualTo("2");

        // 6. a newer file of cypress; the run is killed once it has replaced the rates, and the next run resumes it. Only
        // the rows of cypress's codes are recomputed: birch's 74177 in TX stays in the files it was written to
        Map<String, List<String>> only74177 = Map.of(
                LakehouseTables.CODE_PRICE_VALUES.qualifiedName(), files(spark, config, LakehouseTables.CODE_PRICE_VALUES, "state"),
                LakehouseTables.CODE_PRICE_STATS.qualifiedName(), files(spark, config, LakehouseTables.CODE_PRICE_STATS, "geography"));
        assertThat(only74177.values()).allSatisfy(f -> assertThat(f).isNotEmpty());
        ingest(ctx, in.resolve("6"), Map.of("cypress-2.csv", file("Cypress Test Hospital", "TX", "2026-05-01",
                item("99213", "", "500", "Aetna,PPO,285"),
                item("70450", "", "1800", "Aetna,PPO,1100"))));
        AggregateJob killed = new AggregateJob(spark, config, HandInputs.MATCHER, new KillAfter("gold.negotiated_rates"),
                Clock.systemUTC());
        assertThatThrownBy(() -> killed.run(AS_OF, false)).hasMessageContaining("killed");
        assertThat(one(spark, config, LakehouseTables.AGGREGATE_RUNS, "status", "finished_at IS NULL")).isEqualTo("running");
        AggregateJob.Result resumed = job.run(AS_OF, false);
        assertThat(resumed.mode()).isEqualTo("incremental");
        assertThat(resumed.reason()).startsWith("resuming aggregate-");
        assertThat(stat(spark, config, "80053", "*", "US", "negotiated_dollar")).as("cypress no longer has 80053").isEqualTo("none");
        assertThat(stat(spark, config, "70450", "*", "US", "negotiated_dollar")).isEqualTo("2 2 950.000000 1100.000000");
        assertThat(Map.of(
                LakehouseTables.CODE_PRICE_VALUES.qualifiedName(), files(spark, config, LakehouseTables.CODE_PRICE_VALUES, "state"),
                LakehouseTables.CODE_PRICE_STATS.qualifiedName(), files(spark, config, LakehouseTables.CODE_PRICE_STATS, "geography")))
                .as("the TX rows of a code cypress never had are not rewritten").isEqualTo(only74177);

        Map<String, List<String>> chained = gold(spark, config);
        AggregateJob.Result full = job.run(AS_OF, true);
        assertThat(full.mode()).isEqualTo("full");
        Map<String, List<String>> rebuilt = gold(spark, config);
        for (String table : rebuilt.keySet()) {
            assertThat(chained.get(table)).as("%s after the chain of incremental runs, against a full rebuild", table)
                    .isNotEmpty().containsExactlyElementsOf(rebuilt.get(table));
        }
        assertThat(spark.read().format("delta").load(LakehouseTables.AGGREGATE_RUNS.location(config.lakehouseRoot()))
                .orderBy("started_at").collectAsList()).extracting(r -> r.getAs("mode") + " " + r.getAs("status"))
                .containsExactly("full done", "incremental done", "incremental done", "incremental done",
                        "incremental done", "incremental running", "incremental done", "full done");
    }

    /** Every table aggregate writes, each as its rows in text, sorted. */
    private static Map<String, List<String>> gold(SparkSession spark, GlimmrConfig config) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        for (TableDefinition t : AggregateJob.GOLD) {
            all.put(t.qualifiedName(), spark.read().format("delta").load(t.location(config.lakehouseRoot())).collectAsList()
                    .stream().map(AggregateIncrementalTest::text).sorted().toList());
        }
        return all;
    }

    private static String text(Row row) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < row.size(); i++) {
            Object v = row.get(i);
            b.append(v instanceof scala.collection.Seq<?> seq ? scala.jdk.javaapi.CollectionConverters.asJava(seq) : v).append('|');
        }
        return b.toString();
    }

    /** hospitals, rates, min and max of one statistics row of 99213-like codes (any setting, no modifier), or none. */
    private static String stat(SparkSession spark, GlimmrConfig config, String code, String payer, String geography,
            String measure) {
        List<Row> rows = spark.read().format("delta").load(LakehouseTables.CODE_PRICE_STATS.location(config.lakehouseRoot()))
                .where("code = '" + code + "' AND payer = '" + payer + "' AND geography = '" + geography + "' AND measure = '"
                        + measure + "' AND modifiers = ''").collectAsList();
        assertThat(rows).as("at most one row").hasSizeLessThanOrEqualTo(1);
        return rows.isEmpty() ? "none" : rows.get(0).getAs("hospitals") + " " + rows.get(0).getAs("rates") + " "
                + rows.get(0).getAs("min") + " " + rows.get(0).getAs("max");
    }

    /** Each TX row of 74177 in {@code table} (state column {@code state}): its data file and its values, sorted. */
    private static List<String> files(SparkSession spark, GlimmrConfig config, TableDefinition table, String state) {
        return spark.read().format("delta").load(table.location(config.lakehouseRoot()))
                .where("code = '74177' AND " + state + " = 'TX'").select(col("_metadata.file_name"), col("*")).collectAsList()
                .stream().map(AggregateIncrementalTest::text).sorted().toList();
    }

    private static String one(SparkSession spark, GlimmrConfig config, TableDefinition table, String column, String where) {
        return String.valueOf(spark.sql("SELECT " + column + " FROM " + table.sqlRef(config.lakehouseRoot()) + " WHERE " + where)
                .first().get(0));
    }

    private static void ingest(SharedSpark.Context ctx, Path dir, Map<String, String> files) {
        files.forEach((name, text) -> TestMrfs.write(dir, name, text));
        new IngestJob(ctx.spark(), ctx.config(), System.out, Clock.systemUTC()).run(dir.toString());
    }

    /** One item: code (CPT, outpatient), modifiers, gross charge and its payer rates ("payer,plan,dollar[,percent]"). */
    private static String item(String code, String modifiers, String gross, String... rates) {
        StringBuilder b = new StringBuilder();
        for (String rate : rates) {
            String[] r = rate.split(",", -1);
            String dollar = r[2];
            String percent = r.length > 3 ? r[3] : "";
            String v3 = percent.isEmpty() ? ",,,," : "150,140,160,25,";
            b.append("Item ").append(code).append(',').append(code).append(",CPT,").append(modifiers).append(",outpatient,,,")
                    .append(gross).append(",,").append(r[0]).append(',').append(r[1]).append(',').append(dollar).append(',')
                    .append(percent).append(",,").append(v3)
                    .append(percent.isEmpty() ? "fee schedule" : "percent of total billed charges").append(",,,\n");
        }
        return b.toString();
    }

    /** A valid v3 tall CSV of one hospital. */
    private static String file(String hospital, String state, String lastUpdatedOn, String... items) {
        return "hospital_name,last_updated_on,version,location_name,hospital_address,license_number|" + state
                + ",type_2_npi,\"" + TestMrfs.ATTESTATION + "\",attester_name\n"
                + hospital + "," + lastUpdatedOn + ",3.0.0," + hospital + ",\"1 Test Way, Springfield, " + state
                + " 70000\",12345,1234567893,true,Pat Tester\n"
                + "description,code|1,code|1|type,modifiers,setting,drug_unit_of_measurement,drug_type_of_measurement,"
                + "standard_charge|gross,standard_charge|discounted_cash,payer_name,plan_name,"
                + "standard_charge|negotiated_dollar,standard_charge|negotiated_percentage,"
                + "standard_charge|negotiated_algorithm,median_amount,10th_percentile,90th_percentile,count,"
                + "standard_charge|methodology,standard_charge|min,standard_charge|max,additional_generic_notes\n"
                + String.join("", items);
    }

    /** Progress that kills the run, as a crash would, right after a table was written. */
    private static final class KillAfter extends PrintStream {
        private final String table;

        KillAfter(String table) {
            super(OutputStream.nullOutputStream());
            this.table = table;
        }

        @Override
        public PrintStream printf(String format, Object... args) {
            String line = String.format(format, args);
            System.out.print(line);
            if (line.contains(table + " ") && line.contains("(replaced)")) {
                throw new IllegalStateException("killed after " + table);
            }
            return this;
        }
    }
}
