package org.glimmr.jobs.aggregate;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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
 *
 * <p>The job reads its inputs, runs the {@link AggregateSteps} in order and writes each step's result; the steps
 * themselves read and write no table.
 */
public final class AggregateJob {
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
        Dataset<Row> charges = read(LakehouseTables.STANDARD_CHARGES);
        Dataset<Row> hospitals = read(LakehouseTables.HOSPITALS);

        Map<String, Long> written = new LinkedHashMap<>();
        write(LakehouseTables.PAYER_NAMES, AggregateSteps.payerNames(charges, payers), written);
        // the later steps read names and prices as written: each computed once, and used as stored
        Dataset<Row> rows = AggregateSteps.chargesWithPayers(charges, hospitals, read(LakehouseTables.PAYER_NAMES));
        write(LakehouseTables.NEGOTIATED_RATES, AggregateSteps.negotiatedRates(rows), written);
        write(LakehouseTables.HOSPITAL_CODE_PRICES, AggregateSteps.hospitalCodePrices(rows), written);
        write(LakehouseTables.CODE_PRICE_STATS,
                AggregateSteps.codePriceStats(rows, read(LakehouseTables.HOSPITAL_CODE_PRICES)), written);
        write(LakehouseTables.HOSPITAL_SUMMARY, AggregateSteps.hospitalSummary(hospitals, rows,
                read(LakehouseTables.MRF_FILES), read(LakehouseTables.FILE_FINDINGS), asOf), written);
        return written;
    }

    private Dataset<Row> read(TableDefinition table) {
        return spark.read().format("delta").load(table.location(config.lakehouseRoot()));
    }

    /** A step's rows as its table stores them: the definition's columns in order, cast to its types, comments kept. */
    static Dataset<Row> asDefined(TableDefinition table, Dataset<Row> data) {
        Column[] columns = new Column[table.schema().fields().length];
        for (int i = 0; i < columns.length; i++) {
            StructField f = table.schema().fields()[i];
            columns[i] = col(f.name()).cast(f.dataType()).as(f.name(), f.metadata());
        }
        return data.select(columns);
    }

    /**
     * Replaces a gold table's contents in one Delta commit, columns cast to the definition (comments kept); puts its
     * rows into {@code written}. Gold is recomputed whole, so when a newer definition changed the columns, the table
     * takes the new schema.
     */
    private void write(TableDefinition table, Dataset<Row> data, Map<String, Long> written) {
        spark.sparkContext().setJobDescription("glimmr aggregate: " + table.qualifiedName());
        String location = table.location(config.lakehouseRoot());
        var writer = asDefined(table, data).write().format("delta").mode("overwrite");
        if (!sameColumns(read(table).schema(), table.schema())) {
            progress.printf("aggregate: %s has the columns of an older definition; it takes the new one%n", table.qualifiedName());
            writer = writer.option("overwriteSchema", "true");
        }
        writer.save(location);
        // the commit's own metrics say how many rows it wrote: no second scan of the table
        Row commit = DeltaTable.forPath(spark, location).history(1).first();
        long rows = Long.parseLong(commit.<scala.collection.Map<String, String>>getAs("operationMetrics").apply("numOutputRows"));
        progress.printf("aggregate: %-28s %,d rows%n", table.qualifiedName(), rows);
        progress.flush();
        written.put(table.qualifiedName(), rows);
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
