package org.glimmr.mrf;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;

/**
 * The rules the CSV and JSON readers report {@link Finding}s under, one constant per rule. {@link #id()} is the
 * string a finding carries and {@code silver.file_findings.rule} stores: tables, tests and users read these ids, so
 * an id is never changed once written.
 *
 * <p>The CMS validator checks CSV and JSON files by different code, so some problems have one id per format: a blank
 * required value is {@link #REQUIRED_VALUE} in a CSV and {@link #REQUIRED} (the JSON schema keyword) in a JSON file.
 * Findings that are not about a file's content (a part that failed to ingest) carry ids of their own through
 * {@link Finding}'s string constructor.
 */
public enum Rule {
    // ---- both formats: alerts

    /** The version cell and the headers or keys belong to different templates, or the version is not a CMS one. */
    VERSION_MISMATCH("VersionMismatch"),
    /** The hospital answered false to the affirmation or attestation statement. */
    FALSE_ATTESTATION("FalseAttestation"),
    /** 999999999 ("nine 9s") written as an amount or count. */
    NINE_NINES("NineNines"),
    /** A 3.0 file that still has estimated_amount, which 3.0 replaced with the allowed-amount fields. */
    ESTIMATED_AMOUNT_IN_V3("EstimatedAmountInV3"),
    /** N/A or a similar placeholder written where CMS asks for a blank cell or no key. */
    PLACEHOLDER_VALUE("PlaceholderValue"),

    // ---- CSV: the header rows

    /** A blank line where a header row belongs. */
    HEADER_BLANK("HeaderBlank"),
    /** A required general or item header is missing (or names no state, for the license). */
    HEADER_COLUMN_MISSING("HeaderColumnMissing"),
    /** A header written twice. */
    DUPLICATE_HEADER_COLUMN("DuplicateHeaderColumn"),
    /** Neither or both of the tall and wide payer columns: the layout is unknown. */
    AMBIGUOUS_FORMAT("AmbiguousFormat"),
    /** Header rows but no data rows. */
    MIN_ROWS("MinRows"),
    /** The license header's state is a placeholder or not a US state or territory code. */
    INVALID_STATE_CODE("InvalidStateCode"),
    /** The affirmation or attestation header differs from the CMS text. */
    STATEMENT_TEXT("StatementText"),
    /**
     * Glimmr's own, not the validator's (which ignores unknown columns): an item header Glimmr does not read, named
     * with why, so no column's values disappear without a word.
     */
    UNMAPPED_COLUMN("UnmappedColumn"),
    /**
     * Glimmr's own: a wide payer column whose payer or plan name holds a {@code |}, so the header alone does not say
     * where the payer ends and the plan begins; the finding says how it was read.
     */
    AMBIGUOUS_PAYER_PLAN("AmbiguousPayerPlan"),

    // ---- CSV: values

    /** A required value is blank (or its column is missing), always or because of another value. */
    REQUIRED_VALUE("RequiredValue"),
    /** last_updated_on is not a date. */
    INVALID_DATE("InvalidDate"),
    /** A value outside its list: setting, code type, methodology, drug type, billing class, statement true/false. */
    INVALID_ENUM("InvalidEnum"),
    /**
     * A number cell that is not plain digits: read leniently ($, thousands separators, %, signs), or not a number at
     * all (then the value is left out of its row and kept in the rejected rows).
     */
    INVALID_NUMBER_FORMAT("InvalidNumberFormat"),
    /** A zero or negative number. */
    NON_POSITIVE_NUMBER("NonPositiveNumber"),
    /** A count of allowed amounts that is not 0, "1 through 10" or a whole number of 11 or more. */
    INVALID_COUNT_NUMBER("InvalidCountNumber"),
    /** An item with no code and no modifiers. */
    CODE_PAIR_MISSING("CodePairMissing"),
    /** A modifier row with neither a charge nor notes. */
    MODIFIER_MISSING_INFO("ModifierMissingInfo"),
    /** An item with no standard charge at all. */
    ITEM_REQUIRES_CHARGE("ItemRequiresCharge"),

    // ---- JSON: the schema keyword a value breaks, as the CMS validator (Ajv) names it

    REQUIRED("Required"),
    TYPE("Type"),
    MIN_LENGTH("MinLength"),
    MIN_ITEMS("MinItems"),
    ENUM("Enum"),
    ANY_OF("AnyOf"),
    PATTERN("Pattern"),
    FORMAT("Format"),
    CONST("Const"),
    EXCLUSIVE_MINIMUM("ExclusiveMinimum"),

    // ---- JSON: the document

    /** A top-level key written more than once. */
    DUPLICATE_KEY("DuplicateKey"),
    /** Text after the end of the top-level value. */
    INVALID_JSON("InvalidJson"),
    /** Glimmr's own, not the validator's: a header key written after the charges of a file read in one pass. */
    LATE_HEADER_KEY("LateHeaderKey");

    /** The amount {@link #NINE_NINES} alerts on: 999999999, which CMS asks hospitals to stop writing for an amount. */
    public static final BigDecimal NINE_NINES_AMOUNT = new BigDecimal("999999999");

    private final String id;

    Rule(String id) {
        this.id = requireNonNull(id, "id is null");
    }

    /** The id findings carry and {@code silver.file_findings.rule} stores, e.g. {@code HeaderColumnMissing}. */
    public String id() {
        return id;
    }

    /** Whether {@code amount} is {@link #NINE_NINES_AMOUNT}, however written ({@code 999999999.00} too). */
    public static boolean isNineNines(BigDecimal amount) {
        // the digit count filters first, as compareTo is costly
        return amount != null && amount.precision() - amount.scale() == 9 && amount.compareTo(NINE_NINES_AMOUNT) == 0;
    }
}
