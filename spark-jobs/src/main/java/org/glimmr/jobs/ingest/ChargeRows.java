package org.glimmr.jobs.ingest;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.glimmr.lakehouse.LakehouseTables;
import org.glimmr.mrf.ChargeRow;
import org.glimmr.mrf.Code;
import org.glimmr.mrf.RejectReason;
import org.glimmr.mrf.RejectedRow;

/**
 * Turns a parser's {@link ChargeRow}s into rows of {@code silver.standard_charges}, in the table's column order, for
 * one {@link SplitTask}: what all rows of the task share (the file's date, say) is worked out once, not per row. An
 * amount too large for the table's decimal type is left out of its row (null) and handed to {@code leftOut} as an
 * {@link RejectReason#AMOUNT_OUT_OF_RANGE} rejection naming the column; the row is kept.
 */
public final class ChargeRows {
    private static final int SCALE = LakehouseTables.AMOUNT.scale();
    private static final BigDecimal LIMIT = BigDecimal.TEN.pow(LakehouseTables.AMOUNT.precision() - SCALE);

    private final SplitTask task;
    private final String layout;
    private final Date lastUpdatedOn;
    private final Consumer<RejectedRow> leftOut;
    /** The row being converted, for the location of an amount left out. */
    private ChargeRow current;

    public ChargeRows(SplitTask task, Consumer<RejectedRow> leftOut) {
        this.task = task;
        this.layout = task.layout().value();
        this.lastUpdatedOn = date(task.lastUpdatedOn());
        this.leftOut = requireNonNull(leftOut, "leftOut is null");
    }

    /** An ISO date ({@code 2026-03-01}) as a {@code DateType} value; null stays null. */
    static Date date(String iso) {
        return iso == null ? null : Date.valueOf(LocalDate.parse(iso));
    }

    public Row row(ChargeRow r) {
        current = r;
        return RowFactory.create(
                task.sha256(),
                task.hospitalId(),
                r.description(),
                codes(r.codes()),
                r.primaryCode().map(Code::code).orElse(null),
                r.primaryCode().map(Code::type).orElse(null),
                r.modifiers().toArray(String[]::new),
                r.setting().orElse(null),
                amount(r.drugUnit(), "drug_unit"),
                r.drugType().orElse(null),
                amount(r.grossCharge(), "gross_charge"),
                amount(r.discountedCash(), "discounted_cash"),
                amount(r.minimum(), "minimum"),
                amount(r.maximum(), "maximum"),
                r.payerName().orElse(null),
                r.planName().orElse(null),
                amount(r.negotiatedDollar(), "negotiated_dollar"),
                amount(r.negotiatedPercentage(), "negotiated_percentage"),
                r.negotiatedAlgorithm().orElse(null),
                r.methodology().orElse(null),
                amount(r.estimatedAmount(), "estimated_amount"),
                amount(r.medianAmount(), "median_amount"),
                amount(r.percentile10(), "percentile_10"),
                amount(r.percentile90(), "percentile_90"),
                r.allowedCount().orElse(null),
                r.billingClass().orElse(null),
                r.genericNotes().orElse(null),
                r.payerNotes().orElse(null),
                r.sourceLine().orElse(null),
                r.sourcePath().orElse(null),
                layout,
                task.templateVersion(),
                lastUpdatedOn);
    }

    private static Row[] codes(List<Code> codes) {
        Row[] rows = new Row[codes.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = RowFactory.create(codes.get(i).code(), codes.get(i).type());
        }
        return rows;
    }

    /**
     * The amount at the table's scale (6 decimals); more decimals are rounded half-even; one too large for the table
     * is left out (null) and handed to {@code leftOut}.
     */
    private BigDecimal amount(Optional<BigDecimal> value, String column) {
        if (value.isEmpty()) {
            return null;
        }
        BigDecimal v = scaled(value.get());
        if (v == null) {
            String where = current.sourceLine().map(l -> "line " + l).orElseGet(() -> current.sourcePath().orElse("?"));
            leftOut.accept(new RejectedRow(where + ", column \"" + column + "\"", RejectReason.AMOUNT_OUT_OF_RANGE,
                    value.get().toPlainString(), "the " + column + " " + value.get().toPlainString() + " is too large"
                    + " (the limit is " + LIMIT.toPlainString() + "): it was left out (null) and the rest of the row"
                    + " kept. Check the cell for a typo or a missing decimal point."));
        }
        return v;
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
