package org.glimmr.jobs.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glimmr.jobs.aggregate.HandInputs.row;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.glimmr.lakehouse.LakehouseTables;
import org.glimmr.lakehouse.testing.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link AggregateSteps#chargesWithPayers}: state, canonical payer, derived dollar and source location of seven
 * charge rows. Hospitals: alder (CA), birch (TX); ghost is not in {@code silver.hospitals}. Payer names: {@code Aetna}
 * matched to {@code aetna}; {@code Mystery Health Plan} unmatched, normalised to {@code mystery health plan};
 * {@code Acme Health} not listed at all.
 *
 * <pre>
 * location    hospital  payer as published   $    %     gross   -> payer                          derived dollar
 * line 2      alder     Aetna                200        300        aetna                          -
 * line 3      alder     Aetna                210  80    300        aetna                          - (a dollar is published)
 * line 4      alder     Acme Health               50    300        unmatched:Acme Health (1)      300 x 50 / 100 = 150
 * line 5      birch     Mystery Health Plan       33.3  333.33     unmatched:mystery health plan  333.33 x 0.333 = 110.99889
 * line 6      birch     Aetna                     70    -          aetna                          - (no gross charge)
 * $.items[3]  birch     -                         50    400        -                              - (not a payer rate)
 * line 7      ghost     Aetna (algorithm)                          aetna, state unknown           -
 * </pre>
 * (1) a name missing from the payer names keeps its published spelling.
 */
@ExtendWith(SharedSpark.class)
class AggregateChargesWithPayersTest {
    @Test
    void stateCanonicalPayerDerivedDollarAndLocation(SharedSpark.Context ctx) {
        SparkSession spark = ctx.spark();
        Dataset<Row> charges = HandInputs.rows(spark, LakehouseTables.STANDARD_CHARGES.schema(),
                charge("alder", 2, "Aetna", "200", null, "300"),
                charge("alder", 3, "Aetna", "210", "80", "300"),
                charge("alder", 4, "Acme Health", null, "50", "300"),
                charge("birch", 5, "Mystery Health Plan", null, "33.3", "333.33"),
                charge("birch", 6, "Aetna", null, "70", null),
                row("file_sha256", "f-birch", "hospital_id", "birch", "source_path_in_file", "$.items[3]",
                        "negotiated_percentage", "50", "gross_charge", "400"),
                row("file_sha256", "f-ghost", "hospital_id", "ghost", "source_line", 7, "payer_name", "Aetna",
                        "negotiated_algorithm", "per diem x 3"));
        Dataset<Row> hospitals = HandInputs.rows(spark, LakehouseTables.HOSPITALS.schema(),
                row("hospital_id", "alder", "license_state", "CA"),
                row("hospital_id", "birch", "license_state", "TX"));
        Dataset<Row> payerNames = HandInputs.rows(spark, LakehouseTables.PAYER_NAMES.schema(),
                row("payer_name", "Aetna", "normalized_name", "aetna", "canonical_payer", "aetna", "matched_by", "exact"),
                row("payer_name", "Mystery Health Plan", "normalized_name", "mystery health plan", "matched_by", "unmatched"));

        Dataset<Row> out = AggregateSteps.chargesWithPayers(charges, hospitals, payerNames);

        assertThat(columns(out.schema())).as("the columns the gold steps read")
                .isEqualTo(columns(AggregateSteps.CHARGES_WITH_PAYERS));
        assertThat(out.collectAsList()).extracting(r -> r.getAs("source_location") + ": " + r.getAs("state") + " "
                + r.getAs("payer") + " " + r.getAs("derived_dollar")).containsExactlyInAnyOrder(
                "line 2: CA aetna null",
                "line 3: CA aetna null",
                "line 4: CA unmatched:Acme Health 150.000000",
                "line 5: TX unmatched:mystery health plan 110.998890",
                "line 6: TX aetna null",
                "$.items[3]: TX null null",
                "line 7: null aetna null");
    }

    private static Map<String, Object> charge(String hospital, long line, String payer, String dollar,
            String percentage, String gross) {
        return row("file_sha256", "f-" + hospital, "hospital_id", hospital, "source_line", line, "code_type", "CPT",
                "code", "99213", "payer_name", payer, "plan_name", "PPO", "negotiated_dollar", dollar,
                "negotiated_percentage", percentage, "gross_charge", gross);
    }

    private static List<String> columns(StructType schema) {
        return Stream.of(schema.fields()).map(f -> f.name() + " " + f.dataType().simpleString()).toList();
    }
}
