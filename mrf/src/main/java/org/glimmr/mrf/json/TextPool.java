package org.glimmr.mrf.json;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Remembers the few distinct values of a low-cardinality string key (payer names, plan names, methodology, setting,
 * code type, count, …) so that a value seen before costs a hash lookup over the parser's characters instead of a new
 * String, a trim, a case fold, an enumeration check and an Optional per row. Bounded: past {@link #MAX_ENTRIES}
 * distinct values, new ones are not remembered (the caller falls back to plain strings).
 */
final class TextPool {
    static final int MAX_ENTRIES = 1024;
    private static final int TABLE_BITS = 11;
    private static final int TABLE = 1 << TABLE_BITS;

    /** How values of a key are normalized for the canonical row. */
    enum Fold { NONE, LOWER, UPPER }

    /** One remembered value. */
    static final class Entry {
        final char[] chars;
        final int hash;
        /** The value exactly as published (for const comparisons and messages). */
        final String raw;
        /** Trimmed and case-folded; null when blank. */
        final String value;
        final Optional<String> optional;
        /** Whether {@link #raw} passes the key's check (enumeration, pattern). */
        final boolean allowed;

        Entry(char[] chars, int hash, String raw, Fold fold, Predicate<String> check) {
            this.chars = chars;
            this.hash = hash;
            this.raw = raw;
            String trimmed = raw.strip();
            this.value = trimmed.isEmpty() ? null : switch (fold) {
                case NONE -> trimmed;
                case LOWER -> trimmed.toLowerCase(Locale.ROOT);
                case UPPER -> trimmed.toUpperCase(Locale.ROOT);
            };
            this.optional = Optional.ofNullable(value);
            this.allowed = check.test(raw);
        }
    }

    private final Fold fold;
    private final Predicate<String> check;
    private final Entry[] table = new Entry[TABLE];
    private int size;

    /** @param check whether a value as published is allowed (its enumeration or pattern), computed once per value */
    TextPool(Fold fold, Predicate<String> check) {
        this.fold = fold;
        this.check = check;
    }

    /**
     * Length and at most the first and last four characters: enough to tell pooled values apart, and O(1). Written
     * out for the usual value of eight characters or more (the same hash as the loop below would give).
     */
    static int hash(char[] text, int offset, int length) {
        int end = offset + length;
        if (length >= 8) {
            int h = 31 * length + text[offset];
            h = 31 * h + text[offset + 1];
            h = 31 * h + text[offset + 2];
            h = 31 * h + text[offset + 3];
            h = 31 * h + text[end - 4];
            h = 31 * h + text[end - 3];
            h = 31 * h + text[end - 2];
            return 31 * h + text[end - 1];
        }
        int hash = length;
        for (int i = offset; i < end; i++) {
            hash = 31 * hash + text[i];
        }
        return hash;
    }

    /** The entry for these characters, remembered if new; null when the pool is full and the value is new. */
    Entry get(char[] text, int offset, int length) {
        int hash = hash(text, offset, length);
        int slot = (hash * 0x9E3779B9) >>> (Integer.SIZE - TABLE_BITS);
        while (true) {
            Entry e = table[slot];
            if (e == null) {
                break;
            }
            if (e.hash == hash && Arrays.equals(e.chars, 0, e.chars.length, text, offset, offset + length)) {
                return e;
            }
            slot = (slot + 1) & (TABLE - 1);
        }
        if (size >= MAX_ENTRIES) {
            return null;
        }
        char[] chars = Arrays.copyOfRange(text, offset, offset + length);
        Entry e = new Entry(chars, hash, new String(chars), fold, check);
        table[slot] = e;
        size++;
        return e;
    }
}
