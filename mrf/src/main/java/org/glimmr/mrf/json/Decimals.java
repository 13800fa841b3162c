package org.glimmr.mrf.json;

import java.math.BigDecimal;

/** Exact decimals from JSON number text without going through a String (the hot path of the parser). */
final class Decimals {
    private static final int MAX_COMPACT_DIGITS = 18;

    private Decimals() {}

    /**
     * The number written in {@code text[offset, offset + length)}, exactly as written (scale kept: {@code 5000.0}
     * has scale 1). Plain numbers of up to 18 digits are built from a long; anything else (exponents, more digits)
     * goes through {@link BigDecimal#BigDecimal(char[], int, int)}.
     */
    static BigDecimal of(char[] text, int offset, int length) {
        int i = offset;
        int end = offset + length;
        boolean negative = false;
        if (i < end && text[i] == '-') {
            negative = true;
            i++;
        }
        long unscaled = 0;
        int digits = 0;
        int scale = -1;
        for (; i < end; i++) {
            char c = text[i];
            if (c >= '0' && c <= '9') {
                if (++digits > MAX_COMPACT_DIGITS) {
                    return new BigDecimal(text, offset, length);
                }
                unscaled = unscaled * 10 + (c - '0');
                if (scale >= 0) {
                    scale++;
                }
            } else if (c == '.' && scale < 0) {
                scale = 0;
            } else {
                return new BigDecimal(text, offset, length);
            }
        }
        if (digits == 0) {
            return new BigDecimal(text, offset, length);
        }
        return BigDecimal.valueOf(negative ? -unscaled : unscaled, Math.max(scale, 0));
    }
}
