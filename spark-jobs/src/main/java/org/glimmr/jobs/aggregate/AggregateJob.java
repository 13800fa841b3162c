package org.glimmr.jobs.aggregate;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

import io.delta.tables.DeltaTable;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.lakehouse.LakehouseCatalog;
import org.glimmr.lakehouse.LakehouseTables;
import org.glimmr.lakehouse.TableDefinition;

/**
 * Silver to gold: canonical payers for every published payer name, every payer-specific rate, per-hospital prices
 * of each code, price statistics across hospitals, and a summary with a data-quality score per hospital.
 *
 * <p>Each gold table is recomputed from the current silver rows and replaced whole (one Delta commit per table),
 * so a rerun with the same silver data writes the same contents and older versions stay reachable by time travel.
 *
 * <p>Published dollars and dollars derived from a percentage ({@code percentage / 100 x gross charge}) are kept in
 * separate columns and separate statistics ({@code measure = derived_dollar}); they are never mixed.
 *
 * <p>Percentiles are exact (Spark's {@code percentile}: every value of the group, linear interpolation between the
 * two nearest ranks, as numpy's default), computed in double precision and rounded to six decimals.
 */
public final class AggregateJob {
    private static final List<TableDefinition> WRITES = List.of(LakehouseTables.PAYER_NAMES,
            LakehouseTables.NEGOTIATED_RATES, LakehouseTables.HOSPITAL_CODE_PRICES, LakehouseTables.CODE_PRICE_STATS,
            LakehouseTables.HOSPITAL_SUMMARY);
    private static final StructType MATCH = new StructType(new StructField[] {
            DataTypes.createStructField("normalized_name", DataTypes.StringType, true),
            DataTypes.createStructField("canonical_payer", DataTypes.StringType, true),
            DataTypes.createStructField("canonical_name", DataTypes.StringType, true),
            DataTypes.createStructField("payer_type", DataTypes.StringType, true),
            DataTypes.createStructField("matched_by", DataTypes.StringType, true)});

    private final SparkSession spark;
    private final GlimmrConfig config;
    private final PayerMatcher payers;
    private final PrintStream progress;

    public AggregateJob(SparkSession spark, GlimmrConfig config, PayerMatcher payers, PrintStream progress) {
        this.spark = requireNonNull(spark, "spark is null");
        this.config = requireNonNull(config, "config is null");
        this.payers = requireNonNull(payers, "payers is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    /** Rebuilds every gold table; {@code asOf} is the date freshness is judged against. Returns rows per table. */
    public Map<String, Long> run(LocalDate asOf) {
        requireNonNull(asOf, "asOf is null");
        LakehouseCatalog.ensure(spark, config, LakehouseTables.ALL);
        view(LakehouseTables.STANDARD_CHARGES, "agg_charges");
        view(LakehouseTables.HOSPITALS, "agg_hospitals");
        view(LakehouseTables.MRF_FILES, "agg_files");
        view(LakehouseTables.FILE_FINDINGS, "agg_findings");

        Map<String, Long> written = new LinkedHashMap<>();
        // 1. payer names -> canonical payers (the matcher runs once per distinct name, in tasks)
        PayerMatcher matcher = payers;
        spark.udf().register("glimmr_match_payer", (UDF1<String, Row>) name -> {
            PayerMatcher.Match m = matcher.match(name);
            return RowFactory.create(m.normalizedName(), m.canonicalId(), m.canonicalName(), m.payerType(), m.matchedBy());
        }, MATCH);
        written.put(LakehouseTables.PAYER_NAMES.qualifiedName(), write(LakehouseTables.PAYER_NAMES, spark.sql("""
                SELECT payer_name, m.normalized_name, m.canonical_payer, m.canonical_name, m.payer_type, m.matched_by,
                       hospitals, rows
                FROM (SELECT payer_name, glimmr_match_payer(payer_name) AS m, hospitals, rows
                      FROM (SELECT payer_name, count(DISTINCT hospital_id) AS hospitals, count(*) AS rows
                            FROM agg_charges WHERE payer_name IS NOT NULL GROUP BY payer_name))
                """)));
        view(LakehouseTables.PAYER_NAMES, "agg_payer_names");

        // 2. every charge row with its hospital's state, canonical payer and derived dollar
        spark.sql("""
                SELECT c.*, h.license_state AS state,
                       CASE WHEN c.payer_name IS NULL THEN NULL
                            ELSE coalesce(p.canonical_payer, concat('unmatched:', coalesce(p.normalized_name, c.payer_name)))
                       END AS payer,
                       CASE WHEN c.payer_name IS NOT NULL AND c.negotiated_dollar IS NULL
                                 AND c.negotiated_percentage IS NOT NULL AND c.gross_charge IS NOT NULL
                            THEN CAST(c.gross_charge * c.negotiated_percentage / 100 AS DECIMAL(20, 6))
                       END AS derived_dollar,
                       coalesce(concat('line ', CAST(c.source_line AS STRING)), c.source_path_in_file) AS source_location
                FROM agg_charges c
                LEFT JOIN agg_hospitals h ON h.hospital_id = c.hospital_id
                LEFT JOIN agg_payer_names p ON p.payer_name = c.payer_name
                """).createOrReplaceTempView("agg_rows");

        // 3. gold.negotiated_rates: one row per payer-specific rate, ids in a total order of its lineage
        Dataset<Row> rates = spark.sql("""
                SELECT hospital_id, state, code_type, code, setting, billing_class, description, payer, payer_name,
                       plan_name, methodology, negotiated_dollar, negotiated_percentage, negotiated_algorithm,
                       derived_dollar, gross_charge, discounted_cash, file_sha256, source_location
                FROM agg_rows WHERE payer_name IS NOT NULL
                """).orderBy("file_sha256", "source_location", "payer_name", "plan_name", "code_type", "code",
                        "setting", "billing_class", "description", "negotiated_dollar", "negotiated_percentage",
                        "negotiated_algorithm", "methodology")
                .withColumn("rate_id", monotonically_increasing_id());
        written.put(LakehouseTables.NEGOTIATED_RATES.qualifiedName(), write(LakehouseTables.NEGOTIATED_RATES, rates));

        // 4. gold.hospital_code_prices
        written.put(LakehouseTables.HOSPITAL_CODE_PRICES.qualifiedName(), write(LakehouseTables.HOSPITAL_CODE_PRICES, spark.sql("""
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
                FROM agg_rows WHERE code IS NOT NULL
                GROUP BY hospital_id, code_type, code, setting
                """)));
        view(LakehouseTables.HOSPITAL_CODE_PRICES, "agg_hospital_prices");

        // 5. gold.code_price_stats: every value once, then grouping sets over payer and state
        spark.sql("""
                SELECT code_type, code, setting, hospital_id, state, payer, 'negotiated_dollar' AS measure, negotiated_dollar AS v
                FROM agg_rows WHERE payer IS NOT NULL AND negotiated_dollar IS NOT NULL AND code IS NOT NULL
                UNION ALL
                SELECT code_type, code, setting, hospital_id, state, payer, 'derived_dollar', derived_dollar
                FROM agg_rows WHERE derived_dollar IS NOT NULL AND code IS NOT NULL
                UNION ALL
                SELECT code_type, code, setting, hospital_id, state, NULL, 'gross_charge', gross_charge
                FROM agg_hospital_prices WHERE gross_charge IS NOT NULL
                UNION ALL
                SELECT code_type, code, setting, hospital_id, state, NULL, 'discounted_cash', discounted_cash
                FROM agg_hospital_prices WHERE discounted_cash IS NOT NULL
                """).createOrReplaceTempView("agg_values");
        written.put(LakehouseTables.CODE_PRICE_STATS.qualifiedName(), write(LakehouseTables.CODE_PRICE_STATS, spark.sql("""
                SELECT code_type, code, setting, payer_group AS payer, geography, measure, hospitals, rates,
                       min, q[0] AS p10, q[1] AS p25, q[2] AS median, q[3] AS p75, q[4] AS p90, max, mean
                FROM (
                  SELECT code_type, code, setting, measure,
                         CASE WHEN grouping(payer) = 1 THEN '*' ELSE payer END AS payer_group,
                         CASE WHEN grouping(state) = 1 THEN 'US' ELSE state END AS geography,
                         grouping(payer) AS all_payers, grouping(state) AS national, payer, state,
                         count(DISTINCT hospital_id) AS hospitals, count(*) AS rates, min(v) AS min, max(v) AS max,
                         avg(v) AS mean, percentile(v, array(0.1, 0.25, 0.5, 0.75, 0.9)) AS q
                  FROM agg_values
                  GROUP BY GROUPING SETS ((code_type, code, setting, measure, payer, state),
                                          (code_type, code, setting, measure, payer),
                                          (code_type, code, setting, measure, state),
                                          (code_type, code, setting, measure)))
                WHERE (all_payers = 1 OR payer IS NOT NULL) AND (national = 1 OR state IS NOT NULL)
                """)));

        // 6. gold.hospital_summary with the data-quality score (formula in the README)
        written.put(LakehouseTables.HOSPITAL_SUMMARY.qualifiedName(), write(LakehouseTables.HOSPITAL_SUMMARY, spark.sql("""
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
                         CASE WHEN h.last_updated_on >= date_sub(DATE'%s', 365) THEN 1.0 ELSE 0.0 END AS fresh,
                         DATE'%s' AS as_of
                  FROM agg_hospitals h
                  LEFT JOIN (SELECT hospital_id, count(*) AS rows, count(DISTINCT code_type, code) AS codes,
                                    count(DISTINCT payer) AS payers, count(payer) AS payer_rates,
                                    count_if(payer IS NOT NULL AND negotiated_dollar IS NOT NULL) / nullif(count(payer), 0) AS dollar_share
                             FROM agg_rows GROUP BY hospital_id) s ON s.hospital_id = h.hospital_id
                  LEFT JOIN agg_files f ON f.sha256 = h.current_file_sha256
                  LEFT JOIN (SELECT file_sha256, count_if(severity = 'error') AS errors, count_if(severity = 'alert') AS alerts,
                                    count(DISTINCT CASE WHEN severity = 'error' THEN rule END) AS error_rules,
                                    count(DISTINCT CASE WHEN severity = 'alert' THEN rule END) AS alert_rules
                             FROM agg_findings GROUP BY file_sha256) r ON r.file_sha256 = h.current_file_sha256)
                """.formatted(asOf, asOf))));
        return written;
    }

    private void view(TableDefinition table, String name) {
        spark.read().format("delta").load(table.location(config.lakehouseRoot())).createOrReplaceTempView(name);
    }

    /**
     * Replaces a gold table's contents in one Delta commit, columns cast to the definition (comments kept); returns its
     * rows. Gold is recomputed whole, so when a newer definition changed the columns, the table takes the new schema.
     */
    private long write(TableDefinition table, Dataset<Row> data) {
        Column[] columns = new Column[table.schema().fields().length];
        for (int i = 0; i < columns.length; i++) {
            StructField f = table.schema().fields()[i];
            columns[i] = col(f.name()).cast(f.dataType()).as(f.name(), f.metadata());
        }
        spark.sparkContext().setJobDescription("glimmr aggregate: " + table.qualifiedName());
        String location = table.location(config.lakehouseRoot());
        var writer = data.select(columns).write().format("delta").mode("overwrite");
        if (!sameColumns(spark.read().format("delta").load(location).schema(), table.schema())) {
            progress.printf("aggregate: %s has the columns of an older definition; it takes the new one%n", table.qualifiedName());
            writer = writer.option("overwriteSchema", "true");
        }
        writer.save(location);
        // the commit's own metrics say how many rows it wrote: no second scan of the table
        Row commit = DeltaTable.forPath(spark, location).history(1).first();
        long rows = Long.parseLong(commit.<scala.collection.Map<String, String>>getAs("operationMetrics").apply("numOutputRows"));
        progress.printf("aggregate: %-28s %,d rows%n", table.qualifiedName(), rows);
        progress.flush();
        return rows;
    }

    private static boolean sameColumns(StructType actual, StructType wanted) {
        if (actual.fields().length != wanted.fields().length) {
            return false;
        }
        for (int i = 0; i < wanted.fields().length; i++) {
            if (!actual.fields()[i].name().equals(wanted.fields()[i].name())
                    || !actual.fields()[i].dataType().sameType(wanted.fields()[i].dataType())) {
                return false;
            }
        }
        return true;
    }
}
