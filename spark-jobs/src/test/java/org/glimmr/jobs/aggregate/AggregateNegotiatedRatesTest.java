package org.glimmr.jobs.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glimmr.jobs.aggregate.HandInputs.row;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.glimmr.lakehouse.LakehouseTables;
import org.glimmr.lakehouse.testing.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link AggregateSteps#negotiatedRates} on five rows of {@link AggregateSteps#CHARGES_WITH_PAYERS}:
 *
 * <pre>
 * file    location  hospital     payer             plan         published            derived
 * f-alder line 2    alder (CA)   aetna             PPO          $200                 -
 * f-alder line 3    alder (CA)   unitedhealthcare  Choice Plus  50%                  150
 * f-alder line 4    alder (CA)   -                 -            (gross and cash only: not a payer rate)
 * f-birch line 2    birch (TX)   cigna             OAP          $300                 -
 * f-birch line 3    birch (TX)   aetna             HMO          algorithm per diem   -
 * </pre>
 *
 * Four rates, each with its columns as given (the derived dollar stays apart from the published one). Their ids
 * number each hospital's rates from 1 in the order of file then location (alder 1 and 2, birch 1 and 2), and are the
 * same when the rows come in another order and other partitions.
 */
@ExtendWith(SharedSpark.class)
class AggregateNegotiatedRatesTest {
    private static final List<Map<String, Object>> CHARGES = List.of(
            rate("f-alder", 2, "alder", "CA", "aetna", "Aetna", "PPO",
                    "negotiated_dollar", "200", "methodology", "fee schedule"),
            rate("f-alder", 3, "alder", "CA", "unitedhealthcare", "UnitedHealthcare", "Choice Plus",
                    "negotiated_percentage", "50", "derived_dollar", "150", "methodology", "percent of total billed charges"),
            row("file_sha256", "f-alder", "source_line", 4, "source_location", "line 4", "hospital_id", "alder",
                    "state", "CA", "code_type", "CPT", "code", "99213", "gross_charge", "300", "discounted_cash", "180"),
            rate("f-birch", 2, "birch", "TX", "cigna", "Cigna", "OAP", "negotiated_dollar", "300"),
            rate("f-birch", 3, "birch", "TX", "aetna", "Aetna", "HMO",
                    "negotiated_algorithm", "per diem", "methodology", "per diem"));

    @Test
    void oneRowPerPayerRateWithIdsInLineageOrder(SharedSpark.Context ctx) {
        List<Row> rates = rates(HandInputs.rows(ctx.spark(), AggregateSteps.CHARGES_WITH_PAYERS, CHARGES));

        assertThat(rates).extracting(r -> r.getAs("file_sha256") + " " + r.getAs("source_location") + ": "
                + r.getAs("hospital_id") + " " + r.getAs("state") + " " + r.getAs("payer") + " " + r.getAs("payer_name")
                + " " + r.getAs("plan_name") + " $" + r.getAs("negotiated_dollar") + " " + r.getAs("negotiated_percentage")
                + "% " + r.getAs("negotiated_algorithm") + " derived " + r.getAs("derived_dollar")).containsExactly(
                "f-alder line 2: alder CA aetna Aetna PPO $200.000000 null% null derived null",
                "f-alder line 3: alder CA unitedhealthcare UnitedHealthcare Choice Plus $null 50.000000% null derived 150.000000",
                "f-birch line 2: birch TX cigna Cigna OAP $300.000000 null% null derived null",
                "f-birch line 3: birch TX aetna Aetna HMO $null null% per diem derived null");
        List<String> ids = rates.stream().map(r -> r.getAs("hospital_id") + " " + r.<Long>getAs("rate_id")).toList();
        assertThat(ids).as("each hospital's rates numbered from 1 in the order of file and location")
                .containsExactly("alder 1", "alder 2", "birch 1", "birch 2");

        List<Map<String, Object>> reversed = new ArrayList<>(CHARGES);
        Collections.reverse(reversed);
        assertThat(rates(HandInputs.rows(ctx.spark(), AggregateSteps.CHARGES_WITH_PAYERS, reversed).repartition(3)))
                .as("the same rates in another order get the same ids")
                .extracting(r -> r.getAs("hospital_id") + " " + r.<Long>getAs("rate_id")).containsExactlyElementsOf(ids);
    }

    /** The step's rates as stored, in the order of file and location. */
    private static List<Row> rates(Dataset<Row> charges) {
        return AggregateJob.asDefined(LakehouseTables.NEGOTIATED_RATES, AggregateSteps.negotiatedRates(charges))
                .collectAsList().stream()
                .sorted(Comparator.comparing(r -> r.getAs("file_sha256") + " " + r.getAs("source_location")))
                .toList();
    }

    private static Map<String, Object> rate(String file, long line, String hospital, String state, String payer,
            String payerName, String plan, Object... more) {
        Map<String, Object> row = row("file_sha256", file, "source_line", line, "source_location", "line " + line,
                "hospital_id", hospital, "state", state, "code_type", "CPT", "code", "99213", "setting", "outpatient",
                "payer", payer, "payer_name", payerName, "plan_name", plan, "gross_charge", "300");
        return HandInputs.with(row, more);
    }
}
