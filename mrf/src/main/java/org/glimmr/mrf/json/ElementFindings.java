package org.glimmr.mrf.json;

import java.math.BigDecimal;
import java.util.List;
import org.glimmr.mrf.Finding;
import org.glimmr.mrf.Rule;
import org.glimmr.mrf.Severity;

/**
 * Where {@link ElementReader} is in the current element (element, code, standard charge, payer) and the rule findings
 * it reports there, located in the CMS validator's style
 * ({@code /standard_charge_information/1/standard_charges/0/payers_information/1/count}). Messages say what is
 * wrong, where, and how to fix it; a finding past its rule's cap costs no string building ({@link RuleSink#accept}).
 */
final class ElementFindings {
    // levels of the element a value sits at
    static final int ITEM = 0;
    static final int CODE = 1;
    static final int DRUG = 2;
    static final int CHARGE = 3;
    static final int PAYER = 4;

    private final RuleSink out;
    private final String schema;
    private long index;
    private String elementPath = "";
    private int codeIndex = -1;
    private int chargeIndex = -1;
    private int payerIndex = -1;

    ElementFindings(RuleSink out, boolean v3) {
        this.out = out;
        this.schema = v3 ? "v3.0" : "v2.2";
    }

    /** Now at element {@code elementIndex} of standard_charge_information. */
    void element(long elementIndex) {
        index = elementIndex;
        elementPath = "standard_charge_information[" + elementIndex + "]";
        codeIndex = -1;
        chargeIndex = -1;
        payerIndex = -1;
    }

    void code(int c) {
        codeIndex = c;
    }

    void charge(int j) {
        chargeIndex = j;
        payerIndex = -1;
    }

    void payer(int k) {
        payerIndex = k;
    }

    int chargeIndex() {
        return chargeIndex;
    }

    int payerIndex() {
        return payerIndex;
    }

    /** E.g. {@code standard_charge_information[3]}. */
    String elementPath() {
        return elementPath;
    }

    String chargePath() {
        return chargePath(chargeIndex);
    }

    String payerPath() {
        return payerPath(chargeIndex, payerIndex);
    }

    void ndcWithoutDrugInformation() {
        if (out.accept(Rule.REQUIRED)) {
            out.add(finding(Rule.REQUIRED, Severity.ERROR, loc(ITEM, null), "the item at " + loc(ITEM, null)
                    + " has an NDC code but no drug_information, which the CMS " + schema + " JSON schema then "
                    + "requires: add \"drug_information\": {\"unit\": …, \"type\": …}."));
        }
    }

    void standardChargeWithoutCharge() {
        if (out.accept(Rule.ANY_OF)) {
            out.add(finding(Rule.ANY_OF, Severity.ERROR, loc(CHARGE, null), "the standard charge at "
                    + loc(CHARGE, null) + " has no gross_charge, no discounted_cash and not every payer has a "
                    + "standard_charge_dollar, _percentage or _algorithm (must match a schema in anyOf): publish at "
                    + "least one of these charges."));
        }
    }

    void required(int level, String key) {
        if (out.accept(Rule.REQUIRED)) {
            String where = loc(level, null);
            out.add(finding(Rule.REQUIRED, Severity.ERROR, where, "the " + what(level) + " at " + where
                    + " has no \"" + key + "\", which the CMS " + schema + " JSON schema requires: add it."));
        }
    }

    void requiredBecause(int level, String key, String because) {
        if (out.accept(Rule.REQUIRED)) {
            String where = loc(level, null);
            out.add(finding(Rule.REQUIRED, Severity.ERROR, where, "the " + what(level) + " at " + where
                    + " has no \"" + key + "\", which the CMS " + schema + " JSON schema requires when " + because
                    + ": add it."));
        }
    }

    void typeError(int level, String key, String found, String wanted, String fix) {
        if (out.accept(Rule.TYPE)) {
            String where = loc(level, key);
            out.add(finding(Rule.TYPE, Severity.ERROR, where, key + " at " + where + " is " + found
                    + " but must be " + wanted + ": " + fix + "."));
        }
    }

    void minLength(int level, String key) {
        if (out.accept(Rule.MIN_LENGTH)) {
            String where = loc(level, key);
            out.add(finding(Rule.MIN_LENGTH, Severity.ERROR, where, key + " at " + where + " is an empty string; "
                    + "the CMS " + schema + " JSON schema wants at least one character: fill it in or leave the key out."));
        }
    }

    void minItems(int level, String key) {
        if (out.accept(Rule.MIN_ITEMS)) {
            String where = loc(level, key);
            out.add(finding(Rule.MIN_ITEMS, Severity.ERROR, where, key + " at " + where + " is an empty array; "
                    + "the CMS " + schema + " JSON schema wants at least one item: fill it in or leave the key out."));
        }
    }

    void nineNines(String key) {
        if (out.accept(Rule.NINE_NINES)) {
            out.add(finding(Rule.NINE_NINES, Severity.ALERT, loc(PAYER, key), "Nine 9s used for " + key + " at "
                    + loc(PAYER, key) + ": 999999999 is a placeholder, not an amount; publish the real value or leave "
                    + "the key out."));
        }
    }

    private static Finding finding(Rule rule, Severity severity, String location, String message) {
        return new Finding(rule, severity, location, message);
    }

    /** Validator-style location, e.g. {@code /standard_charge_information/1/standard_charges/0/payers_information/1/count}. */
    String loc(int level, String key) {
        StringBuilder b = new StringBuilder(96).append("/standard_charge_information/").append(index);
        switch (level) {
            case CODE -> b.append("/code_information/").append(codeIndex);
            case DRUG -> b.append("/drug_information");
            case CHARGE -> b.append("/standard_charges/").append(chargeIndex);
            case PAYER -> b.append("/standard_charges/").append(chargeIndex).append("/payers_information/").append(payerIndex);
            default -> { }
        }
        if (key != null) {
            b.append('/').append(key);
        }
        return b.toString();
    }

    /** Dotted location of a value, e.g. {@code standard_charge_information[3].standard_charges[0].gross_charge}. */
    String dotted(int level, String key) {
        String base = switch (level) {
            case CODE -> elementPath + ".code_information[" + codeIndex + "]";
            case DRUG -> elementPath + ".drug_information";
            case CHARGE -> chargePath(chargeIndex);
            case PAYER -> payerPath(chargeIndex, payerIndex);
            default -> elementPath;
        };
        return key == null ? base : base + "." + key;
    }

    String chargePath(int j) {
        return elementPath + ".standard_charges[" + j + "]";
    }

    String payerPath(int j, int k) {
        return chargePath(j) + ".payers_information[" + k + "]";
    }

    private static String what(int level) {
        return switch (level) {
            case CODE -> "code";
            case DRUG -> "drug_information";
            case CHARGE -> "standard charge";
            case PAYER -> "payer";
            default -> "item";
        };
    }

    void enumFinding(String raw, int level, String key, List<String> allowed, String fix) {
        if (out.accept(Rule.ENUM)) {
            out.add(finding(Rule.ENUM, Severity.ERROR, loc(level, key), key + " \"" + raw + "\" at "
                    + loc(level, key) + " is not one of " + String.join(", ", allowed) + " (JSON enumerations are "
                    + "case-sensitive)" + fix));
        }
    }

    void countPattern(String text) {
        if (out.accept(Rule.PATTERN)) {
            out.add(finding(Rule.PATTERN, Severity.ERROR, loc(PAYER, "count"), "count is \"" + text
                    + "\"; the CMS v3.0 schema wants \"0\", \"1 through 10\" or a whole number of 11 or more "
                    + "written without separators, e.g. \"14\"."));
        }
    }

    void billingClassEnum(String value) {
        if (out.accept(Rule.ENUM)) {
            out.add(finding(Rule.ENUM, Severity.ERROR, loc(CHARGE, "billing_class"), "billing_class \"" + value
                    + "\" is not one of professional, facility, both (CMS data dictionary): use one of these."));
        }
    }

    void payerWithoutCharge() {
        if (out.accept(Rule.ANY_OF)) {
            out.add(finding(Rule.ANY_OF, Severity.ERROR, loc(PAYER, null), "the payer at " + loc(PAYER, null)
                    + " has no standard_charge_dollar, standard_charge_percentage or standard_charge_algorithm (must "
                    + "match a schema in anyOf): a v3.0 payer row needs a payer-specific charge; add it or drop the row."));
        }
    }

    void estimatedAmountInV3() {
        if (out.accept(Rule.ESTIMATED_AMOUNT_IN_V3)) {
            out.add(finding(Rule.ESTIMATED_AMOUNT_IN_V3, Severity.ALERT, loc(PAYER, "estimated_amount"),
                    "estimated_amount is no longer part of the v3.0 template (median_amount, 10th_percentile, "
                            + "90th_percentile and count replace it); it was read but should be removed."));
        }
    }

    void nonPositive(BigDecimal value, int level, String key) {
        if (out.accept(Rule.EXCLUSIVE_MINIMUM)) {
            out.add(finding(Rule.EXCLUSIVE_MINIMUM, Severity.ERROR, loc(level, key), key + " is "
                    + value.toPlainString() + " at " + loc(level, key) + "; CMS wants numbers greater than 0 (kept as "
                    + "published). Leave the key out when there is no charge."));
        }
    }

    void placeholder(int level, String key, String text) {
        if (out.accept(Rule.PLACEHOLDER_VALUE)) {
            out.add(finding(Rule.PLACEHOLDER_VALUE, Severity.ALERT, loc(level, key), key + " is \"" + text
                    + "\" at " + loc(level, key) + ", read as no value; CMS asks to leave the key out instead of "
                    + "writing a placeholder."));
        }
    }
}
