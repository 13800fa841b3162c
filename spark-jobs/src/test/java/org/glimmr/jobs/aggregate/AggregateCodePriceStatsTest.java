package org.glimmr.jobs.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glimmr.jobs.aggregate.HandInputs.row;
import static org.glimmr.jobs.aggregate.HandInputs.with;

import java.math.BigDecimal;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.glimmr.lakehouse.LakehouseTables;
import org.glimmr.lakehouse.testing.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link AggregateSteps#codePriceValues} and {@link AggregateSteps#codePriceStats} against numbers worked out by hand. Three hospitals publish CPT 99213
 * (outpatient):
 *
 * <pre>
 * Alder (CA)   gross 300 cash 180   aetna 200, aetna 220, cigna 250, unitedhealthcare 50% (derived 150), no payer 90
 * Birch (TX)   gross 400 cash 240   aetna 260, cigna 300
 * Cypress (TX) gross 500 cash 200   aetna 280, unmatched:mystery health plan 310
 * </pre>
 *
 * and Dune, whose state is unknown, publishes CPT 70450 at aetna 900 (no gross or cash). Gross and cash come from
 * {@code hospital_code_prices}, one value per hospital, though every charge row repeats them.
 *
 * <p>Percentiles interpolate linearly between the ranks around {@code p x (n - 1)}. Published dollars, all payers,
 * US: 200 220 250 260 280 300 310 (n = 7; 90 has no payer and the derived 150 is another measure): p10 = 200 + 0.6 x
 * 20 = 212, p25 = 220 + 0.5 x 30 = 235, median = 260, p75 = 280 + 0.5 x 20 = 290, p90 = 300 + 0.4 x 10 = 304, mean =
 * 1820 / 7 = 260. CA: 200 220 250, p10 = 200 + 0.2 x 20 = 204, p25 = 210, median 220, p75 = 220 + 0.5 x 30 = 235,
 * p90 = 220 + 0.8 x 30 = 244, mean = 670 / 3. TX: 260 280 300 310, p10 = 260 + 0.3 x 20 = 266, p25 = 260 + 0.75 x 20
 * = 275, median 290, p75 = 300 + 0.25 x 10 = 302.5, p90 = 300 + 0.7 x 10 = 307, mean 287.5. Aetna, US: 200 220 260
 * 280, p10 = 206, p25 = 215, median 240, p75 = 265, p90 = 274. Two values a &lt; b give a + p x (b - a): aetna, CA,
 * 200 220 gives 202 205 210 215 218. Gross, US: 300 400 500, p10 = 300 + 0.2 x 100 = 320, p25 = 350, median 400, p75 = 450, p90 = 480. Cash, US:
 * 180 200 240, p10 = 180 + 0.2 x 20 = 184, p25 = 190, median 200, p75 = 200 + 0.5 x 40 = 220, p90 = 200 + 0.8 x 40 =
 * 232, mean 620 / 3. A single value is every statistic of its group. Dune's rate counts under US only: no state group,
 * no null geography.
 */
@ExtendWith(SharedSpark.class)
class AggregateCodePriceStatsTest {
    @Test
    void everyPayerAndGeographyGroupWithExactPercentiles(SharedSpark.Context ctx) {
        SparkSession spark = ctx.spark();
        Map<String, Object> alder = item("alder", "CA", "99213", "300", "180");
        Map<String, Object> birch = item("birch", "TX", "99213", "400", "240");
        Map<String, Object> cypress = item("cypress", "TX", "99213", "500", "200");
        Map<String, Object> dune = item("dune", null, "70450", null, null);
        Dataset<Row> charges = HandInputs.rows(spark, AggregateSteps.CHARGES_WITH_PAYERS,
                dollar(alder, "aetna", "200"), dollar(alder, "aetna", "220"), dollar(alder, "cigna", "250"),
                with(alder, "payer", "unitedhealthcare", "negotiated_percentage", "50", "derived_dollar", "150"),
                with(alder, "negotiated_dollar", "90"),
                with(dollar(alder, "aetna", "1"), "code_type", null, "code", null),
                dollar(birch, "aetna", "260"), dollar(birch, "cigna", "300"),
                dollar(cypress, "aetna", "280"), dollar(cypress, "unmatched:mystery health plan", "310"),
                dollar(dune, "aetna", "900"));
        Dataset<Row> hospitalCodePrices = HandInputs.rows(spark, LakehouseTables.HOSPITAL_CODE_PRICES.schema(),
                alder, birch, cypress, dune);

        // the rates are the payer rows of the charges; the values are what both reaches of the statistics merge
        Dataset<Row> values = AggregateJob.asDefined(LakehouseTables.CODE_PRICE_VALUES,
                AggregateSteps.codePriceValues(charges.where("payer IS NOT NULL"), hospitalCodePrices));
        Dataset<Row> stats = AggregateJob.asDefined(LakehouseTables.CODE_PRICE_STATS,
                AggregateSteps.codePriceStats(values, AggregateSteps.Reach.STATES)
                        .unionByName(AggregateSteps.codePriceStats(values, AggregateSteps.Reach.NATIONAL)));

        assertThat(stats.collectAsList()).extracting(AggregateCodePriceStatsTest::figures).containsExactlyInAnyOrder(
                // code payer geography measure: hospitals rates min p10 p25 median p75 p90 max mean
                "99213 * US negotiated_dollar: 3 7 200 212 235 260 290 304 310 260",
                "99213 * CA negotiated_dollar: 1 3 200 204 210 220 235 244 250 223.333333",
                "99213 * TX negotiated_dollar: 2 4 260 266 275 290 302.5 307 310 287.5",
                "99213 aetna US negotiated_dollar: 3 4 200 206 215 240 265 274 280 240",
                "99213 aetna CA negotiated_dollar: 1 2 200 202 205 210 215 218 220 210",
                "99213 aetna TX negotiated_dollar: 2 2 260 262 265 270 275 278 280 270",
                "99213 cigna US negotiated_dollar: 2 2 250 255 262.5 275 287.5 295 300 275",
                "99213 cigna CA negotiated_dollar: 1 1 250 250 250 250 250 250 250 250",
                "99213 cigna TX negotiated_dollar: 1 1 300 300 300 300 300 300 300 300",
                "99213 unmatched:mystery health plan US negotiated_dollar: 1 1 310 310 310 310 310 310 310 310",
                "99213 unmatched:mystery health plan TX negotiated_dollar: 1 1 310 310 310 310 310 310 310 310",
                // the percentage rate is a derived dollar, never a published one
                "99213 * US derived_dollar: 1 1 150 150 150 150 150 150 150 150",
                "99213 * CA derived_dollar: 1 1 150 150 150 150 150 150 150 150",
                "99213 unitedhealthcare US derived_dollar: 1 1 150 150 150 150 150 150 150 150",
                "99213 unitedhealthcare CA derived_dollar: 1 1 150 150 150 150 150 150 150 150",
                // one gross charge and one cash price per hospital, for all payers only
                "99213 * US gross_charge: 3 3 300 320 350 400 450 480 500 400",
                "99213 * CA gross_charge: 1 1 300 300 300 300 300 300 300 300",
                "99213 * TX gross_charge: 2 2 400 410 425 450 475 490 500 450",
                "99213 * US discounted_cash: 3 3 180 184 190 200 220 232 240 206.666667",
                "99213 * CA discounted_cash: 1 1 180 180 180 180 180 180 180 180",
                "99213 * TX discounted_cash: 2 2 200 204 210 220 230 236 240 220",
                "70450 * US negotiated_dollar: 1 1 900 900 900 900 900 900 900 900",
                "70450 aetna US negotiated_dollar: 1 1 900 900 900 900 900 900 900 900");
    }

    /** One hospital's item: a row of hospital_code_prices, and the columns every charge row of the item repeats. */
    private static Map<String, Object> item(String hospital, String state, String code, String gross, String cash) {
        return row("hospital_id", hospital, "state", state, "code_type", "CPT", "code", code, "setting", "outpatient",
                "gross_charge", gross, "discounted_cash", cash);
    }

    private static Map<String, Object> dollar(Map<String, Object> item, String payer, String amount) {
        return with(item, "payer", payer, "negotiated_dollar", amount);
    }

    private static String figures(Row r) {
        String values = Stream.of("min", "p10", "p25", "median", "p75", "p90", "max", "mean")
                .map(c -> r.<BigDecimal>getAs(c).stripTrailingZeros().toPlainString()).collect(Collectors.joining(" "));
        return r.getAs("code") + " " + r.getAs("payer") + " " + r.getAs("geography") + " " + r.getAs("measure") + ": "
                + r.getAs("hospitals") + " " + r.getAs("rates") + " " + values;
    }
}
