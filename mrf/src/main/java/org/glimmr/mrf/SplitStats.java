package org.glimmr.mrf;

/**
 * Counts from parsing one split. {@code rejected}: what went to {@link MrfSink#rejected}, rows set aside and values
 * left out of kept rows alike; {@code encodingRepairs}: bytes read as Windows-1252 because they were not UTF-8.
 */
public record SplitStats(long rows, long rejected, long findings, long encodingRepairs) implements java.io.Serializable {
    public static final SplitStats EMPTY = new SplitStats(0, 0, 0, 0);

    public SplitStats plus(SplitStats other) {
        return new SplitStats(rows + other.rows, rejected + other.rejected, findings + other.findings,
                encodingRepairs + other.encodingRepairs);
    }
}
