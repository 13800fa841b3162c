package org.glimmr.generate;

/**
 * What {@link MrfGenerator#generate} wrote, counted while writing, for tests of the parsers to compare against.
 *
 * @param bytesWritten     uncompressed bytes of the document
 * @param items            items written: CSV wide records, JSON {@code standard_charge_information} elements, and the
 *                         groups of consecutive tall rows that describe one item
 * @param canonicalRows    the canonical rows a correct parser emits: tall, one per data record; wide, per record the
 *                         payer groups with a value, or 1 when none has; JSON, per standard charge its
 *                         {@code payers_information} elements, or 1 when it has none
 * @param badValues        deliberately bad values written ({@link GeneratorOptions#dirtyRate}); 0 for a clean file
 * @param unreadableValues of those, the ones that are not numbers at all ({@code abc}, {@code 12.3.4}): each is left out
 *                         of its row (which is kept) and makes exactly one rejected value. The others are placeholders
 *                         ({@code N/A}: no value) or formatted numbers ({@code $1,234.00}: read, with a finding)
 */
public record GenerationReport(long bytesWritten, long items, long canonicalRows, long badValues, long unreadableValues) {
    public GenerationReport {
        if (bytesWritten < 0 || items < 0 || canonicalRows < 0 || badValues < 0 || unreadableValues < 0) {
            throw new IllegalArgumentException("counts must not be negative: bytes " + bytesWritten + ", items " + items
                    + ", rows " + canonicalRows + ", bad " + badValues + ", unreadable " + unreadableValues);
        }
        if (unreadableValues > badValues) {
            throw new IllegalArgumentException("unreadableValues " + unreadableValues + " exceeds badValues " + badValues);
        }
    }

    /** Canonical rows a correct parser emits: all of them, as a bad value never sets its row aside. */
    public long expectedRows() {
        return canonicalRows;
    }
}
