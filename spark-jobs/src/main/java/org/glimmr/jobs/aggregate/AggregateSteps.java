package org.glimmr.jobs.aggregate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
     * The rows {@link #chargesWithPayers} returns and the gold steps read: the columns of
     * {@code silver.standard_charges} but {@code billing_class} and {@code modifiers}, then those two as the keys of
     * comparable groups, the hospital's state, the canonical payer, the derived dollar and the source location.
     */
    static final StructType CHARGES_WITH_PAYERS = withoutColumns(LakehouseTables.STANDARD_CHARGES.schema(), "billing_class",
            "modifiers")
            .add("billing_class", StringType)
            .add("modifiers", StringType)
            .add("state", StringType)
            .add("payer", StringType)
            .add("derived_dollar", LakehouseTables.AMOUNT)
            .add("source_location", StringType);

    /** The columns that name a comparable group of prices, after the code. */
    static final String GROUP = "setting, billing_class, modifiers";

    private static final StructType MATCH = new StructType()
            .add("normalized_name", StringType)
            .add("canonical_payer", StringType)
            .add("canonical_name", StringType)
            .add("payer_type", StringType)
            .add("matched_by", StringType);

    private AggregateSteps() {}

    /**
     * {@code gold.payer_name_counts}: per hospital and payer name as published, how many of its current rows carry
     * the name (rows without a payer have none).
     *
     * @param charges rows of {@code silver.standard_charges}
     */
    static Dataset<Row> payerNameCounts(Dataset<Row> charges) {
        return charges.where(col("payer_name").isNotNull())
                .groupBy("hospital_id", "payer_name")
                .agg(count(lit(1)).as("rows"));
    }

    /**
     * {@code silver.payer_names}: every distinct published payer name with its canonical payer and how many hospitals
     * and rows publish it. The matcher runs once per distinct name, in tasks.
     *
     * @param counts rows of {@code gold.payer_name_counts}
     */
    static Dataset<Row> payerNames(Dataset<Row> counts, PayerMatcher matcher) {
        UserDefinedFunction match = udf((UDF1<String, Row>) name -> {
            PayerMatcher.Match m = matcher.match(name);
            return RowFactory.create(m.normalizedName(), m.canonicalId(), m.canonicalName(), m.payerType(), m.matchedBy());
        }, MATCH);
        return counts.groupBy("payer_name")
                .agg(count(lit(1)).as("hospitals"), sum(col("rows")).as("rows"))
                .withColumn("m", match.apply(col("payer_name")))
                .select("payer_name", "m.normalized_name", "m.canonical_payer", "m.canonical_name", "m.payer_type",
                        "m.matched_by", "hospitals", "rows");
    }

    /**
     * Every charge row with its hospital's state, its canonical payer, its derived dollar and its source location
     * ({@link #CHARGES_WITH_PAYERS}): what the gold steps are built from.
     *
     * <ul>
     *   <li>{@code billing_class}: as published ({@code professional}, {@code facility}, {@code both}), or
     *       {@code unknown} when not published: a professional fee and a facility fee are never one group.
     *   <li>{@code modifiers}: the modifier codes, trimmed, upper case, distinct, sorted and joined with {@code ,}
     *       ({@code ''} for none): {@code 26} (professional component) and {@code TC} (technical) are groups of their
     *       own, apart from the global price.
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
                SELECT c.* EXCEPT (billing_class, modifiers),
                       coalesce(lower(trim(c.billing_class)), 'unknown') AS billing_class,
                       array_join(array_sort(array_distinct(transform(
                           filter(coalesce(c.modifiers, array()), m -> m IS NOT NULL AND trim(m) != ''),
                           m -> upper(trim(m))))), ',') AS modifiers,
                       h.license_state AS state,
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
     * {@code gold.negotiated_rates}: one row per payer-specific rate. {@code rate_id} numbers a hospital's rates from 1
     * in the order of their lineage (file, CSV line or JSON path, then the rate's own columns): the same rows of a
     * hospital get the same ids whatever else changed, so a rate keeps its id while its hospital's current file does.
     *
     * @param charges {@code charges}: {@link #chargesWithPayers}
     */
    static Dataset<Row> negotiatedRates(Dataset<Row> charges) {
        return sql("""
                SELECT row_number() OVER (PARTITION BY hospital_id
                           ORDER BY file_sha256, source_line, source_path_in_file, payer_name, plan_name, code_type, code,
                                    setting, billing_class, modifiers, description, negotiated_dollar,
                                    negotiated_percentage, negotiated_algorithm, methodology) AS rate_id,
                       hospital_id, state, code_type, code, setting, billing_class, modifiers, description, payer,
                       payer_name, plan_name, methodology, negotiated_dollar, negotiated_percentage, negotiated_algorithm,
                       derived_dollar, gross_charge, discounted_cash, file_sha256, source_location
                FROM charges WHERE payer_name IS NOT NULL
                """, Map.of("charges", charges));
    }

    /**
     * {@code gold.hospital_code_prices}: per hospital x code x setting x billing class x modifiers, the hospital's
     * prices for the item over all payers and plans. An item listed more than once shows its shortest description (of
     * equal lengths, the first in text order), its highest gross charge and its lowest cash price; {@code negotiated_*}
     * are over payer rates in published dollars only, {@code derived_*} over derived dollars only.
     *
     * @param charges {@code charges}: {@link #chargesWithPayers}
     */
    static Dataset<Row> hospitalCodePrices(Dataset<Row> charges) {
        return sql("""
                SELECT hospital_id, first(state, true) AS state, code_type, code, %1$s,
                       min_by(description, named_struct('len', length(description), 'text', description)) AS description,
                       max(gross_charge) AS gross_charge, min(discounted_cash) AS discounted_cash,
                       min(minimum) AS minimum, max(maximum) AS maximum,
                       min(negotiated_dollar) FILTER (WHERE payer IS NOT NULL) AS negotiated_min,
                       %2$s AS negotiated_median,
                       max(negotiated_dollar) FILTER (WHERE payer IS NOT NULL) AS negotiated_max,
                       min(derived_dollar) AS derived_min, max(derived_dollar) AS derived_max,
                       size(collect_set(payer)) AS payers,
                       size(collect_set(named_struct('payer', payer, 'plan', coalesce(plan_name, '')))
                            FILTER (WHERE payer IS NOT NULL)) AS plans,
                       count_if(payer IS NOT NULL AND negotiated_dollar IS NOT NULL) AS dollar_rates,
                       count_if(payer IS NOT NULL AND negotiated_dollar IS NULL AND negotiated_percentage IS NOT NULL) AS percentage_rates,
                       count_if(payer IS NOT NULL AND negotiated_dollar IS NULL AND negotiated_percentage IS NULL
                                AND negotiated_algorithm IS NOT NULL) AS algorithm_rates
                FROM charges WHERE code IS NOT NULL
                GROUP BY hospital_id, code_type, code, %1$s
                """.formatted(GROUP, percentile("array_sort(collect_list(CAST(negotiated_dollar AS DOUBLE))"
                + " FILTER (WHERE payer IS NOT NULL))", "count(negotiated_dollar) FILTER (WHERE payer IS NOT NULL)", "0.5")),
                Map.of("charges", charges));
    }

    /**
     * {@code gold.code_price_values}: the values of the statistics at their finest grain, one row per code x setting x
     * billing class x modifiers x measure x payer x state: how many, their exact sum, least and greatest, every value
     * ascending (double precision) and the hospitals that have one (64-bit hashes of {@code hospital_id}, ascending).
     * Negotiated and derived dollars count every payer rate once; gross charge and cash price count once per hospital
     * (from {@code hospital_code_prices}) under payer {@code ''}. A hospital without a state is under state {@code ''}.
     *
     * @param rates  {@code rates}: rows of {@code gold.negotiated_rates}
     * @param prices {@code prices}: rows of {@code gold.hospital_code_prices}
     */
    static Dataset<Row> codePriceValues(Dataset<Row> rates, Dataset<Row> prices) {
        return sql("""
                WITH v AS (
                  SELECT code_type, code, %1$s, 'negotiated_dollar' AS measure, payer, state, hospital_id, negotiated_dollar AS v
                  FROM rates WHERE negotiated_dollar IS NOT NULL AND code IS NOT NULL
                  UNION ALL
                  SELECT code_type, code, %1$s, 'derived_dollar', payer, state, hospital_id, derived_dollar
                  FROM rates WHERE derived_dollar IS NOT NULL AND code IS NOT NULL
                  UNION ALL
                  SELECT code_type, code, %1$s, 'gross_charge', '', state, hospital_id, gross_charge
                  FROM prices WHERE gross_charge IS NOT NULL
                  UNION ALL
                  SELECT code_type, code, %1$s, 'discounted_cash', '', state, hospital_id, discounted_cash
                  FROM prices WHERE discounted_cash IS NOT NULL)
                SELECT code_type, code, %1$s, measure, payer, coalesce(state, '') AS state, count(*) AS value_count,
                       CAST(sum(v) AS DECIMAL(38, 6)) AS total, min(v) AS min, max(v) AS max,
                       array_sort(collect_list(CAST(v AS DOUBLE))) AS sorted_values,
                       array_sort(collect_set(xxhash64(hospital_id))) AS hospital_keys
                FROM v
                GROUP BY code_type, code, %1$s, measure, payer, coalesce(state, '')
                """.formatted(GROUP), Map.of("rates", rates, "prices", prices));
    }

    /** The grouping sets of {@code gold.code_price_stats}, as rows of it are recomputed. */
    enum Reach {
        /** Rows of states: each payer and all payers ({@code *}) in a state. */
        STATES,
        /** Rows of {@code US}: each payer and all payers across states (and hospitals without a state). */
        NATIONAL
    }

    /**
     * {@code gold.code_price_stats} rows from {@link #codePriceValues} rows: per code x setting x billing class x
     * modifiers x measure, over payer (each canonical payer, and {@code *}) x geography (each state, or {@code US}):
     * how many hospitals and values, min, max, exact mean, and exact percentiles in double precision (linear
     * interpolation between the ranks around {@code p x (n - 1)}, as Spark's {@code percentile} and numpy's default).
     * Gross charge and cash price are under payer {@code *} only; a value without a state counts under {@code US}
     * only. Each statistics row is a function of the value rows it merges, whichever run computes it: a full rebuild
     * and an incremental one give the same rows.
     *
     * @param values {@code code_price_values}: rows of {@link #codePriceValues}, all of the groups to compute
     * @param reach  which rows to compute: the states' or the nation's
     */
    static Dataset<Row> codePriceStats(Dataset<Row> values, Reach reach) {
        String sets = reach == Reach.STATES
                ? """
                  SELECT code_type, code, %1$s, payer, state AS geography, measure, value_count, total, min, max,
                         sorted_values, hospital_keys
                  FROM code_price_values WHERE state != '' AND payer != ''
                  UNION ALL
                  SELECT code_type, code, %1$s, '*', state, measure, sum(value_count), sum(total), min(min), max(max),
                         array_sort(flatten(collect_list(sorted_values))), array_distinct(flatten(collect_list(hospital_keys)))
                  FROM code_price_values WHERE state != ''
                  GROUP BY code_type, code, %1$s, state, measure"""
                : """
                  SELECT code_type, code, %1$s, payer, 'US' AS geography, measure, sum(value_count) AS value_count,
                         sum(total) AS total, min(min) AS min, max(max) AS max,
                         array_sort(flatten(collect_list(sorted_values))) AS sorted_values,
                         array_distinct(flatten(collect_list(hospital_keys))) AS hospital_keys
                  FROM code_price_values WHERE payer != ''
                  GROUP BY code_type, code, %1$s, payer, measure
                  UNION ALL
                  SELECT code_type, code, %1$s, '*', 'US', measure, sum(value_count), sum(total), min(min), max(max),
                         array_sort(flatten(collect_list(sorted_values))), array_distinct(flatten(collect_list(hospital_keys)))
                  FROM code_price_values
                  GROUP BY code_type, code, %1$s, measure""";
        return sql(("""
                SELECT code_type, code, %1$s, payer, geography, measure, size(hospital_keys) AS hospitals,
                       value_count AS rates, min, """ + percentiles("p10 0.1", "p25 0.25", "median 0.5", "p75 0.75", "p90 0.9")
                + """
                , max, CAST(total / value_count AS DECIMAL(20, 6)) AS mean
                FROM (""" + sets + ")").formatted(GROUP), Map.of("code_price_values", values));
    }

    /** {@code name p} pairs as exact percentiles of {@code sorted_values} ({@code value_count} values), SQL columns. */
    private static String percentiles(String... namesAndFractions) {
        return java.util.Arrays.stream(namesAndFractions).map(nf -> nf.split(" "))
                .map(nf -> percentile("sorted_values", "value_count", nf[1]) + " AS " + nf[0]).collect(Collectors.joining(", "));
    }

    /**
     * The exact percentile {@code p} of the ascending array {@code sorted} of {@code n} values (null when there are
     * none), the way Spark's {@code percentile} computes it: at position {@code (n - 1) x p}, the two values around it
     * weighted by the distances to them. An array is sorted once where Spark's aggregate would hash every value into a
     * map per group: in a profile of the aggregate before, that aggregate took 72 % of the CPU.
     */
    static String percentile(String sorted, String n, String p) {
        String position = "(CAST(" + n + " - 1 AS DOUBLE) * " + p + ")";
        String lower = "CAST(floor(" + position + ") AS INT)";
        String higher = "CAST(ceil(" + position + ") AS INT)";
        return "CASE WHEN " + n + " = 0 THEN NULL WHEN " + lower + " = " + higher + " THEN " + sorted + "[" + lower + "]"
                + " ELSE (" + higher + " - " + position + ") * " + sorted + "[" + lower + "]"
                + " + (" + position + " - " + lower + ") * " + sorted + "[" + higher + "] END";
    }

    /**
     * Per hospital, what its current rows hold: rows, distinct codes, distinct payers, payer rates, and the share of
     * payer rates published in dollars (null without payer rates). {@code gold.hospital_summary} keeps these, so an
     * incremental aggregate recounts only the hospitals that changed.
     *
     * @param charges {@code charges}: {@link #chargesWithPayers}
     */
    static Dataset<Row> hospitalCounts(Dataset<Row> charges) {
        return sql("""
                SELECT hospital_id, count(*) AS rows, count(DISTINCT code_type, code) AS codes,
                       count(DISTINCT payer) AS payers, count(payer) AS payer_rates,
                       count_if(payer IS NOT NULL AND negotiated_dollar IS NOT NULL) / nullif(count(payer), 0) AS dollar_share
                FROM charges GROUP BY hospital_id
                """, Map.of("charges", charges));
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
     * @param counts    {@code counts}: {@link #hospitalCounts} of every hospital that has rows
     * @param files     {@code files}: rows of {@code bronze.mrf_files} (rejected rows per file)
     * @param findings  {@code findings}: rows of {@code silver.file_findings}
     * @param asOf      the date freshness is judged against
     */
    static Dataset<Row> hospitalSummary(Dataset<Row> hospitals, Dataset<Row> counts, Dataset<Row> files,
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
                  LEFT JOIN counts s ON s.hospital_id = h.hospital_id
                  LEFT JOIN files f ON f.sha256 = h.current_file_sha256
                  LEFT JOIN (SELECT file_sha256, count_if(severity = 'error') AS errors, count_if(severity = 'alert') AS alerts,
                                    count(DISTINCT CASE WHEN severity = 'error' THEN rule END) AS error_rules,
                                    count(DISTINCT CASE WHEN severity = 'alert' THEN rule END) AS alert_rules
                             FROM findings GROUP BY file_sha256) r ON r.file_sha256 = h.current_file_sha256)
                """.formatted(asOf), Map.of("hospitals", hospitals, "counts", counts, "files", files, "findings", findings));
    }

    private static StructType withoutColumns(StructType schema, String... names) {
        StructType out = new StructType();
        for (var f : schema.fields()) {
            if (!List.of(names).contains(f.name())) {
                out = out.add(f);
            }
        }
        return out;
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
