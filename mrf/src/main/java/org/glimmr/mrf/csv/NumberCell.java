package org.glimmr.mrf.csv;

import java.math.BigDecimal;

/**
 * Reads a money, percentage or unit cell the way the project decided: plain digits ({@code 1234.50}, {@code 5000.0},
 * {@code .5}) are {@link Status#OK}; {@code $1,234.50}, {@code 70.5%}, {@code -5}, {@code 1.5E3} are read with
 * {@link Status#LENIENT} (CMS wants plain digits); {@code N/A}, {@code NA}, {@code -}, {@code null}, {@code none}
 * mean no value ({@link Status#PLACEHOLDER}); anything else is {@link Status#BAD}. Values keep their scale as written.
 * Mutable and reused for every cell: the common case allocates only the {@link BigDecimal}.
 */
final class NumberCell {
    enum Status { BLANK, OK, LENIENT, PLACEHOLDER, BAD }

    private Status status = Status.BLANK;
    private BigDecimal value;

    Status status() {
        return status;
    }

    /** The number, or null when blank, a placeholder or bad. */
    BigDecimal value() {
        return value;
    }

    /** True when the cell holds something other than a blank or a placeholder (a bad value counts as present). */
    boolean present() {
        return status == Status.OK || status == Status.LENIENT || status == Status.BAD;
    }

    void read(CsvTokenizer t, int col) {
        value = null;
        if (col < 0 || col >= t.size()) {
            status = Status.BLANK;
            return;
        }
        if (t.escaped(col)) {
            read(t.cell(col));
            return;
        }
        int s = t.start(col);
        int e = t.end(col);
        if (e <= s) {
            status = Status.BLANK;
            return;
        }
        if (e - s <= 19) {
            byte[] b = t.buffer();
            long unscaled = 0;
            int digits = 0;
            int scale = 0;
            boolean dot = false;
            boolean plain = true;
            for (int p = s; p < e; p++) {
                byte c = b[p];
                if (c >= '0' && c <= '9') {
                    unscaled = unscaled * 10 + (c - '0');
                    digits++;
                    if (dot) {
                        scale++;
                    }
                } else if (c == '.' && !dot) {
                    dot = true;
                } else {
                    plain = false;
                    break;
                }
            }
            if (plain && digits > 0 && digits <= 18) {
                status = Status.OK;
                value = BigDecimal.valueOf(unscaled, scale);
                return;
            }
        }
        read(t.cell(col));
    }

    /** Reads trimmed text. */
    void read(String text) {
        value = null;
        String s = text.trim();
        if (s.isEmpty()) {
            status = Status.BLANK;
            return;
        }
        if (isPlaceholder(s)) {
            status = Status.PLACEHOLDER;
            return;
        }
        if (isPlain(s)) {
            status = Status.OK;
            value = new BigDecimal(s);
            return;
        }
        BigDecimal lenient = lenient(s);
        if (lenient != null) {
            status = Status.LENIENT;
            value = lenient;
        } else {
            status = Status.BAD;
        }
    }

    static boolean isPlaceholder(String s) {
        return s.equalsIgnoreCase("n/a") || s.equalsIgnoreCase("na") || s.equals("-") || s.equalsIgnoreCase("null")
                || s.equalsIgnoreCase("none");
    }

    /** {@code ^(\d+|\d+\.\d*|\.\d+)$}: what the CMS validator accepts. */
    static boolean isPlain(String s) {
        int digits = 0;
        boolean dot = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                return false;
            }
        }
        return digits > 0;
    }

    private static BigDecimal lenient(String text) {
        String t = text;
        boolean negative = false;
        if (t.length() > 2 && t.charAt(0) == '(' && t.charAt(t.length() - 1) == ')') {
            negative = true;
            t = t.substring(1, t.length() - 1).trim();
        }
        if (!t.isEmpty() && (t.charAt(0) == '-' || t.charAt(0) == '+')) {
            negative ^= t.charAt(0) == '-';
            t = t.substring(1).trim();
        }
        if (!t.isEmpty() && t.charAt(0) == '$') {
            t = t.substring(1).trim();
            if (!t.isEmpty() && (t.charAt(0) == '-' || t.charAt(0) == '+')) {
                negative ^= t.charAt(0) == '-';
                t = t.substring(1).trim();
            }
        }
        if (!t.isEmpty() && t.charAt(t.length() - 1) == '%') {
            t = t.substring(0, t.length() - 1).trim();
        }
        if (t.indexOf(',') >= 0) {
            if (!thousandsGrouped(t)) {
                return null;
            }
            t = t.replace(",", "");
        }
        BigDecimal v;
        if (isPlain(t)) {
            v = new BigDecimal(t);
        } else if (isExponent(t)) {
            v = new BigDecimal(t);
        } else {
            return null;
        }
        return negative ? v.negate() : v;
    }

    /** {@code \d{1,3}(,\d{3})+(\.\d*)?} */
    private static boolean thousandsGrouped(String t) {
        int dot = t.indexOf('.');
        String whole = dot >= 0 ? t.substring(0, dot) : t;
        String[] groups = whole.split(",", -1);
        if (groups[0].isEmpty() || groups[0].length() > 3) {
            return false;
        }
        for (int i = 0; i < groups.length; i++) {
            String g = groups[i];
            if ((i > 0 && g.length() != 3) || !g.chars().allMatch(Character::isDigit)) {
                return false;
            }
        }
        return dot < 0 || t.substring(dot + 1).chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** {@code \d+(\.\d*)?[eE][+-]?\d+} */
    private static boolean isExponent(String t) {
        int e = Math.max(t.indexOf('e'), t.indexOf('E'));
        if (e <= 0 || !isPlain(t.substring(0, e)) || t.charAt(0) == '.') {
            return false;
        }
        String exp = t.substring(e + 1);
        if (!exp.isEmpty() && (exp.charAt(0) == '+' || exp.charAt(0) == '-')) {
            exp = exp.substring(1);
        }
        return !exp.isEmpty() && exp.length() <= 4 && exp.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
