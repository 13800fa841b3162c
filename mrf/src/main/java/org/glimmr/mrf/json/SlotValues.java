package org.glimmr.mrf.json;

import static org.glimmr.mrf.json.ElementFindings.CHARGE;
import static org.glimmr.mrf.json.ElementFindings.DRUG;
import static org.glimmr.mrf.json.ElementFindings.PAYER;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the buffered scalars of an element ({@link Slots}) as the canonical row wants them: strings trimmed, enums
 * case-folded, numbers as published, with the CMS schema's Type / MinLength / Enum / ExclusiveMinimum findings and
 * the project's decided semantics for numbers written as text. A number that cannot be read is reported at once to
 * {@link LeftOut} (once per value: each value is read once) and read as no value; its rows keep everything else.
 */
final class SlotValues {
    /** Where a value that cannot be read goes: left out of its rows, kept with its dotted path and raw JSON. */
    interface LeftOut {
        void value(String where, String raw);
    }

    private final ElementFindings findings;
    private final boolean v3;
    private final LeftOut leftOut;

    SlotValues(ElementFindings findings, boolean v3, LeftOut leftOut) {
        this.findings = findings;
        this.v3 = v3;
        this.leftOut = leftOut;
    }

    /**
     * A string key: Type when it is not a string (a number or boolean is still read as its text), MinLength when
     * {@code minLength} and it is empty. Returns the trimmed text, or null when absent, null or blank.
     */
    String string(Slots s, int id, int level, String key, boolean minLength) {
        if (s.kind[id] == Slots.STRING) {
            String text = (String) s.value[id];
            if (!text.isEmpty() && !Character.isWhitespace(text.charAt(0))
                    && !Character.isWhitespace(text.charAt(text.length() - 1))) {
                return text;
            }
        } else if (s.kind[id] == Slots.ABSENT) {
            return null;
        }
        return stringOther(s, id, level, key, minLength);
    }

    /** {@link #string} past its fast path: pooled, padded, empty or not a string. */
    private String stringOther(Slots s, int id, int level, String key, boolean minLength) {
        switch (s.kind[id]) {
            case Slots.POOLED -> {
                TextPool.Entry e = (TextPool.Entry) s.value[id];
                if (minLength && e.raw.isEmpty()) {
                    findings.minLength(level, key);
                }
                return e.value;
            }
            case Slots.STRING -> {
                String text = (String) s.value[id];
                if (text.isEmpty()) {
                    if (minLength) {
                        findings.minLength(level, key);
                    }
                    return null;
                }
                if (!Character.isWhitespace(text.charAt(0)) && !Character.isWhitespace(text.charAt(text.length() - 1))) {
                    return text;
                }
                String trimmed = text.strip();
                return trimmed.isEmpty() ? null : trimmed;
            }
            case Slots.NUMBER -> {
                String text = ((BigDecimal) s.value[id]).toString();
                findings.typeError(level, key, "a number", "string", "write it in double quotes, e.g. \"" + text + "\"");
                return text;
            }
            case Slots.BOOLEAN -> {
                findings.typeError(level, key, "a boolean", "string", "write it in double quotes");
                return s.value[id].toString();
            }
            case Slots.NULL -> {
                findings.typeError(level, key, "null", "string", "leave the key out when there is no value");
                return null;
            }
            default -> {
                return null;
            }
        }
    }

    /** A string key as an Optional; a pooled value's Optional is shared between rows. */
    Optional<String> optional(Slots s, int id, int level, String key, boolean minLength) {
        if (s.kind[id] == Slots.POOLED) {
            TextPool.Entry e = (TextPool.Entry) s.value[id];
            if (minLength && e.raw.isEmpty()) {
                findings.minLength(level, key);
            }
            return e.optional;
        }
        return Optional.ofNullable(string(s, id, level, key, minLength));
    }

    /**
     * An enumerated string: the exact published text must be one of {@code allowed} (case-sensitive, as the CMS
     * validator compares), else Enum. Returns the trimmed value upper- or lower-cased.
     */
    Optional<String> enumValue(Slots s, int id, int level, String key, List<String> allowed, boolean upper,
            String fix) {
        if (s.kind[id] == Slots.POOLED) {
            TextPool.Entry e = (TextPool.Entry) s.value[id];
            if (!e.allowed) {
                findings.enumFinding(e.raw, level, key, allowed, fix);
            }
            return e.optional;
        }
        String text = string(s, id, level, key, false);
        if (s.kind[id] == Slots.STRING && !allowed.contains((String) s.value[id])) {
            findings.enumFinding((String) s.value[id], level, key, allowed, fix);
        }
        if (text == null) {
            return Optional.empty();
        }
        return Optional.of(upper ? text.toUpperCase(Locale.ROOT) : text.toLowerCase(Locale.ROOT));
    }

    /**
     * A number key. A JSON number is taken as written; a string holding a number is read with a Type finding;
     * placeholders and blanks mean no value; anything else is a bad number, left out of the rows it belongs to.
     * With {@code check} false (a key the version's schema does not define) only unreadable values are reported.
     */
    BigDecimal number(Slots s, int id, int level, String key, boolean check) {
        byte kind = s.kind[id];
        if (kind == Slots.NUMBER) {
            BigDecimal value = (BigDecimal) s.value[id];
            if (check && value.signum() <= 0) {
                findings.nonPositive(value, level, key);
            }
            return value;
        }
        return kind == Slots.ABSENT ? null : numberNotNumber(s, id, level, key, check);
    }

    /** {@link #number} for a key that does not hold a JSON number (small methods keep the hot path inlined). */
    private BigDecimal numberNotNumber(Slots s, int id, int level, String key, boolean check) {
        switch (s.kind[id]) {
            case Slots.STRING -> {
                String text = (String) s.value[id];
                TextNumber n = TextNumber.parse(text);
                switch (n.kind()) {
                    case VALUE -> {
                        if (check) {
                            findings.typeError(level, key, "the string \"" + text + "\"", "number", (n.decorated()
                                    ? "write the plain number without $, commas or %" : "write the number without "
                                    + "quotes") + ", e.g. " + n.value().get().toPlainString());
                            return positive(n.value().get(), level, key);
                        }
                        return n.value().get();
                    }
                    case BLANK -> {
                        if (check) {
                            findings.typeError(level, key, "an empty string", "number", "leave the key out when there is no value");
                        }
                        return null;
                    }
                    case PLACEHOLDER -> {
                        if (check) {
                            findings.typeError(level, key, "the string \"" + text + "\"", "number",
                                    "leave the key out when there is no value");
                        }
                        findings.placeholder(level, key, text);
                        return null;
                    }
                    default -> {
                        if (check) {
                            findings.typeError(level, key, "the string \"" + text + "\"", "number",
                                    "write a plain number such as 1234.50");
                        }
                        bad(level, key, RawJson.quote(text));
                        return null;
                    }
                }
            }
            case Slots.BOOLEAN -> {
                if (check) {
                    findings.typeError(level, key, "a boolean", "number", "write a plain number such as 1234.50");
                }
                bad(level, key, s.value[id].toString());
                return null;
            }
            case Slots.NULL -> {
                if (check) {
                    findings.typeError(level, key, "null", "number", "leave the key out when there is no value");
                }
                return null;
            }
            default -> {
                return null;
            }
        }
    }

    /** Reports ExclusiveMinimum for zero or negative numbers (kept as published). */
    BigDecimal positive(BigDecimal value, int level, String key) {
        if (value.signum() <= 0) {
            findings.nonPositive(value, level, key);
        }
        return value;
    }

    /** An unreadable number: left out of its rows, reported with where it is. */
    private void bad(int level, String key, String raw) {
        leftOut.value(findings.dotted(level, key), raw);
    }

    /** v2.2 drug unit: a string holding a number. */
    BigDecimal unitV2(Slots drug, int id) {
        byte kind = drug.kind[id];
        if (kind == Slots.NUMBER) {
            findings.typeError(DRUG, "unit", "a number", "string", "write the unit in double quotes, e.g. \"1\"");
            return positive((BigDecimal) drug.value[id], DRUG, "unit");
        }
        if (kind != Slots.STRING) {
            return number(drug, id, DRUG, "unit", true);
        }
        String text = (String) drug.value[id];
        if (text.isEmpty()) {
            findings.minLength(DRUG, "unit");
            return null;
        }
        TextNumber n = TextNumber.parse(text);
        return switch (n.kind()) {
            case VALUE -> n.value().get();
            case BLANK, PLACEHOLDER -> {
                findings.placeholder(DRUG, "unit", text);
                yield null;
            }
            case BAD -> {
                bad(DRUG, "unit", RawJson.quote(text));
                yield null;
            }
        };
    }

    /** The v3 count: a string; a number is read as its text with a Type finding. */
    Optional<String> count(Slots ps, int id) {
        byte kind = ps.kind[id];
        if (kind == Slots.POOLED) {
            TextPool.Entry e = (TextPool.Entry) ps.value[id];
            if (!e.allowed) {
                findings.countPattern(e.raw);
            }
            return e.optional;
        }
        if (kind == Slots.STRING) {
            String text = (String) ps.value[id];
            if (v3 && !CmsJsonSchema.COUNT.matcher(text).matches()) {
                findings.countPattern(text);
            }
            String trimmed = text.strip();
            return trimmed.isEmpty() ? Optional.empty() : Optional.of(trimmed);
        }
        if (kind == Slots.NUMBER) {
            String text = ((BigDecimal) ps.value[id]).toPlainString();
            if (v3) {
                findings.typeError(PAYER, "count", "a number", "string", "write it in double quotes, e.g. \"" + text + "\"");
            }
            return Optional.of(text);
        }
        if (kind == Slots.BOOLEAN || kind == Slots.NULL) {
            if (v3) {
                findings.typeError(PAYER, "count", Slots.label(kind), "string",
                        "write \"0\", \"1 through 10\" or the number of allowed amounts in double quotes");
            }
        }
        return Optional.empty();
    }

    /** billing_class (data dictionary, not in the schema): compared case-insensitively, stored lower-cased. */
    Optional<String> billingClass(Slots s, int id) {
        if (s.kind[id] == Slots.POOLED) {
            TextPool.Entry e = (TextPool.Entry) s.value[id];
            if (!e.allowed && e.value != null) {
                findings.billingClassEnum(e.raw);
            }
            return e.optional;
        }
        String value = string(s, id, CHARGE, "billing_class", false);
        if (value == null) {
            return Optional.empty();
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (!CmsJsonSchema.BILLING_CLASSES.contains(lower)) {
            findings.billingClassEnum(value);
        }
        return Optional.of(lower);
    }
}
