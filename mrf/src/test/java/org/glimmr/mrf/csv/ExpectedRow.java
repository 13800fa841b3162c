package org.glimmr.mrf.csv;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.glimmr.mrf.ChargeRow;
import org.glimmr.mrf.Code;

/** Builds the ChargeRow a test expects, every field empty unless set, so expectations read like the file. */
final class ExpectedRow {
    private final long line;
    private String description = "";
    private final List<Code> codes = new ArrayList<>();
    private Code primary;
    private List<String> modifiers = List.of();
    private String setting;
    private String drugUnit;
    private String drugType;
    private String gross;
    private String cash;
    private String min;
    private String max;
    private String payer;
    private String plan;
    private String dollar;
    private String percentage;
    private String algorithm;
    private String methodology;
    private String estimated;
    private String median;
    private String p10;
    private String p90;
    private String count;
    private String billingClass;
    private String genericNotes;
    private String payerNotes;

    private ExpectedRow(long line) {
        this.line = line;
    }

    static ExpectedRow at(long line) {
        return new ExpectedRow(line);
    }

    ExpectedRow description(String v) {
        description = v;
        return this;
    }

    /** Adds a code; the first code added is the primary unless {@link #primary} says otherwise. */
    ExpectedRow code(String code, String type) {
        codes.add(new Code(code, type));
        if (primary == null) {
            primary = codes.get(0);
        }
        return this;
    }

    ExpectedRow primary(String code, String type) {
        primary = new Code(code, type);
        return this;
    }

    ExpectedRow modifiers(String... v) {
        modifiers = List.of(v);
        return this;
    }

    ExpectedRow setting(String v) {
        setting = v;
        return this;
    }

    ExpectedRow drug(String unit, String type) {
        drugUnit = unit;
        drugType = type;
        return this;
    }

    ExpectedRow gross(String v) {
        gross = v;
        return this;
    }

    ExpectedRow cash(String v) {
        cash = v;
        return this;
    }

    ExpectedRow minMax(String minimum, String maximum) {
        min = minimum;
        max = maximum;
        return this;
    }

    ExpectedRow payer(String payerName, String planName) {
        payer = payerName;
        plan = planName;
        return this;
    }

    ExpectedRow dollar(String v) {
        dollar = v;
        return this;
    }

    ExpectedRow percentage(String v) {
        percentage = v;
        return this;
    }

    ExpectedRow algorithm(String v) {
        algorithm = v;
        return this;
    }

    ExpectedRow methodology(String v) {
        methodology = v;
        return this;
    }

    ExpectedRow estimated(String v) {
        estimated = v;
        return this;
    }

    ExpectedRow allowed(String medianAmount, String tenth, String ninetieth, String allowedCount) {
        median = medianAmount;
        p10 = tenth;
        p90 = ninetieth;
        count = allowedCount;
        return this;
    }

    ExpectedRow billingClass(String v) {
        billingClass = v;
        return this;
    }

    ExpectedRow genericNotes(String v) {
        genericNotes = v;
        return this;
    }

    ExpectedRow payerNotes(String v) {
        payerNotes = v;
        return this;
    }

    ChargeRow build() {
        return new ChargeRow(description, codes, Optional.ofNullable(primary), modifiers, text(setting), number(drugUnit),
                text(drugType), number(gross), number(cash), number(min), number(max), text(payer), text(plan),
                number(dollar), number(percentage), text(algorithm), text(methodology), number(estimated), number(median),
                number(p10), number(p90), text(count), text(billingClass), text(genericNotes), text(payerNotes),
                Optional.of(line), Optional.empty());
    }

    private static Optional<String> text(String v) {
        return Optional.ofNullable(v);
    }

    private static Optional<BigDecimal> number(String v) {
        return v == null ? Optional.empty() : Optional.of(new BigDecimal(v));
    }
}
