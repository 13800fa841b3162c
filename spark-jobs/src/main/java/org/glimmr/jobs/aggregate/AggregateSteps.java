package org.glimmr.jobs.aggregate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.StructType;
import org.glimmr.lakehouse.LakehouseTables;

/**
 * The transformations of {@link AggregateJob}, one per table it writes, plus {@link #chargesWithPayers} that the gold
 * steps share. Each is a function from its input datasets to the table's rows: it reads no table and writes none (the
 * job reads silver, runs the steps in order and writes each result, cast to the table's definition). Since every input
 * is an argument, a step restricted to some hospitals or groups is the same step given filtered inputs.
 *
 * <p>The SQL steps name their inputs in {@code FROM} clauses; {@link #sql} makes those names temporary views only
 * while the query is analysed. Each step's javadoc says which dataset each name stands for.
 */
final class AggregateSteps {
    /**
     * The rows {@link #chargesWithPayers} returns and the gold steps read: every column of
     * {@code silver.standard_charges}, then the hospital's state, the canonical payer, the derived dollar and the
     * source location.
     */
    static final StructType CHARGES_WITH_PAYERS = LakehouseTables.STANDARD_CHARGES.schema()
            .add("state", StringType)
            .add("payer", StringType)
            .add("derived_dollar", LakehouseTables.AMOUNT)
            .add("source_location", StringType);

    private static final StructType MATCH = new StructType()
            .add("normalized_name", StringType)
            .add("canonical_payer", StringType)
            .add("canonical_name", StringType)
            .add("payer_type", StringType)
            .add("matched_by", StringType);

    private AggregateSteps() {}

    /**
     * {@code silver.payer_names}: every distinct published payer name (rows without a payer have none) with its
     * canonical payer and how many hospitals and rows publish it. The matcher runs once per distinct name, in tasks.
     *
     * @param charges rows of {@code silver.standard_charges}
     */
    static Dataset<Row> payerNames(Dataset<Row> charges, PayerMatcher matcher) {
        UserDefinedFunction match = udf((UDF1<String, Row>) name -> {
            PayerMatcher.Match m = matcher.match(name);
            return RowFactory.create(m.normalizedName(), m.canonicalId(), m.canonicalName(), m.payerType(), m.matchedBy());
        }, MATCH);
        return charges.where(col("payer_name").isNotNull())
                .groupBy("payer_name")
                .agg(count_distinct(col("hospital_id")).as("hospitals"), count(lit(1)).as("rows"))
                .withColumn("m", match.apply(col("payer_name")))
                .select("payer_name", "m.normalized_name", "m.canonical_payer", "m.canonical_name", "m.payer_type",
                        "m.matched_by", "hospitals", "rows");
    }

    /**
     * Every charge row with its hospital's state, its canonical payer, its derived dollar and its source location
     * ({@link #CHARGES_WITH_PAYERS}): what the gold steps are built from.
     *
     * <ul>
     *   <li>{@code payer}: null without a payer name; else the canonical payer of the name, or
     *       {@code unmatched:<normalised name>} (the name as published when {@code payer_names} lacks it).
     *   <li>{@code derived_dollar = gross_charge x negotiated_percentage / 100}, only for a payer rate with no
     *       published dollar, a percentage and a known gross charge.
     *   <li>{@code source_location}: {@code line N} (CSV), else the JSON path.
     * </ul>
     *
     * @param charges    {@code charges}: rows of {@code silver.standard_charges}
     * @param hospitals  {@code hospitals}: rows of {@code silver.hospitals}
     * @param payerNames {@code payer_names}: rows of {@code silver.payer_names}
     */
    static Dataset<Row> chargesWithPayers(Dataset<Row> charges, Dataset<Row> hospitals, Dataset<Row> payerNames) {
        return sql("""
                SELECT c.*, h.license_state AS state,
                       CASE WHEN c.payer_name IS NULL THEN NULL
                            ELSE coalesce(p.canonical_payer, concat('unmatched:', coalesce(p.normalized_name, c.payer_name)))
                       END AS payer,
                       CASE WHEN c.payer_name IS NOT NULL AND c.negotiated_dollar IS NULL
                                 AND c.negotiated_percentage IS NOT NULL AND c.gross_charge IS NOT NULL
                            THEN CAST(c.gross_charge * c.negotiated_percentage / 100 AS DECIMAL(20, 6))
                       END AS derived_dollar,
                       coalesce(concat('line ', CAST(c.source_line AS STRING)), c.source_path_in_file) AS source_location
                FROM charges c
                LEFT JOIN hospitals h ON h.hospital_id = c.hospital_id
                LEFT JOIN payer_names p ON p.payer_name = c.payer_name
                """, Map.of("charges", charges, "hospitals", hospitals, "payer_names", payerNames));
    }

    /**
     * {@code gold.negotiated_rates}: one row per payer-specific rate. {@code rate_id} numbers the rates in a total
     * order of their lineage (file, location, then the rate's own columns), so the same rows get the same ids.
     *
     * @param charges {@code charges}: {@link #chargesWithPayers}
     */
    static Dataset<Row> negotiatedRates(Dataset<Row> charges) {
        return sql("""
                SELECT hospital_id, state, code_type, code, setting, billing_class, description, payer, payer_name,
                       plan_name, methodology, negotiated_dollar, negotiated_percentage, negotiated_algorithm,
                       derived_dollar, gross_charge, discounted_cash, file_sha256, source_location
                FROM charges WHERE payer_name IS NOT NULL
                """, Map.of("charges", charges))
                .orderBy("file_sha256", "source_location", "payer_name", "plan_name", "code_type", "code", "setting",
                        "billing_class", "description", "negotiated_dollar", "negotiated_percentage",
                        "negotiated_algorithm", "methodology")
                .withColumn("rate_id", monotonically_increasing_id());
    }

    /**
     * {@code gold.hospital_code_prices}: per hospital x code x setting, the hospital's prices for the item over all
     * payers and plans. An item listed more than once shows its shortest description (of equal lengths, the first in
     * text order), its highest gross charge and its lowest cash price; {@code negotiated_*} are over payer rates in
     * published dollars only, {@code derived_*} over derived dollars only.
     *
     * @param charges {@code charges}: {@link #chargesWithPayers}
     */
    static Dataset<Row> hospitalCodePrices(Dataset<Row> charges) {
        return sql("""
                SELECT hospital_id, first(state, true) AS state, code_type, code, setting,
                       min_by(description, named_struct('len', length(description), 'text', description)) AS description,
                       max(gross_charge) AS gross_charge, min(discounted_cash) AS discounted_cash,
                       min(minimum) AS minimum, max(maximum) AS maximum,
                       min(negotiated_dollar) FILTER (WHERE payer IS NOT NULL) AS negotiated_min,
                       percentile(negotiated_dollar, 0.5) FILTER (WHERE payer IS NOT NULL) AS negotiated_median,
                       max(negotiated_dollar) FILTER (WHERE payer IS NOT NULL) AS negotiated_max,
                       min(derived_dollar) AS derived_min, max(derived_dollar) AS derived_max,
                       count(DISTINCT payer) AS payers,
                       count(DISTINCT payer, coalesce(plan_name, '')) AS plans,
                       count_if(payer IS NOT NULL AND negotiated_dollar IS NOT NULL) AS dollar_rates,
                       count_if(payer IS NOT NULL AND negotiated_dollar IS NULL AND negotiated_percentage IS NOT NULL) AS percentage_rates,
                       count_if(payer IS NOT NULL AND negotiated_dollar IS NULL AND negotiated_percentage IS NULL
                                AND negotiated_algorithm IS NOT NULL) AS algorithm_rates
                FROM charges WHERE code IS NOT NULL
                GROUP BY hospital_id, code_type, code, setting
                """, Map.of("charges", charges));
    }

    /**
     * {@code gold.code_price_stats}: per code x setting x measure, over payer (each canonical payer, and {@code *})
     * x geography (each state, and {@code US}): how many hospitals and values, min, max, mean and exact percentiles
     * (linear interpolation between the ranks around {@code p x (n - 1)}). Negotiated and derived dollars count every
     * payer rate once and are separate measures; gross charge and cash price count once per hospital, from
     * {@code hospital_code_prices}, under payer {@code *} only. A value without a state counts under {@code US} only.
     *
     * @param charges            {@code charges}: {@link #chargesWithPayers}
     * @param hospitalCodePrices {@code hospital_code_prices}: {@link #hospitalCodePrices}
     */
    static Dataset<Row> codePriceStats(Dataset<Row> charges, Dataset<Row> hospitalCodePrices) {
        return sql("""
                WITH price_values AS (
                  SELECT code_type, code, setting, hospital_id, state, payer, 'negotiated_dollar' AS measure, negotiated_dollar AS v
                  FROM charges WHERE payer IS NOT NULL AND negotiated_dollar IS NOT NULL AND code IS NOT NULL
                  UNION ALL
                  SELECT code_type, code, setting, hospital_id, state, payer, 'derived_dollar', derived_dollar
                  FROM charges WHERE derived_dollar IS NOT NULL AND code IS NOT NULL
                  UNION ALL
                  SELECT code_type, code, setting, hospital_id, state, NULL, 'gross_charge', gross_charge
                  FROM hospital_code_prices WHERE gross_charge IS NOT NULL
                  UNION ALL
                  SELECT code_type, code, setting, hospital_id, state, NULL, 'discounted_cash', discounted_cash
                  FROM hospital_code_prices WHERE discounted_cash IS NOT NULL)
                SELECT code_type, code, setting, payer_group AS payer, geography, measure, hospitals, rates,
                       min, q[0] AS p10, q[1] AS p25, q[2] AS median, q[3] AS p75, q[4] AS p90, max, mean
                FROM (
                  SELECT code_type, code, setting, measure,
                         CASE WHEN grouping(payer) = 1 THEN '*' ELSE payer END AS payer_group,
                         CASE WHEN grouping(state) = 1 THEN 'US' ELSE state END AS geography,
                         grouping(payer) AS all_payers, grouping(state) AS national, payer, state,
                         count(DISTINCT hospital_id) AS hospitals, count(*) AS rates, min(v) AS min, max(v) AS max,
                         avg(v) AS mean, percentile(v, array(0.1, 0.25, 0.5, 0.75, 0.9)) AS q
                  FROM price_values
                  GROUP BY GROUPING SETS ((code_type, code, setting, measure, payer, state),
                                          (code_type, code, setting, measure, payer),
                                          (code_type, code, setting, measure, state),
                                          (code_type, code, setting, measure)))
                WHERE (all_payers = 1 OR payer IS NOT NULL) AND (national = 1 OR state IS NOT NULL)
                """, Map.of("charges", charges, "hospital_code_prices", hospitalCodePrices));
    }

    /**
     * {@code gold.hospital_summary}: per hospital of {@code hospitals}, its current file's rows, rejected rows,
     * codes, payers and findings, and the data-quality score of the README:
     * {@code 100 x (0.5 x readable + 0.2 x dollar_share + 0.2 x rules + 0.1 x fresh)}, rounded to one decimal, where
     * {@code readable = rows / (rows + rejected)} (0 without rows), {@code dollar_share} is 0 without payer rates,
     * {@code rules = max(0, 1 - 0.1 x distinct error rules - 0.02 x distinct alert rules)} and {@code fresh} is 1 when
     * {@code last_updated_on} is on or after {@code asOf} minus 365 days.
     *
     * @param hospitals {@code hospitals}: rows of {@code silver.hospitals}
     * @param charges   {@code charges}: {@link #chargesWithPayers}
     * @param files     {@code files}: rows of {@code bronze.mrf_files} (rejected rows per file)
     * @param findings  {@code findings}: rows of {@code silver.file_findings}
     * @param asOf      the date freshness is judged against
     */
    static Dataset<Row> hospitalSummary(Dataset<Row> hospitals, Dataset<Row> charges, Dataset<Row> files,
            Dataset<Row> findings, LocalDate asOf) {
        return sql("""
                SELECT hospital_id, hospital_name, state, current_file_sha256, files, last_updated_on, rows,
                       rejected_rows, codes, payers, payer_rates, dollar_share, finding_errors, finding_alerts,
                       round(100 * (0.5 * readable + 0.2 * coalesce(dollar_share, 0) + 0.2 * rule_score + 0.1 * fresh), 1)
                           AS quality_score,
                       as_of
                FROM (
                  SELECT h.hospital_id, h.hospital_name, h.license_state AS state, h.current_file_sha256,
                         h.files_seen AS files, h.last_updated_on, coalesce(s.rows, 0) AS rows,
                         coalesce(f.rejected_count, 0) AS rejected_rows, coalesce(s.codes, 0) AS codes,
                         coalesce(s.payers, 0) AS payers, coalesce(s.payer_rates, 0) AS payer_rates, s.dollar_share,
                         coalesce(r.errors, 0) AS finding_errors, coalesce(r.alerts, 0) AS finding_alerts,
                         CASE WHEN coalesce(s.rows, 0) = 0 THEN 0.0
                              ELSE s.rows / (s.rows + coalesce(f.rejected_count, 0)) END AS readable,
                         greatest(0.0, 1.0 - 0.1 * coalesce(r.error_rules, 0) - 0.02 * coalesce(r.alert_rules, 0)) AS rule_score,
                         CASE WHEN h.last_updated_on >= date_sub(DATE'%1$s', 365) THEN 1.0 ELSE 0.0 END AS fresh,
                         DATE'%1$s' AS as_of
                  FROM hospitals h
                  LEFT JOIN (SELECT hospital_id, count(*) AS rows, count(DISTINCT code_type, code) AS codes,
                                    count(DISTINCT payer) AS payers, count(payer) AS payer_rates,
                                    count_if(payer IS NOT NULL AND negotiated_dollar IS NOT NULL) / nullif(count(payer), 0) AS dollar_share
                             FROM charges GROUP BY hospital_id) s ON s.hospital_id = h.hospital_id
                  LEFT JOIN files f ON f.sha256 = h.current_file_sha256
                  LEFT JOIN (SELECT file_sha256, count_if(severity = 'error') AS errors, count_if(severity = 'alert') AS alerts,
                                    count(DISTINCT CASE WHEN severity = 'error' THEN rule END) AS error_rules,
                                    count(DISTINCT CASE WHEN severity = 'alert' THEN rule END) AS alert_rules
                             FROM findings GROUP BY file_sha256) r ON r.file_sha256 = h.current_file_sha256)
                """.formatted(asOf), Map.of("hospitals", hospitals, "charges", charges, "files", files, "findings", findings));
    }

    /**
     * Runs {@code query} with each input registered as a temporary view of its name, and drops the views once the
     * query is analysed: the result holds the inputs' plans, not the names, so no view outlives the step. A view of
     * the same name that the session had before is replaced and dropped.
     */
    private static Dataset<Row> sql(String query, Map<String, Dataset<Row>> inputs) {
        SparkSession spark = inputs.values().iterator().next().sparkSession();
        inputs.forEach((name, data) -> data.createOrReplaceTempView(name));
        try {
            return spark.sql(query);
        } finally {
            inputs.keySet().forEach(name -> spark.catalog().dropTempView(name));
        }
    }
}
