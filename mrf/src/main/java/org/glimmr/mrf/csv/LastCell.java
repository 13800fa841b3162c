package org.glimmr.mrf.csv;

import java.util.Arrays;
import java.util.Optional;

/**
 * The previous value of a long text column (a description, notes, an algorithm), by its bytes: the rows of one item
 * follow each other in a tall file and repeat its description on every payer's row, so a cell equal to the one
 * before costs a byte compare instead of a new String, and the same String lets the rows' consumer skip converting it
 * again. Where {@link CellCache} keeps many short values, this keeps one value of any length.
 */
final class LastCell {
    private byte[] bytes = new byte[64];
    private int length = -1;
    private String text;
    private Optional<String> optional;

    /** The cell's text ({@link CsvTokenizer#cell}), the previous String when the bytes are the same. */
    String get(CsvTokenizer t, int col) {
        if (col < 0 || t.escaped(col)) {
            return t.cell(col);
        }
        int s = t.start(col);
        int e = t.end(col);
        int n = e - s;
        if (n <= 0) {
            return "";
        }
        if (n == length && Arrays.equals(bytes, 0, n, t.buffer(), s, e)) {
            return text;
        }
        if (bytes.length < n) {
            bytes = new byte[Math.max(n, 2 * bytes.length)];
        }
        System.arraycopy(t.buffer(), s, bytes, 0, n);
        length = n;
        text = t.cell(col);
        optional = Optional.of(text);
        return text;
    }

    /** The cell as a value: empty when blank, else the text, with the previous Optional when it is the same. */
    Optional<String> optional(CsvTokenizer t, int col) {
        String value = get(t, col);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        return value == text ? optional : Optional.of(value);
    }
}
