package org.glimmr.mrf;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gives a published code the system and value it is compared by across hospitals, so one service has one code
 * whatever the label: {@code HCPCS 99213} and {@code CPT 99213} are both {@code CPT 99213}. Pure and stateless; the
 * rules, with the CMS data dictionary's code types as reference, are in {@code docs/codes.md}:
 * <ul>
 *   <li>any type: {@code None}, {@code NULL}, {@code N/A} and the like are no code; a bracketed id after the code
 *       ({@code [293981]}) goes to {@link NormalizedCode#internalId()} (not for CDM and LOCAL, whose values are the
 *       hospital's own);
 *   <li>CPT and HCPCS: upper case; a modifier glued on ({@code 99213-25}, {@code 99213 25}) is split off; five
 *       digits, or four digits and A, F, M, T or U, are CPT (HCPCS Level I), a letter and four digits HCPCS (Level II),
 *       whatever the label;
 *   <li>NDC: the 11-digit 5-4-2 form, hyphenated, from the hyphenated 4-4-2, 5-3-2 and 5-4-1 forms and from 11
 *       digits without hyphens; 10 digits without hyphens stay as published ({@link CodeFix#NDC_UNCONVERTED});
 *   <li>revenue codes (RC) and APC to four digits, the DRG families to three, each family its own system;
 *   <li>other types as published (the parser has trimmed them);
 *   <li>a code without the shape of its declared type becomes a {@code LOCAL} code ({@link CodeFix#NOT_OF_ITS_TYPE}),
 *       its value as published.
 * </ul>
 */
public final class CodeNormalizer {
    public static final String CPT = "CPT";
    public static final String HCPCS = "HCPCS";
    public static final String NDC = "NDC";
    public static final String LOCAL = "LOCAL";

    /** Written where a code belongs but meaning none; compared upper case. */
    private static final Set<String> PLACEHOLDERS = Set.of("NONE", "NULL", "N/A", "NA", "N.A.", "#N/A", "-", "--",
            "NOT APPLICABLE", "UNKNOWN", "TBD", "NIL", "UNDEFINED");
    private static final Set<String> DRG_TYPES = Set.of("DRG", "MS-DRG", "APR-DRG", "TRIS-DRG", "MS-LTC-DRG", "R-DRG",
            "S-DRG", "APS-DRG", "AP-DRG");
    /** Types whose values are the hospital's own: nothing is read into them. */
    private static final Set<String> OWN_TYPES = Set.of("CDM", LOCAL);

    private static final Pattern BRACKETED_ID = Pattern.compile("^(.*?)\\s*\\[\\s*([^\\[\\]]*?)\\s*]$");
    private static final Pattern CPT_SHAPE = Pattern.compile("\\d{5}|\\d{4}[AFMTU]");
    private static final Pattern HCPCS_SHAPE = Pattern.compile("[A-Z]\\d{4}");
    /** A CPT or HCPCS code followed by one or more two-character modifiers, after a dash or spaces. */
    private static final Pattern GLUED_MODIFIERS = Pattern.compile("(\\d{4}[0-9AFMTU]|[A-Z]\\d{4})((?:(?:\\s*-\\s*|\\s+)[0-9A-Z]{2})+)");
    private static final Pattern MODIFIER = Pattern.compile("[0-9A-Z]{2}");
    private static final Pattern NDC_HYPHENATED = Pattern.compile("(\\d{4,5})-(\\d{3,4})-(\\d{1,2})");
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    private CodeNormalizer() {}

    public static NormalizedCode normalize(Code published) {
        requireNonNull(published, "published is null");
        String type = published.type().trim().toUpperCase(Locale.ROOT);
        String value = published.code().trim();
        EnumSet<CodeFix> fixes = EnumSet.noneOf(CodeFix.class);
        if (value.isEmpty() || PLACEHOLDERS.contains(value.toUpperCase(Locale.ROOT))) {
            fixes.add(CodeFix.NOT_A_CODE);
            return new NormalizedCode(published, Optional.empty(), List.of(), Optional.empty(), List.copyOf(fixes));
        }
        Optional<String> internalId = Optional.empty();
        if (!OWN_TYPES.contains(type)) {
            Matcher m = BRACKETED_ID.matcher(value);
            if (m.matches() && !m.group(1).isEmpty() && !m.group(2).isEmpty()) {
                value = m.group(1);
                internalId = Optional.of(m.group(2));
                fixes.add(CodeFix.INTERNAL_ID);
            }
        }
        List<String> modifiers = new ArrayList<>();
        Code code;
        if (type.equals(CPT) || type.equals(HCPCS)) {
            code = cptOrHcpcs(type, value, modifiers, fixes);
        } else if (type.equals(NDC)) {
            code = ndc(value, fixes);
        } else if (type.equals("RC") || type.equals("APC")) {
            code = digits(type, value, 4, fixes);
        } else if (DRG_TYPES.contains(type)) {
            code = digits(type, value, 3, fixes);
        } else {
            code = new Code(value, type);
        }
        if (code.type().equals(LOCAL) && !type.equals(LOCAL)) {
            // not compared as its type: the value as published, without what was read out of it
            code = new Code(published.code().trim(), LOCAL);
            modifiers.clear();
            internalId = Optional.empty();
            fixes.retainAll(EnumSet.of(CodeFix.NOT_OF_ITS_TYPE));
        }
        return new NormalizedCode(published, Optional.of(code), modifiers, internalId, List.copyOf(fixes));
    }

    private static Code cptOrHcpcs(String type, String value, List<String> modifiers, Set<CodeFix> fixes) {
        String upper = value.toUpperCase(Locale.ROOT);
        if (!upper.equals(value)) {
            fixes.add(CodeFix.UPPER_CASED);
        }
        String base = upper;
        Matcher glued = GLUED_MODIFIERS.matcher(upper);
        if (glued.matches()) {
            base = glued.group(1);
            Matcher modifier = MODIFIER.matcher(glued.group(2));
            while (modifier.find()) {
                modifiers.add(modifier.group());
            }
            fixes.add(CodeFix.MODIFIER_SPLIT);
        }
        if (CPT_SHAPE.matcher(base).matches()) {
            if (!type.equals(CPT)) {
                fixes.add(CodeFix.READ_AS_CPT);
            }
            return new Code(base, CPT);
        }
        if (HCPCS_SHAPE.matcher(base).matches()) {
            if (!type.equals(HCPCS)) {
                fixes.add(CodeFix.READ_AS_HCPCS);
            }
            return new Code(base, HCPCS);
        }
        fixes.add(CodeFix.NOT_OF_ITS_TYPE);
        return new Code(value, LOCAL);
    }

    private static Code ndc(String value, Set<CodeFix> fixes) {
        Matcher hyphenated = NDC_HYPHENATED.matcher(value);
        if (hyphenated.matches()) {
            String labeler = hyphenated.group(1);
            String product = hyphenated.group(2);
            String pack = hyphenated.group(3);
            int digits = labeler.length() + product.length() + pack.length();
            if (digits == 11) {
                return new Code(value, NDC);
            }
            if (digits == 10) {
                fixes.add(CodeFix.NDC_TO_11_DIGITS);
                return new Code(padded(labeler, 5) + "-" + padded(product, 4) + "-" + padded(pack, 2), NDC);
            }
        } else if (DIGITS.matcher(value).matches() && value.length() == 11) {
            fixes.add(CodeFix.NDC_HYPHENATED);
            return new Code(value.substring(0, 5) + "-" + value.substring(5, 9) + "-" + value.substring(9), NDC);
        } else if (DIGITS.matcher(value).matches() && value.length() == 10) {
            fixes.add(CodeFix.NDC_UNCONVERTED);
            return new Code(value, NDC);
        }
        fixes.add(CodeFix.NOT_OF_ITS_TYPE);
        return new Code(value, LOCAL);
    }

    /** Digits padded with zeros to {@code width}, or cut of leading zeros down to it; else a local code. */
    private static Code digits(String type, String value, int width, Set<CodeFix> fixes) {
        if (!DIGITS.matcher(value).matches()) {
            fixes.add(CodeFix.NOT_OF_ITS_TYPE);
            return new Code(value, LOCAL);
        }
        String v = value;
        while (v.length() > width && v.charAt(0) == '0') {
            v = v.substring(1);
        }
        if (v.length() > width) {
            fixes.add(CodeFix.NOT_OF_ITS_TYPE);
            return new Code(value, LOCAL);
        }
        v = padded(v, width);
        if (!v.equals(value)) {
            fixes.add(CodeFix.PADDED);
        }
        return new Code(v, type);
    }

    private static String padded(String digits, int width) {
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }
}
