package org.glimmr.mrf;

/**
 * One kind of change {@link CodeNormalizer} makes to a published code. {@link #id()} is the rule id of the per-file
 * finding that counts it and the value {@code silver.standard_charges.code_fixes} holds: tables, tests and users read
 * these ids, so an id is never changed once written. The rules are in {@code docs/codes.md}.
 */
public enum CodeFix {
    /** {@code None}, {@code NULL}, {@code N/A} and the like written as a code: no code. */
    NOT_A_CODE("CodeNotACode", "a placeholder (None, NULL, N/A, ...) written as a code: read as no code"),
    /** Five digits, or four digits and A, F, M, T or U, under HCPCS (or another CPT/HCPCS spelling): CPT. */
    READ_AS_CPT("CodeReadAsCpt", "a CPT code (five digits, or four digits and A, F, M, T or U) published under another"
            + " type; CPT is HCPCS Level I: compared as CPT"),
    /** A letter and four digits under CPT: HCPCS Level II. */
    READ_AS_HCPCS("CodeReadAsHcpcs", "a HCPCS Level II code (a letter and four digits) published as CPT: compared as HCPCS"),
    /** Lower-case letters in a CPT or HCPCS code. */
    UPPER_CASED("CodeUpperCased", "lower-case letters in a CPT or HCPCS code: upper-cased"),
    /** A modifier glued to a CPT or HCPCS code ({@code 99213-25}, {@code 99213 25}). */
    MODIFIER_SPLIT("CodeModifierSplit", "a modifier glued to the code (99213-25, 99213 25): split off into the"
            + " modifiers"),
    /** A bracketed internal id after the code ({@code 10019-553-03 [293981]}). */
    INTERNAL_ID("CodeInternalId", "a bracketed internal id after the code (10019-553-03 [293981]): moved to"
            + " code_internal_id"),
    /** A hyphenated 10-digit NDC (4-4-2, 5-3-2 or 5-4-1) given its 11-digit 5-4-2 form. */
    NDC_TO_11_DIGITS("NdcTo11Digits", "an NDC in a 10-digit form (4-4-2, 5-3-2 or 5-4-1): written in the"
            + " 11-digit 5-4-2 form with the missing zero"),
    /** An 11-digit NDC without hyphens, hyphenated 5-4-2. */
    NDC_HYPHENATED("NdcHyphenated", "an 11-digit NDC without hyphens: hyphenated 5-4-2"),
    /** A 10-digit NDC without hyphens: which segment lacks its zero cannot be told. */
    NDC_UNCONVERTED("NdcUnconverted", "an NDC of 10 digits without hyphens: it may be 4-4-2, 5-3-2 or 5-4-1, so"
            + " its 11-digit form cannot be known; kept as published, not compared with 11-digit NDCs"),
    /** A revenue code, APC or DRG without its leading zeros, or with one too many. */
    PADDED("CodePadded", "a revenue code, APC or DRG not written at its width (100, 91, 0470): written with four"
            + " (revenue code, APC) or three digits (DRG)"),
    /** A code without the shape of its declared type: a local code. */
    NOT_OF_ITS_TYPE("CodeNotOfItsType", "a code without the shape of its declared type (an eight-digit HCPCS, a"
            + " nine-digit NDC): kept as a LOCAL code, not compared as its type");

    private final String id;
    private final String description;

    CodeFix(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** The stable id: a finding's rule and a value of {@code code_fixes}. */
    public String id() {
        return id;
    }

    /** What was found and what was done, for a person. */
    public String description() {
        return description;
    }
}
