package org.glimmr.mrf.csv;

import java.util.Arrays;
import java.util.Optional;

/**
 * Remembers the recent distinct values of a low-cardinality column (payer, plan, setting, methodology, code type…)
 * by their bytes, so a value seen before costs a hash and a byte compare instead of a new String, a new Optional
 * and another case-folding lookup. A small direct-mapped table: a collision just replaces the entry.
 */
final class CellCache {
    private static final int SIZE = 256;
    private static final int MAX_KEY = 96;

    /** One remembered value: the trimmed text, its Optional, and what the caller derived from it (e.g. the enum). */
    static final class Entry {
        final String text;
        final Optional<String> optional;
        String derived;
        Optional<String> derivedOptional;
        boolean valid;
        boolean checked;

        Entry(String text) {
            this.text = text;
            this.optional = Optional.of(text);
        }
    }

    private final byte[][] keys = new byte[SIZE][];
    private final Entry[] entries = new Entry[SIZE];

    /** The entry for a non-blank cell, or null when the cell cannot be cached (quoted with escapes, or long). */
    Entry get(CsvTokenizer t, int col) {
        if (t.escaped(col)) {
            return null;
        }
        int s = t.start(col);
        int e = t.end(col);
        int len = e - s;
        if (len <= 0 || len > MAX_KEY) {
            return null;
        }
        byte[] b = t.buffer();
        int h = len;
        for (int p = s; p < e; p++) {
            h = 31 * h + b[p];
        }
        int slot = (h ^ (h >>> 16)) & (SIZE - 1);
        byte[] key = keys[slot];
        if (key != null && Arrays.equals(key, 0, key.length, b, s, e)) {
            return entries[slot];
        }
        Entry entry = new Entry(t.cell(col));
        keys[slot] = Arrays.copyOfRange(b, s, e);
        entries[slot] = entry;
        return entry;
    }
}
