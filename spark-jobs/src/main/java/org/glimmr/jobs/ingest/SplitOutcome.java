package org.glimmr.jobs.ingest;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.glimmr.mrf.CodeFix;
import org.glimmr.mrf.Finding;
import org.glimmr.mrf.RejectedRow;
import org.glimmr.mrf.SplitStats;

/**
 * What parsing one split produced besides its charge rows, sent back to the driver. {@code rejectedOverflow}: more
 * rejected rows than one task sends back; the driver then re-reads just those (see {@link IngestJob}). {@code codeFixes}:
 * the rows whose codes were normalised, per kind of fix ({@link CodeFixCounts}).
 */
public record SplitOutcome(String sha256, int splitIndex, SplitStats stats, List<RejectedRow> rejected,
        List<Finding> findings, Map<CodeFix, CodeFixCounts.Count> codeFixes, boolean rejectedOverflow, String failure)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Most rejected rows one split sends to the driver directly. */
    public static final int MAX_REJECTED_PER_SPLIT = 10_000;
}
