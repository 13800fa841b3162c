package org.glimmr.mrf;

import java.util.HashMap;
import java.util.Map;

/**
 * Passes findings to a sink, at most {@value #PER_RULE} of each rule per split, and at {@link #finish()} one more
 * finding per rule that says how many were left out. A file with a million rows all missing the same column
 * yields a readable list, not a million rows.
 */
public final class Findings {
    public static final int PER_RULE = 100;

    private final MrfSink sink;
    private final Map<String, long[]> counts = new HashMap<>();
    private final Map<String, Severity> severities = new HashMap<>();
    private long emitted;

    public Findings(MrfSink sink) {
        this.sink = sink;
    }

    public void add(Finding finding) {
        long[] count = counts.computeIfAbsent(finding.rule(), k -> new long[1]);
        count[0]++;
        severities.putIfAbsent(finding.rule(), finding.severity());
        if (count[0] <= PER_RULE) {
            sink.finding(finding);
            emitted++;
        }
    }

    /** Emits the "N more" summaries; returns how many findings went to the sink in all. */
    public long finish(String location) {
        counts.forEach((rule, count) -> {
            if (count[0] > PER_RULE) {
                sink.finding(new Finding(rule, severities.get(rule), location,
                        (count[0] - PER_RULE) + " more findings of rule " + rule + " in this part of the file"
                                + " were not listed (" + count[0] + " in all)"));
                emitted++;
            }
        });
        counts.clear();
        return emitted;
    }
}
