package org.glimmr.jobs.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glimmr.jobs.aggregate.HandInputs.row;
import static org.glimmr.jobs.aggregate.HandInputs.with;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.glimmr.lakehouse.LakehouseTables;
import org.glimmr.lakehouse.testing.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link AggregateSteps#hospitalCodePrices} on rows of {@link AggregateSteps#CHARGES_WITH_PAYERS}. Alder (CA) lists
 * CPT 99213 (outpatient) twice:
 *
 * <pre>
 * item A "Office visit, established patient, 15 min"  gross 300  cash 180  min 150  max 350
 *        no payer $90 (not a payer rate); aetna PPO $200; aetna HMO $220; cigna OAP $250 (and 60%);
 *        unitedhealthcare Choice Plus 50% (derived 150)
 * item B "Office visit"                               gross 320  cash 170  min 140  max 360
 *        aetna PPO $240; humana Gold algorithm only; unitedhealthcare Choice Plus 40% (derived 128)
 * </pre>
 *
 * plus 99214 with no payer rate, and a row without a code (left out). Birch (TX) lists 99213 once, aetna PPO $260.
 *
 * <p>Alder 99213: the shortest description "Office visit"; highest gross 320, lowest cash 170; minimum 140, maximum
 * 360; payer dollars 200 220 240 250: min 200, median (220 + 240) / 2 = 230, max 250 ($90 has no payer); derived
 * 128 to 150; payers aetna, cigna, unitedhealthcare, humana = 4; plans aetna PPO (twice), aetna HMO, cigna OAP,
 * unitedhealthcare Choice Plus (twice), humana Gold = 5; rates in dollars 4 (cigna's percentage does not count when a
 * dollar is published), percentage only 2, algorithm only 1.
 */
@ExtendWith(SharedSpark.class)
class AggregateHospitalCodePricesTest {
    @Test
    void pricesOfEachHospitalCodeAndSetting(SharedSpark.Context ctx) {
        Map<String, Object> itemA = row("file_sha256", "f-alder", "hospital_id", "alder", "state", "CA", "code_type", "CPT",
                "code", "99213", "setting", "outpatient", "description", "Office visit, established patient, 15 min",
                "gross_charge", "300", "discounted_cash", "180", "minimum", "150", "maximum", "350");
        Map<String, Object> itemB = with(itemA, "description", "Office visit", "gross_charge", "320",
                "discounted_cash", "170", "minimum", "140", "maximum", "360");
        Map<String, Object> birch = row("file_sha256", "f-birch", "hospital_id", "birch", "state", "TX", "code_type", "CPT",
                "code", "99213", "setting", "outpatient", "description", "Office visit", "gross_charge", "400",
                "discounted_cash", "240");
        Dataset<Row> charges = HandInputs.rows(ctx.spark(), AggregateSteps.CHARGES_WITH_PAYERS,
                with(itemA, "negotiated_dollar", "90"),
                with(itemA, "payer", "aetna", "plan_name", "PPO", "negotiated_dollar", "200"),
                with(itemA, "payer", "aetna", "plan_name", "HMO", "negotiated_dollar", "220"),
                with(itemA, "payer", "cigna", "plan_name", "OAP", "negotiated_dollar", "250", "negotiated_percentage", "60"),
                with(itemA, "payer", "unitedhealthcare", "plan_name", "Choice Plus", "negotiated_percentage", "50",
                        "derived_dollar", "150"),
                with(itemB, "payer", "aetna", "plan_name", "PPO", "negotiated_dollar", "240"),
                with(itemB, "payer", "humana", "plan_name", "Gold", "negotiated_algorithm", "per diem"),
                with(itemB, "payer", "unitedhealthcare", "plan_name", "Choice Plus", "negotiated_percentage", "40",
                        "derived_dollar", "128"),
                with(itemA, "code", "99214", "description", "Office visit, 25 min", "gross_charge", "500",
                        "discounted_cash", "400", "minimum", null, "maximum", null),
                with(itemA, "code_type", null, "code", null, "payer", "aetna", "plan_name", "PPO", "negotiated_dollar", "1"),
                with(birch, "payer", "aetna", "plan_name", "PPO", "negotiated_dollar", "260"));

        Map<String, Row> prices = HandInputs.byKey(
                AggregateJob.asDefined(LakehouseTables.HOSPITAL_CODE_PRICES, AggregateSteps.hospitalCodePrices(charges)),
                r -> r.getAs("hospital_id") + " " + r.getAs("code"));

        assertThat(prices).as("no row without a code").containsOnlyKeys("alder 99213", "alder 99214", "birch 99213");
        // hospital_id, state, code_type, code, setting, billing_class, modifiers (both null in these hand rows; the
        // group keys have a test of their own), description, gross_charge, discounted_cash, minimum, maximum,
        // negotiated_min, negotiated_median, negotiated_max, derived_min, derived_max, payers, plans,
        // dollar_rates, percentage_rates, algorithm_rates
        assertThat(prices.get("alder 99213")).hasToString("[alder,CA,CPT,99213,outpatient,null,null,Office visit,"
                + "320.000000,170.000000,140.000000,360.000000,200.000000,230.000000,250.000000,128.000000,150.000000,"
                + "4,5,4,2,1]");
        assertThat(prices.get("alder 99214")).hasToString("[alder,CA,CPT,99214,outpatient,null,null,Office visit, 25 min,"
                + "500.000000,400.000000,null,null,null,null,null,null,null,0,0,0,0,0]");
        assertThat(prices.get("birch 99213")).hasToString("[birch,TX,CPT,99213,outpatient,null,null,Office visit,"
                + "400.000000,240.000000,null,null,260.000000,260.000000,260.000000,null,null,1,1,1,0,0]");
    }

    /**
     * The prices are one aggregate over the rows as read: distinct payers and plans are counted as sets, not as
     * {@code count(DISTINCT)}, which Spark plans as an {@code Expand} of every row once per distinct count and a second
     * aggregate; and the list aggregates run as sort aggregates (the session's setting), not as object hash aggregates
     * that build a buffer per group. Measured on the aggregate benchmark (docs/benchmarks.md).
     */
    @Test
    void pricesAreOneSortAggregateWithoutExpandingRows(SharedSpark.Context ctx) {
        Dataset<Row> charges = HandInputs.rows(ctx.spark(), AggregateSteps.CHARGES_WITH_PAYERS,
                row("file_sha256", "f", "hospital_id", "alder", "code_type", "CPT", "code", "99213", "payer", "aetna",
                        "plan_name", "PPO", "negotiated_dollar", "200"));
        String plan = AggregateSteps.hospitalCodePrices(charges).queryExecution().executedPlan().toString();

        assertThat(plan).doesNotContain("Expand").doesNotContain("ObjectHashAggregate").contains("SortAggregate");
    }
}
