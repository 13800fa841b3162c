package org.glimmr.mrf.json;

/**
 * A bounded index of where {@code standard_charge_information} elements start: pairs (element index, byte offset),
 * one every {@link #granularity()} bytes or more. When {@link #capacity} pairs are held, every other one is
 * dropped and the spacing doubles, so memory stays the same whatever the file's size. Element 0 is always kept.
 */
final class Checkpoints {
    static final int DEFAULT_CAPACITY = 4096;

    private final int capacity;
    private final long[] elements;
    private final long[] offsets;
    private int size;
    private long granularity;

    Checkpoints(long granularity, int capacity) {
        if (granularity < 1 || capacity < 2) {
            throw new IllegalArgumentException("bad checkpoints: granularity " + granularity + ", capacity " + capacity);
        }
        this.capacity = capacity;
        this.granularity = granularity;
        this.elements = new long[capacity];
        this.offsets = new long[capacity];
    }

    /** Spacing for a file of {@code length} bytes (unknown: negative): about 1 MB, finer for small files. */
    static long granularityFor(long length) {
        if (length < 0) {
            return 1 << 20;
        }
        return Math.max(1024, Math.min(1 << 20, length / (DEFAULT_CAPACITY / 2)));
    }

    /** Offers the start of element {@code element} at byte {@code offset}; elements must come in file order. */
    void offer(long element, long offset) {
        if (size > 0 && offset - offsets[size - 1] < granularity) {
            return;
        }
        if (size == capacity) {
            thin();
            if (offset - offsets[size - 1] < granularity) {
                return;
            }
        }
        elements[size] = element;
        offsets[size] = offset;
        size++;
    }

    /** Drops checkpoints at or after element {@code element} (used when that element turned out to be broken). */
    void truncateFrom(long element) {
        while (size > 0 && elements[size - 1] >= element) {
            size--;
        }
    }

    private void thin() {
        int kept = 0;
        for (int i = 0; i < size; i += 2) {
            elements[kept] = elements[i];
            offsets[kept] = offsets[i];
            kept++;
        }
        size = kept;
        granularity *= 2;
    }

    int size() {
        return size;
    }

    long element(int i) {
        return elements[i];
    }

    long offset(int i) {
        return offsets[i];
    }

    long granularity() {
        return granularity;
    }

    int capacity() {
        return capacity;
    }
}
