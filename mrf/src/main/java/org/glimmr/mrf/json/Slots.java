package org.glimmr.mrf.json;

/**
 * The scalar values of one JSON object as read, before interpretation: per key id, what kind of token it was and its
 * value ({@link String} for strings, {@link java.math.BigDecimal} for numbers, {@link Boolean}). Reused from one
 * element to the next so that buffering an element allocates little.
 */
final class Slots {
    static final byte ABSENT = 0;
    static final byte NULL = 1;
    static final byte STRING = 2;
    static final byte NUMBER = 3;
    static final byte BOOLEAN = 4;
    /** An object or array where a scalar belongs; the owner is then malformed. */
    static final byte CONTAINER = 5;
    /** A string remembered in a {@link TextPool}: the value is its {@link TextPool.Entry}. */
    static final byte POOLED = 6;

    final byte[] kind;
    final Object[] value;

    Slots(int size) {
        kind = new byte[size];
        value = new Object[size];
    }

    /** Forgets every key (values are only read where a kind says so, so they are not cleared). */
    void clear() {
        for (int i = 0; i < kind.length; i++) {
            kind[i] = ABSENT;
        }
    }

    boolean has(int id) {
        return kind[id] != ABSENT;
    }

    /** True when the key holds exactly this string (JSON {@code const} semantics). */
    boolean is(int id, String text) {
        return kind[id] == STRING ? text.equals(value[id]) : kind[id] == POOLED && text.equals(((TextPool.Entry) value[id]).raw);
    }

    /** The string as published, for STRING and POOLED kinds. */
    String text(int id) {
        return kind[id] == POOLED ? ((TextPool.Entry) value[id]).raw : (String) value[id];
    }

    static String label(byte kind) {
        return switch (kind) {
            case NULL -> "null";
            case STRING, POOLED -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case CONTAINER -> "an object or array";
            default -> "absent";
        };
    }
}
