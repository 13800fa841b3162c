package org.glimmr.jobs.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glimmr.jobs.aggregate.HandInputs.row;

import java.time.LocalDate;
import java.util.ArrayList;
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
 * {@link AggregateSteps#hospitalCounts} and {@link AggregateSteps#hospitalSummary} as of 2026-11-25, so a file is fresh when last updated on or after
 * 2025-11-25. Score = 100 x (0.5 x readable + 0.2 x dollar_share + 0.2 x rules + 0.1 x fresh).
 *
 * <pre>
 * alder    2026-06-01  5 rows (99213: aetna $200, aetna $220, cigna $250, unitedhealthcare 50%; 99214 no payer),
 *                      5 rejected rows; findings: RequiredValue error twice, InvalidNumberFormat alert once,
 *                      InvalidDate alert twice (an older file's findings do not count)
 *          readable 5 / 10 = 0.5, dollar share 3 / 4 = 0.75, rules 1 - 0.1 x 1 - 0.02 x 2 = 0.86, fresh 1
 *          100 x (0.25 + 0.15 + 0.172 + 0.1) = 67.2
 * birch    2025-11-25  2 rows without a payer (99213, 70450), nothing rejected, no findings
 *          readable 1, no payer rates: dollar share null, scored 0; rules 1; fresh 1 (365 days exactly)
 *          100 x (0.5 + 0 + 0.2 + 0.1) = 80
 * cypress  2025-11-24  1 row (99213 aetna $280); errors of 11 distinct rules
 *          readable 1, dollar share 1, rules max(0, 1 - 1.1) = 0, fresh 0 (366 days)
 *          100 x (0.5 + 0.2 + 0 + 0) = 70
 * dune     no date     no rows, no file row
 *          readable 0, dollar share null, rules 1, fresh 0: 100 x 0.2 = 20
 * </pre>
 *
 * A charge of a hospital missing from {@code silver.hospitals} gives no summary.
 */
@ExtendWith(SharedSpark.class)
class AggregateHospitalSummaryTest {
    @Test
    void coverageFindingsAndQualityScore(SharedSpark.Context ctx) {
        SparkSession spark = ctx.spark();
        Dataset<Row> hospitals = HandInputs.rows(spark, LakehouseTables.HOSPITALS.schema(),
                hospital("alder", "CA", 2, "2026-06-01"), hospital("birch", "TX", 1, "2025-11-25"),
                hospital("cypress", "TX", 1, "2025-11-24"), hospital("dune", "NV", 1, null));
        Dataset<Row> charges = HandInputs.rows(spark, AggregateSteps.CHARGES_WITH_PAYERS,
                charge("alder", "99213", "aetna", "negotiated_dollar", "200"),
                charge("alder", "99213", "aetna", "negotiated_dollar", "220"),
                charge("alder", "99213", "cigna", "negotiated_dollar", "250"),
                charge("alder", "99213", "unitedhealthcare", "negotiated_percentage", "50"),
                charge("alder", "99214", null),
                charge("birch", "99213", null), charge("birch", "70450", null),
                charge("cypress", "99213", "aetna", "negotiated_dollar", "280"),
                charge("ghost", "99213", "aetna", "negotiated_dollar", "1"));
        Dataset<Row> files = HandInputs.rows(spark, LakehouseTables.MRF_FILES.schema(),
                row("sha256", "f-alder", "rejected_count", 5), row("sha256", "f-alder-old", "rejected_count", 100),
                row("sha256", "f-birch", "rejected_count", 0), row("sha256", "f-cypress", "rejected_count", 0));
        List<Map<String, Object>> findings = new ArrayList<>(List.of(
                finding("f-alder", "RequiredValue", "error"), finding("f-alder", "RequiredValue", "error"),
                finding("f-alder", "InvalidNumberFormat", "alert"),
                finding("f-alder", "InvalidDate", "alert"), finding("f-alder", "InvalidDate", "alert"),
                finding("f-alder-old", "HeaderColumnMissing", "error")));
        for (int rule = 1; rule <= 11; rule++) {
            findings.add(finding("f-cypress", "Rule" + rule, "error"));
        }

        Map<String, Row> summary = HandInputs.byKey(AggregateJob.asDefined(LakehouseTables.HOSPITAL_SUMMARY,
                AggregateSteps.hospitalSummary(hospitals, AggregateSteps.hospitalCounts(charges), files,
                        HandInputs.rows(spark, LakehouseTables.FILE_FINDINGS.schema(), findings), LocalDate.parse("2026-11-25"))),
                r -> r.getAs("hospital_id"));

        assertThat(summary).as("one row per hospital of silver.hospitals").containsOnlyKeys("alder", "birch", "cypress", "dune");
        // hospital_id, hospital_name, state, current_file_sha256, files, last_updated_on, rows, rejected_rows, codes,
        // payers, payer_rates, dollar_share, finding_errors, finding_alerts, quality_score, as_of
        assertThat(summary.get("alder")).hasToString("[alder,Hospital alder,CA,f-alder,2,2026-06-01,5,5,2,3,4,0.75,2,3,67.2,2026-11-25]");
        assertThat(summary.get("birch")).hasToString("[birch,Hospital birch,TX,f-birch,1,2025-11-25,2,0,2,0,0,null,0,0,80.0,2026-11-25]");
        assertThat(summary.get("cypress")).hasToString("[cypress,Hospital cypress,TX,f-cypress,1,2025-11-24,1,0,1,1,1,1.0,11,0,70.0,2026-11-25]");
        assertThat(summary.get("dune")).hasToString("[dune,Hospital dune,NV,f-dune,1,null,0,0,0,0,0,null,0,0,20.0,2026-11-25]");
    }

    private static Map<String, Object> hospital(String id, String state, long files, String lastUpdatedOn) {
        return row("hospital_id", id, "hospital_name", "Hospital " + id, "license_state", state,
                "current_file_sha256", "f-" + id, "files_seen", files, "last_updated_on", lastUpdatedOn);
    }

    private static Map<String, Object> charge(String hospital, String code, String payer, Object... price) {
        return HandInputs.with(row("file_sha256", "f-" + hospital, "hospital_id", hospital, "code_type", "CPT",
                "code", code, "payer", payer), price);
    }

    private static Map<String, Object> finding(String file, String rule, String severity) {
        return row("file_sha256", file, "rule", rule, "severity", severity);
    }
}
