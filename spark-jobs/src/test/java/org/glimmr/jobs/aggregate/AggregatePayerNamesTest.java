package org.glimmr.jobs.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glimmr.jobs.aggregate.HandInputs.row;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.glimmr.lakehouse.LakehouseTables;
import org.glimmr.lakehouse.testing.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link AggregateSteps#payerNameCounts} and {@link AggregateSteps#payerNames} on six charge rows of two hospitals,
 * with the stand-in registry of
 * {@link HandInputs#MATCHER}:
 *
 * <pre>
 * alder   Aetna PPO, Aetna HMO, (no payer: gross and cash only)
 * birch   Aetna PPO, "AETNA " Choice, Mystery Health Plan Gold
 * </pre>
 *
 * Three published names, one row each: {@code Aetna} (2 hospitals, 3 rows) and {@code "AETNA "} (1, 1) both match
 * {@code aetna} exactly once normalised; {@code Mystery Health Plan} (1, 1) is unmatched, normalised to
 * {@code mystery health plan}, with no canonical payer. The row without a payer gives no name.
 */
@ExtendWith(SharedSpark.class)
class AggregatePayerNamesTest {
    @Test
    void everyPublishedNameOnceWithItsCanonicalPayer(SharedSpark.Context ctx) {
        Dataset<Row> charges = HandInputs.rows(ctx.spark(), LakehouseTables.STANDARD_CHARGES.schema(),
                row("file_sha256", "f-alder", "hospital_id", "alder", "payer_name", "Aetna", "plan_name", "PPO"),
                row("file_sha256", "f-alder", "hospital_id", "alder", "payer_name", "Aetna", "plan_name", "HMO"),
                row("file_sha256", "f-alder", "hospital_id", "alder", "gross_charge", "300", "discounted_cash", "180"),
                row("file_sha256", "f-birch", "hospital_id", "birch", "payer_name", "Aetna", "plan_name", "PPO"),
                row("file_sha256", "f-birch", "hospital_id", "birch", "payer_name", "AETNA ", "plan_name", "Choice"),
                row("file_sha256", "f-birch", "hospital_id", "birch", "payer_name", "Mystery Health Plan", "plan_name", "Gold"));

        Dataset<Row> counts = AggregateJob.asDefined(LakehouseTables.PAYER_NAME_COUNTS, AggregateSteps.payerNameCounts(charges));
        assertThat(counts.collectAsList()).map(Row::toString).as("per hospital and name, its rows")
                .containsExactlyInAnyOrder("[alder,Aetna,2]", "[birch,Aetna,1]", "[birch,AETNA ,1]",
                        "[birch,Mystery Health Plan,1]");
        Map<String, Row> names = HandInputs.byKey(
                AggregateJob.asDefined(LakehouseTables.PAYER_NAMES, AggregateSteps.payerNames(counts, HandInputs.MATCHER)),
                r -> r.getAs("payer_name"));

        assertThat(names).as("one row per published name; none for the row without a payer")
                .containsOnlyKeys("Aetna", "AETNA ", "Mystery Health Plan");
        // payer_name, normalized_name, canonical_payer, canonical_name, payer_type, matched_by, hospitals, rows
        assertThat(names.get("Aetna")).hasToString("[Aetna,aetna,aetna,Aetna,commercial,exact,2,3]");
        assertThat(names.get("AETNA ")).hasToString("[AETNA ,aetna,aetna,Aetna,commercial,exact,1,1]");
        assertThat(names.get("Mystery Health Plan"))
                .hasToString("[Mystery Health Plan,mystery health plan,null,null,null,unmatched,1,1]");
    }
}
