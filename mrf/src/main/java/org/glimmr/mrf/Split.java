package org.glimmr.mrf;

/**
 * A part of a file that one task parses alone. Byte offsets are in the file's raw (decompressed) bytes.
 *
 * @param index        0-based split number within the file
 * @param start        first byte (inclusive): the start of a CSV record or of a JSON {@code standard_charge_information} element
 * @param end          last byte (exclusive); {@code Long.MAX_VALUE} for "to the end"
 * @param firstLine    CSV: 1-based physical line number at {@code start}; JSON: 0
 * @param firstElement JSON: index in {@code standard_charge_information} of the first element at {@code start}; CSV: 0
 */
public record Split(int index, long start, long end, long firstLine, long firstElement) implements java.io.Serializable {
    public Split {
        if (index < 0 || start < 0 || end < start) {
            throw new IllegalArgumentException("bad split: index " + index + ", start " + start + ", end " + end);
        }
    }
}
