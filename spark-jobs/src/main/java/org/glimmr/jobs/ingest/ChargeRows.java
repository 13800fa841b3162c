package org.glimmr.jobs.ingest;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.glimmr.lakehouse.LakehouseTables;
import org.glimmr.mrf.ChargeRow;
import org.glimmr.mrf.Code;

/**
 * Turns a parser's {@link ChargeRow}s into rows of {@code silver.standard_charges}, in the table's column order, for
 * one {@link SplitTask}: what all rows of the task share (the file's date, say) is worked out once, not per row.
 */
public final class ChargeRows {
    private static final int SCALE = LakehouseTables.AMOUNT.scale();
    private static final BigDecimal LIMIT = BigDecimal.TEN.pow(LakehouseTables.AMOUNT.precision() - SCALE);

    private final SplitTask task;
    private final String layout;
    private final Date lastUpdatedOn;

    public ChargeRows(SplitTask task) {
        this.task = task;
        this.layout = task.layout().value();
        this.lastUpdatedOn = date(task.lastUpdatedOn());
    }

    /** An ISO date ({@code 2026-03-01}) as a {@code DateType} value; null stays null. */
    static Date date(String iso) {
        return iso == null ? null : Date.valueOf(LocalDate.parse(iso));
    }

    /** Thrown when an amount does not fit the table's decimal type. */
    public static final class AmountTooLarge extends Exception {
        private static final long serialVersionUID = 1L;

        AmountTooLarge(String message) {
            super(message);
        }
    }

    public Row row(ChargeRow r) throws AmountTooLarge {
        return RowFactory.create(
                task.sha256(),
                task.hospitalId(),
                r.description(),
                codes(r.codes()),
                r.primaryCode().map(Code::code).orElse(null),
                r.primaryCode().map(Code::type).orElse(null),
                r.modifiers().toArray(String[]::new),
                r.setting().orElse(null),
                amount(r.drugUnit(), "drug unit"),
                r.drugType().orElse(null),
                amount(r.grossCharge(), "gross charge"),
                amount(r.discountedCash(), "discounted cash"),
                amount(r.minimum(), "minimum"),
                amount(r.maximum(), "maximum"),
                r.payerName().orElse(null),
                r.planName().orElse(null),
                amount(r.negotiatedDollar(), "negotiated dollar"),
                amount(r.negotiatedPercentage(), "negotiated percentage"),
                r.negotiatedAlgorithm().orElse(null),
                r.methodology().orElse(null),
                amount(r.estimatedAmount(), "estimated amount"),
                amount(r.medianAmount(), "median amount"),
                amount(r.percentile10(), "10th percentile"),
                amount(r.percentile90(), "90th percentile"),
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

    /** The amount at the table's scale (6 decimals); more decimals are rounded half-even, too large is an error. */
    static BigDecimal amount(Optional<BigDecimal> value, String what) throws AmountTooLarge {
        if (value.isEmpty()) {
            return null;
        }
        BigDecimal v = value.get();
        if (v.scale() > SCALE) {
            v = v.setScale(SCALE, RoundingMode.HALF_EVEN);
        }
        if (v.abs().compareTo(LIMIT) >= 0) {
            throw new AmountTooLarge("the " + what + " " + value.get().toPlainString() + " is too large (the limit is "
                    + LIMIT.toPlainString() + "); check the cell for a typo or a missing decimal point");
        }
        return v;
    }
}
