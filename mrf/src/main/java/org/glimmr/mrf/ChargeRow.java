package org.glimmr.mrf;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * The canonical row, the same for every layout and version: one per item × standard charge × payer/plan, or one
 * with no payer for an item's payer-independent charges (gross, cash, min, max) when it has no payer rows.
 * Money and percentages are decimals as published (no rounding); absent values are empty, never zero.
 *
 * <p>Wide CSV: one row per payer/plan column group that has any value, and one without payer when no group has.
 * JSON: one per {@code payers_information} element, or one without payer when a standard charge has none.
 *
 * @param codes         every code of the item, in file order
 * @param primaryCode   the code to compare by, see {@link PrimaryCode}
 * @param modifiers     modifier codes (CSV cell split on {@code |}; JSON {@code modifier_code})
 * @param setting       lower-cased {@code inpatient}, {@code outpatient} or {@code both}
 * @param methodology   lower-cased enum value as published ({@code case rate}, {@code fee schedule}, …)
 * @param allowedCount  v3 {@code count}: {@code 0}, {@code 1 through 10} or an integer, as published
 * @param sourceLine    CSV: the 1-based physical line where the record starts
 * @param sourcePath    JSON: the path of the element, e.g. {@code standard_charge_information[3].standard_charges[0].payers_information[1]}
 */
public record ChargeRow(
        String description,
        List<Code> codes,
        Optional<Code> primaryCode,
        List<String> modifiers,
        Optional<String> setting,
        Optional<BigDecimal> drugUnit,
        Optional<String> drugType,
        Optional<BigDecimal> grossCharge,
        Optional<BigDecimal> discountedCash,
        Optional<BigDecimal> minimum,
        Optional<BigDecimal> maximum,
        Optional<String> payerName,
        Optional<String> planName,
        Optional<BigDecimal> negotiatedDollar,
        Optional<BigDecimal> negotiatedPercentage,
        Optional<String> negotiatedAlgorithm,
        Optional<String> methodology,
        Optional<BigDecimal> estimatedAmount,
        Optional<BigDecimal> medianAmount,
        Optional<BigDecimal> percentile10,
        Optional<BigDecimal> percentile90,
        Optional<String> allowedCount,
        Optional<String> billingClass,
        Optional<String> genericNotes,
        Optional<String> payerNotes,
        Optional<Long> sourceLine,
        Optional<String> sourcePath) {
    public ChargeRow {
        requireNonNull(description, "description is null");
        codes = List.copyOf(codes);
        requireNonNull(primaryCode, "primaryCode is null");
        modifiers = List.copyOf(modifiers);
        requireNonNull(setting, "setting is null");
        requireNonNull(drugUnit, "drugUnit is null");
        requireNonNull(drugType, "drugType is null");
        requireNonNull(grossCharge, "grossCharge is null");
        requireNonNull(discountedCash, "discountedCash is null");
        requireNonNull(minimum, "minimum is null");
        requireNonNull(maximum, "maximum is null");
        requireNonNull(payerName, "payerName is null");
        requireNonNull(planName, "planName is null");
        requireNonNull(negotiatedDollar, "negotiatedDollar is null");
        requireNonNull(negotiatedPercentage, "negotiatedPercentage is null");
        requireNonNull(negotiatedAlgorithm, "negotiatedAlgorithm is null");
        requireNonNull(methodology, "methodology is null");
        requireNonNull(estimatedAmount, "estimatedAmount is null");
        requireNonNull(medianAmount, "medianAmount is null");
        requireNonNull(percentile10, "percentile10 is null");
        requireNonNull(percentile90, "percentile90 is null");
        requireNonNull(allowedCount, "allowedCount is null");
        requireNonNull(billingClass, "billingClass is null");
        requireNonNull(genericNotes, "genericNotes is null");
        requireNonNull(payerNotes, "payerNotes is null");
        requireNonNull(sourceLine, "sourceLine is null");
        requireNonNull(sourcePath, "sourcePath is null");
        if (sourceLine.isEmpty() == sourcePath.isEmpty()) {
            throw new IllegalArgumentException("exactly one of sourceLine and sourcePath must be set, got line "
                    + sourceLine + " and path " + sourcePath);
        }
    }
}
