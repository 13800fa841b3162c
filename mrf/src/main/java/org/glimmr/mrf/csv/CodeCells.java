package org.glimmr.mrf.csv;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a code cell that holds several codes ({@code H2036/H0018}, {@code A|B}, {@code X; Y}) into its codes when
 * every part looks like a code of the same shape (letters, digits, dots and dashes in the same pattern); otherwise
 * the cell is one code, kept whole. Codes are text: leading zeros stay ({@code 0128}).
 */
final class CodeCells {
    private CodeCells() {}

    /** The codes of a trimmed, non-empty cell: one element unless it is a list of same-shaped codes. */
    static List<String> split(String cell) {
        if (!hasSeparator(cell)) {
            return List.of(cell);
        }
        List<String> parts = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= cell.length(); i++) {
            if (i == cell.length() || isSeparator(cell.charAt(i))) {
                parts.add(cell.substring(from, i).trim());
                from = i + 1;
            }
        }
        if (parts.size() < 2) {
            return List.of(cell);
        }
        String shape = null;
        for (String part : parts) {
            String s = shape(part);
            if (s == null || (shape != null && !shape.equals(s))) {
                return List.of(cell);
            }
            shape = s;
        }
        return List.copyOf(parts);
    }

    /** True when the cell has a character codes are listed with ({@code / | ; ,}). */
    static boolean hasSeparator(String cell) {
        for (int i = 0; i < cell.length(); i++) {
            if (isSeparator(cell.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSeparator(char c) {
        return c == '/' || c == '|' || c == ';' || c == ',';
    }

    /** Letters become A, digits 9, dots and dashes stay; null when the part is not code-like. */
    private static String shape(String part) {
        if (part.isEmpty()) {
            return null;
        }
        StringBuilder shape = new StringBuilder(part.length());
        boolean alnum = false;
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
                shape.append('A');
                alnum = true;
            } else if (c >= '0' && c <= '9') {
                shape.append('9');
                alnum = true;
            } else if (c == '.' || c == '-') {
                shape.append(c);
            } else {
                return null;
            }
        }
        return alnum ? shape.toString() : null;
    }
}
