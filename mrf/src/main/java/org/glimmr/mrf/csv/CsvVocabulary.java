package org.glimmr.mrf.csv;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The CMS words a CSV file is read with: header names, enumerations, state codes, statement texts, and the header
 * matching the CMS validator does (split on {@code |}, trim each part, ignore case), where trimming also removes
 * Unicode spaces ({@link #clean}).
 */
final class CsvVocabulary {
    static final String V2 = "2.0.0";
    static final String V3 = "3.0.0";

    static final List<String> SETTINGS = List.of("inpatient", "outpatient", "both");
    static final List<String> METHODOLOGIES =
            List.of("case rate", "fee schedule", "percent of total billed charges", "per diem", "other");
    static final List<String> DRUG_TYPES = List.of("GR", "ME", "ML", "UN", "F2", "EA", "GM");
    static final List<String> BILLING_CLASSES = List.of("professional", "facility", "both");
    static final List<String> CODE_TYPES_V2 = List.of("CPT", "HCPCS", "ICD", "DRG", "MS-DRG", "R-DRG", "S-DRG",
            "APS-DRG", "AP-DRG", "APR-DRG", "APC", "NDC", "HIPPS", "LOCAL", "EAPG", "CDT", "RC", "CDM", "TRIS-DRG");
    static final List<String> CODE_TYPES_V3;

    static {
        List<String> v3 = new ArrayList<>(CODE_TYPES_V2);
        v3.add("CMG");
        v3.add("MS-LTC-DRG");
        CODE_TYPES_V3 = List.copyOf(v3);
    }

    /** The CSV list of the CMS validator (56 codes; FM, MH and PW are JSON-only). */
    static final List<String> STATE_CODES = List.of("AL", "AK", "AS", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL",
            "GA", "GU", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT",
            "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "MP", "OH", "OK", "OR", "PA", "PR", "RI", "SC", "SD", "TN",
            "TX", "UT", "VT", "VI", "VA", "WA", "WV", "WI", "WY");

    static final String AFFIRMATION = "To the best of its knowledge and belief, the hospital has included all applicable"
            + " standard charge information in accordance with the requirements of 45 CFR 180.50, and the information"
            + " encoded is true, accurate, and complete as of the date indicated.";
    static final String ATTESTATION = "To the best of its knowledge and belief, this hospital has included all"
            + " applicable standard charge information in accordance with the requirements of 45 CFR 180.50, and the"
            + " information encoded is true, accurate, and complete as of the date in the file. This hospital has"
            + " included all payer-specific negotiated charges in dollars that can be expressed as a dollar amount."
            + " For payer-specific negotiated charges that cannot be expressed as a dollar amount in the"
            + " machine-readable file or not knowable in advance, the hospital attests that the payer-specific"
            + " negotiated charge is based on a contractual algorithm, percentage or formula that precludes the"
            + " provision of a dollar amount and has provided all necessary information available to the hospital"
            + " for the public to be able to derive the dollar amount, including, but not limited to, the specific"
            + " fee schedule or components referenced in such percentage, algorithm or formula.";
    private static final String STATEMENT_PREFIX = "to the best of its knowledge and belief";

    private static final List<String> PLACEHOLDERS = List.of("[i]", "[state]", "[payer_name]", "[plan_name]");

    private CsvVocabulary() {}

    /** The header split on {@code |}, each part cleaned and lower-cased: {@code Code | 1 | Type} gives code, 1, type. */
    static String[] parts(String header) {
        String[] parts = header.split("\\|", -1);
        for (int i = 0; i < parts.length; i++) {
            parts[i] = clean(parts[i]).toLowerCase(Locale.ROOT);
        }
        return parts;
    }

    /** The part as written, cleaned, without one pair of enclosing square brackets: {@code [COMMERCIAL]} gives COMMERCIAL. */
    static String stripBrackets(String part) {
        String p = clean(part);
        if (p.length() >= 2 && p.charAt(0) == '[' && p.charAt(p.length() - 1) == ']') {
            return clean(p.substring(1, p.length() - 1));
        }
        return p;
    }

    /** The original parts of a header, cleaned (case kept). */
    static String[] writtenParts(String header) {
        String[] parts = header.split("\\|", -1);
        for (int i = 0; i < parts.length; i++) {
            parts[i] = clean(parts[i]);
        }
        return parts;
    }

    /**
     * Whether {@code c} is blank at the edge of a header or name: ASCII white space and control characters, and every
     * Unicode space (the no-break space U+00A0 that a Windows-1252 0xA0 becomes, U+2007, U+202F …), the zero-width
     * space and a stray byte-order mark. {@link String#trim()} and {@link String#strip()} keep the no-break spaces.
     */
    static boolean isBlank(char c) {
        return c <= ' ' || Character.isSpaceChar(c) || Character.isWhitespace(c) || c == '\u200B' || c == '\uFEFF';
    }

    /** The text without blank characters ({@link #isBlank}) at either end; no-break spaces inside become spaces. */
    static String clean(String text) {
        int s = 0;
        int e = text.length();
        while (s < e && isBlank(text.charAt(s))) {
            s++;
        }
        while (e > s && isBlank(text.charAt(e - 1))) {
            e--;
        }
        String t = s == 0 && e == text.length() ? text : text.substring(s, e);
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c > ' ' && isBlank(c)) {
                StringBuilder b = new StringBuilder(t.length());
                for (int j = 0; j < t.length(); j++) {
                    char d = t.charAt(j);
                    b.append(d > ' ' && isBlank(d) ? ' ' : d);
                }
                return b.toString();
            }
        }
        return t;
    }

    /** The CMS template placeholders still present in a header, e.g. {@code [payer_name]}. */
    static boolean hasPlaceholder(String header) {
        String lower = header.toLowerCase(Locale.ROOT).replace(" ", "");
        for (String placeholder : PLACEHOLDERS) {
            if (lower.contains(placeholder)) {
                return true;
            }
        }
        return false;
    }

    /** Lower-cased, with runs of white space made one space. */
    static String normalizeText(String text) {
        return text.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    /** True for the affirmation (v2) or attestation (v3) statement header, matched on its opening words. */
    static boolean isStatement(String header) {
        return normalizeText(header).startsWith(STATEMENT_PREFIX);
    }

    /** True when a statement header is the v3 attestation rather than the v2 affirmation. */
    static boolean isAttestation(String header) {
        String text = normalizeText(header);
        return text.contains("this hospital has included") || text.contains("attests")
                || text.contains("payer-specific negotiated charges");
    }

    /** The value among {@code allowed} equal to {@code value} ignoring case, else {@code value} folded as asked. */
    static String canonical(String value, List<String> allowed, boolean upper) {
        for (String a : allowed) {
            if (a.equals(value)) {
                return a;
            }
        }
        for (String a : allowed) {
            if (a.equalsIgnoreCase(value)) {
                return a;
            }
        }
        return upper ? value.toUpperCase(Locale.ROOT) : value.toLowerCase(Locale.ROOT);
    }

    /** The template version a version cell names: 3.0.0 for 3.x / v3, 2.0.0 for other numbers; null when unreadable. */
    static String versionFromCell(String cell) {
        String v = cell.trim().toLowerCase(Locale.ROOT);
        if (v.startsWith("v")) {
            v = v.substring(1).trim();
        }
        if (v.isEmpty() || !Character.isDigit(v.charAt(0))) {
            return null;
        }
        if (v.charAt(0) == '3' && (v.length() == 1 || !Character.isDigit(v.charAt(1)))) {
            return V3;
        }
        return V2;
    }
}
