package org.glimmr.jobs.ingest;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.unsafe.types.UTF8String;
import org.glimmr.lakehouse.LakehouseTables;
import org.glimmr.mrf.ChargeRow;
import org.glimmr.mrf.Code;
import org.glimmr.mrf.ItemCodes;
import org.glimmr.mrf.RejectReason;
import org.glimmr.mrf.RejectedRow;

/**
 * Turns a parser's {@link ChargeRow}s into rows of {@code silver.standard_charges} in Spark's internal form (UTF-8
 * strings, {@link Decimal}s, days since the epoch), in the table's column order, for one {@link SplitTask}. Written
 * straight from these rows ({@link #dataFrame}), the write skips Spark's conversion of external {@code Row}s, which
 * took about two fifths of the write tasks' CPU samples on real files. What all rows of the task share (hash,
 * hospital, the file's date, layout) is converted once; a text equal to the same column's previous one (the
 * description and codes of the next payer row of an item, a payer name) is not encoded again. An amount too large for
 * the table's decimal type is left out of its row (null) and handed to {@code leftOut} as an
 * {@link RejectReason#AMOUNT_OUT_OF_RANGE} rejection naming the column; the row is kept.
 *
 * <p>The item's codes are normalised here ({@link ItemCodes}, once per item: the next rows of an item share its
 * codes): {@code codes}, {@code code} and {@code code_type} hold the normalised codes and the primary one among them,
 * {@code published_*} the codes as published, and a modifier glued to the primary code joins the row's modifiers.
 * Each kind of fix is counted per row in {@link #fixes()}.
 */
public final class ChargeRows {
    private static final int SCALE = LakehouseTables.AMOUNT.scale();
    private static final int PRECISION = LakehouseTables.AMOUNT.precision();
    private static final BigDecimal LIMIT = BigDecimal.TEN.pow(PRECISION - SCALE);
    /** Unscaled values below this fit a {@code long}-backed {@link Decimal}. */
    private static final long COMPACT = 1_000_000_000_000_000_000L;
    private static final long[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};
    private static final GenericArrayData NO_MODIFIERS = new GenericArrayData(new Object[0]);

    private final Consumer<RejectedRow> leftOut;
    private final UTF8String sha256;
    private final UTF8String hospitalId;
    private final UTF8String layout;
    private final UTF8String templateVersion;
    private final Integer lastUpdatedOn;
    /** Per text column: the previous value and its UTF-8 form. */
    private final String[] lastText = new String[Column.values().length];
    private final UTF8String[] lastUtf8 = new UTF8String[Column.values().length];
    private List<Code> lastCodes;
    private ItemCodes itemCodes;
    private GenericArrayData lastCodesData;
    private GenericArrayData lastPublishedData;
    private GenericArrayData lastFixesData;
    private final CodeFixCounts fixes = new CodeFixCounts();
    private List<String> lastModifiers;
    private GenericArrayData lastModifiersData;
    /** The row being converted, for the location of an amount left out. */
    private ChargeRow current;

    /** The text columns whose previous value is remembered. */
    private enum Column { DESCRIPTION, CODE, CODE_TYPE, PUBLISHED_CODE, PUBLISHED_TYPE, INTERNAL_ID, SETTING, DRUG_TYPE, PAYER, PLAN, ALGORITHM, METHODOLOGY, COUNT,
        BILLING_CLASS, GENERIC_NOTES, PAYER_NOTES, PATH }

    public ChargeRows(SplitTask task, Consumer<RejectedRow> leftOut) {
        this.leftOut = requireNonNull(leftOut, "leftOut is null");
        this.sha256 = UTF8String.fromString(task.sha256());
        this.hospitalId = UTF8String.fromString(task.hospitalId());
        this.layout = UTF8String.fromString(task.layout().value());
        this.templateVersion = UTF8String.fromString(task.templateVersion());
        this.lastUpdatedOn = task.lastUpdatedOn() == null ? null : (int) LocalDate.parse(task.lastUpdatedOn()).toEpochDay();
    }

    /** An ISO date ({@code 2026-03-01}) as a {@code DateType} value of an external row; null stays null. */
    static Date date(String iso) {
        return iso == null ? null : Date.valueOf(LocalDate.parse(iso));
    }

    /**
     * The rows as a DataFrame of {@code silver.standard_charges}'s schema, with no conversion: Spark's
     * {@code internalCreateDataFrame}, which its own readers of in-memory text use (public in the bytecode of Spark's
     * classic session, not in its Java API).
     */
    public static Dataset<Row> dataFrame(SparkSession spark, JavaRDD<InternalRow> rows) {
        return ((org.apache.spark.sql.classic.SparkSession) spark).internalCreateDataFrame(rows.rdd(),
                LakehouseTables.STANDARD_CHARGES.schema(), false);
    }

    public InternalRow row(ChargeRow r) {
        current = r;
        Object[] v = new Object[38];
        v[0] = sha256;
        v[1] = hospitalId;
        v[2] = text(Column.DESCRIPTION, r.description());
        ItemCodes item = itemCodes(r.codes());
        v[3] = lastCodesData;
        if (item.primary().isPresent()) {
            v[4] = text(Column.CODE, item.primary().get().code().get().code());
            v[5] = text(Column.CODE_TYPE, item.primary().get().code().get().type());
            v[36] = text(Column.INTERNAL_ID, item.primary().get().internalId());
        }
        v[6] = modifiers(item.primary().map(p -> withGlued(r.modifiers(), p.modifiers())).orElse(r.modifiers()));
        v[7] = text(Column.SETTING, r.setting());
        v[8] = amount(r.drugUnit(), "drug_unit");
        v[9] = text(Column.DRUG_TYPE, r.drugType());
        v[10] = amount(r.grossCharge(), "gross_charge");
        v[11] = amount(r.discountedCash(), "discounted_cash");
        v[12] = amount(r.minimum(), "minimum");
        v[13] = amount(r.maximum(), "maximum");
        v[14] = text(Column.PAYER, r.payerName());
        v[15] = text(Column.PLAN, r.planName());
        v[16] = amount(r.negotiatedDollar(), "negotiated_dollar");
        v[17] = amount(r.negotiatedPercentage(), "negotiated_percentage");
        v[18] = text(Column.ALGORITHM, r.negotiatedAlgorithm());
        v[19] = text(Column.METHODOLOGY, r.methodology());
        v[20] = amount(r.estimatedAmount(), "estimated_amount");
        v[21] = amount(r.medianAmount(), "median_amount");
        v[22] = amount(r.percentile10(), "percentile_10");
        v[23] = amount(r.percentile90(), "percentile_90");
        v[24] = text(Column.COUNT, r.allowedCount());
        v[25] = text(Column.BILLING_CLASS, r.billingClass());
        v[26] = text(Column.GENERIC_NOTES, r.genericNotes());
        v[27] = text(Column.PAYER_NOTES, r.payerNotes());
        v[28] = r.sourceLine().orElse(null);
        v[29] = text(Column.PATH, r.sourcePath());
        v[30] = layout;
        v[31] = templateVersion;
        v[32] = lastUpdatedOn;
        v[33] = lastPublishedData;
        if (item.publishedPrimary().isPresent()) {
            v[34] = text(Column.PUBLISHED_CODE, item.publishedPrimary().get().code());
            v[35] = text(Column.PUBLISHED_TYPE, item.publishedPrimary().get().type());
        }
        v[37] = lastFixesData;
        fixes.add(item);
        return new GenericInternalRow(v);
    }

    /** Each kind of code fix of the rows converted so far, counted per row, with an example. */
    public CodeFixCounts fixes() {
        return fixes;
    }

    /** The row's modifiers and, after them, those glued to its primary code that it does not already list. */
    static List<String> withGlued(List<String> modifiers, List<String> glued) {
        if (glued.isEmpty()) {
            return modifiers;
        }
        List<String> all = new java.util.ArrayList<>(modifiers);
        glued.stream().filter(m -> !all.contains(m)).forEach(all::add);
        return all;
    }

    private UTF8String text(Column column, Optional<String> value) {
        return value.isEmpty() ? null : text(column, value.get());
    }

    private UTF8String text(Column column, String value) {
        int c = column.ordinal();
        String last = lastText[c];
        if (last != value && !value.equals(last)) {
            lastText[c] = value;
            lastUtf8[c] = UTF8String.fromString(value);
        }
        return lastUtf8[c];
    }

    /** The item's normalised codes; the arrays of the normalised codes, published codes and fixes follow them. */
    private ItemCodes itemCodes(List<Code> codes) {
        if (codes != lastCodes && !codes.equals(lastCodes)) {
            itemCodes = ItemCodes.of(codes);
            lastCodes = codes;
            lastCodesData = codeArray(itemCodes.codes());
            lastPublishedData = codeArray(codes);
            Object[] ids = new Object[itemCodes.fixes().size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = UTF8String.fromString(itemCodes.fixes().get(i).id());
            }
            lastFixesData = new GenericArrayData(ids);
        }
        return itemCodes;
    }

    private static GenericArrayData codeArray(List<Code> codes) {
        Object[] rows = new Object[codes.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new GenericInternalRow(new Object[] {UTF8String.fromString(codes.get(i).code()),
                    UTF8String.fromString(codes.get(i).type())});
        }
        return new GenericArrayData(rows);
    }

    private GenericArrayData modifiers(List<String> modifiers) {
        if (modifiers.isEmpty()) {
            return NO_MODIFIERS;
        }
        if (modifiers != lastModifiers && !modifiers.equals(lastModifiers)) {
            Object[] values = new Object[modifiers.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = UTF8String.fromString(modifiers.get(i));
            }
            lastModifiers = modifiers;
            lastModifiersData = new GenericArrayData(values);
        }
        return lastModifiersData;
    }

    /**
     * The amount at the table's scale (6 decimals; more are rounded half-even) as a {@link Decimal}; one too large
     * for the table is left out (null) and handed to {@code leftOut}.
     */
    private Decimal amount(Optional<BigDecimal> value, String column) {
        if (value.isEmpty()) {
            return null;
        }
        BigDecimal v = value.get();
        int scale = v.scale();
        if (scale >= 0 && scale <= SCALE && v.precision() - scale <= PRECISION - SCALE - 2) {
            // fits a long at 6 decimals: no BigDecimal arithmetic
            long unscaled = v.unscaledValue().longValue() * POW10[SCALE - scale];
            if (unscaled > -COMPACT && unscaled < COMPACT) {
                return Decimal.createUnsafe(unscaled, PRECISION, SCALE);
            }
        }
        BigDecimal scaled = scaled(v);
        if (scaled == null) {
            String where = current.sourceLine().map(l -> "line " + l).orElseGet(() -> current.sourcePath().orElse("?"));
            leftOut.accept(new RejectedRow(where + ", column \"" + column + "\"", RejectReason.AMOUNT_OUT_OF_RANGE,
                    v.toPlainString(), "the " + column + " " + v.toPlainString() + " is too large (the limit is "
                    + LIMIT.toPlainString() + "): it was left out (null) and the rest of the row kept. Check the cell"
                    + " for a typo or a missing decimal point."));
            return null;
        }
        Decimal d = Decimal.apply(scaled);
        d.changePrecision(PRECISION, SCALE);
        return d;
    }

    /** The amount at the table's scale (6 decimals, rounded half-even), or null when it does not fit the table. */
    static BigDecimal scaled(BigDecimal value) {
        BigDecimal v = value;
        if (v.scale() > SCALE) {
            v = v.setScale(SCALE, RoundingMode.HALF_EVEN);
        }
        return v.abs().compareTo(LIMIT) >= 0 ? null : v;
    }
}
