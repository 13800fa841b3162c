package org.glimmr.jobs.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glimmr.jobs.aggregate.HandInputs.row;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.glimmr.lakehouse.LakehouseTables;
import org.glimmr.lakehouse.testing.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Prices are pooled only within a group that means one thing. Two hospitals in CA publish CPT 71046 (chest X-ray),
 * Aetna, outpatient:
 *
 * <pre>
 * alder  facility fee 120, professional fee 30, modifier 26 (professional component) 35, modifiers " tc" and "TC" 90
 * birch  facility fee 140, professional fee 40, modifier 26 40, no billing class published 100
 * </pre>
 *
 * A facility fee and a professional fee for one code are two groups (facility median 130, professional 35), the -26
 * and -TC variants are groups of their own apart from the price without modifier (26: 35 and 40; TC: 90 alone), and a
 * rate whose billing class is not published is {@code unknown}, compared with no other.
 */
@ExtendWith(SharedSpark.class)
class AggregateComparableGroupsTest {
    @Test
    void billingClassAndModifiersAreOfTheKey(SharedSpark.Context ctx) {
        SparkSession spark = ctx.spark();
        Dataset<Row> charges = HandInputs.rows(spark, LakehouseTables.STANDARD_CHARGES.schema(),
                fee("alder", 1, "facility", List.of(), "120"),
                fee("alder", 2, "Professional", List.of(), "30"),
                fee("alder", 3, "professional", List.of("26"), "35"),
                fee("alder", 4, "facility", List.of(" tc", "TC", ""), "90"),
                fee("birch", 1, "facility", List.of(), "140"),
                fee("birch", 2, "professional", List.of(), "40"),
                fee("birch", 3, "professional", List.of("26"), "40"),
                fee("birch", 4, null, List.of(), "100"));
        Dataset<Row> hospitals = HandInputs.rows(spark, LakehouseTables.HOSPITALS.schema(),
                row("hospital_id", "alder", "license_state", "CA"), row("hospital_id", "birch", "license_state", "CA"));
        Dataset<Row> names = HandInputs.rows(spark, LakehouseTables.PAYER_NAMES.schema(),
                row("payer_name", "Aetna", "normalized_name", "aetna", "canonical_payer", "aetna", "matched_by", "exact"));

        Dataset<Row> rows = AggregateSteps.chargesWithPayers(charges, hospitals, names);
        assertThat(rows.collectAsList()).extracting(r -> r.getAs("hospital_id") + " " + r.getAs("negotiated_dollar")
                + " " + r.getAs("billing_class") + " [" + r.getAs("modifiers") + "]").containsExactlyInAnyOrder(
                "alder 120.000000 facility []", "alder 30.000000 professional []", "alder 35.000000 professional [26]",
                "alder 90.000000 facility [TC]", "birch 140.000000 facility []", "birch 40.000000 professional []",
                "birch 40.000000 professional [26]", "birch 100.000000 unknown []");

        Dataset<Row> prices = AggregateJob.asDefined(LakehouseTables.HOSPITAL_CODE_PRICES, AggregateSteps.hospitalCodePrices(rows));
        assertThat(prices.collectAsList()).extracting(r -> r.getAs("hospital_id") + " " + r.getAs("billing_class") + " ["
                + r.getAs("modifiers") + "] " + r.getAs("negotiated_median")).containsExactlyInAnyOrder(
                "alder facility [] 120.000000", "alder professional [] 30.000000", "alder professional [26] 35.000000",
                "alder facility [TC] 90.000000", "birch facility [] 140.000000", "birch professional [] 40.000000",
                "birch professional [26] 40.000000", "birch unknown [] 100.000000");

        Dataset<Row> rates = AggregateJob.asDefined(LakehouseTables.NEGOTIATED_RATES, AggregateSteps.negotiatedRates(rows));
        Dataset<Row> values = AggregateSteps.codePriceValues(rates, prices);
        Map<String, Row> national = HandInputs.byKey(AggregateJob.asDefined(LakehouseTables.CODE_PRICE_STATS,
                        AggregateSteps.codePriceStats(values, AggregateSteps.Reach.NATIONAL)).where("payer = '*'"),
                r -> r.getAs("billing_class") + " [" + r.getAs("modifiers") + "]");
        assertThat(national).as("one national group per billing class and modifiers, never pooled")
                .containsOnlyKeys("facility []", "professional []", "professional [26]", "facility [TC]", "unknown []");
        assertThat(national.get("facility []").<Object>getAs("median")).hasToString("130.000000");
        assertThat(national.get("facility []").<Long>getAs("hospitals")).isEqualTo(2);
        assertThat(national.get("professional []").<Object>getAs("median")).hasToString("35.000000");
        assertThat(national.get("professional [26]").<Object>getAs("median")).hasToString("37.500000");
        assertThat(national.get("facility [TC]").<Long>getAs("rates")).isEqualTo(1);
        assertThat(national.get("unknown []").<Object>getAs("max")).hasToString("100.000000");
    }

    private static Map<String, Object> fee(String hospital, long line, String billingClass, List<String> modifiers,
            String dollar) {
        return row("file_sha256", "f-" + hospital, "hospital_id", hospital, "source_line", line, "code_type", "CPT",
                "code", "71046", "setting", "outpatient", "billing_class", billingClass, "modifiers", modifiers,
                "payer_name", "Aetna", "plan_name", "PPO", "negotiated_dollar", dollar);
    }
}
