package org.glimmr.mrf.json;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A number published as text (a JSON string where the schema wants a number, or a v2.2 drug unit), read with the
 * project's decided semantics: trimmed; blank and placeholders ({@code N/A}, {@code -}, {@code none}, …) mean no
 * value; {@code $1,234.50}, {@code 1,234.50} and {@code 70.5%} are read as 1234.50 / 70.5 ({@link #decorated});
 * anything else is {@link Kind#BAD}.
 */
record TextNumber(Kind kind, Optional<BigDecimal> value, boolean decorated) {
    enum Kind { VALUE, BLANK, PLACEHOLDER, BAD }

    private static final Set<String> PLACEHOLDERS = Set.of("n/a", "na", "-", "null", "none");

    TextNumber {
        requireNonNull(kind, "kind is null");
        requireNonNull(value, "value is null");
        if ((kind == Kind.VALUE) != value.isPresent()) {
            throw new IllegalArgumentException("a value exactly when kind is VALUE, got " + kind + " " + value);
        }
    }

    static TextNumber parse(String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            return new TextNumber(Kind.BLANK, Optional.empty(), false);
        }
        if (PLACEHOLDERS.contains(t.toLowerCase(Locale.ROOT))) {
            return new TextNumber(Kind.PLACEHOLDER, Optional.empty(), false);
        }
        String plain = t;
        boolean decorated = false;
        if (plain.startsWith("$")) {
            plain = plain.substring(1).strip();
            decorated = true;
        }
        if (plain.endsWith("%")) {
            plain = plain.substring(0, plain.length() - 1).strip();
            decorated = true;
        }
        if (plain.indexOf(',') >= 0) {
            if (!plain.matches("[+-]?\\d{1,3}(,\\d{3})+(\\.\\d*)?")) {
                return bad();
            }
            plain = plain.replace(",", "");
            decorated = true;
        }
        if (!plain.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
            return bad();
        }
        try {
            return new TextNumber(Kind.VALUE, Optional.of(new BigDecimal(plain)), decorated);
        } catch (NumberFormatException | ArithmeticException e) {
            return bad();
        }
    }

    private static TextNumber bad() {
        return new TextNumber(Kind.BAD, Optional.empty(), false);
    }
}
