package org.glimmr.mrf;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Passes findings to a sink, at most {@value #PER_RULE} of each rule per split, and at {@link #finish()} one more
 * finding per rule that says how many were left out. A file with a million rows all missing the same column
 * yields a readable list, not a million rows; with {@link #accept}, the readers do not even build the messages of
 * the findings left out.
 */
public final class Findings {
    public static final int PER_RULE = 100;

    private final Consumer<Finding> out;
    private final Map<String, long[]> counts = new HashMap<>();
    private final Map<String, Severity> severities = new HashMap<>();
    private long emitted;

    public Findings(MrfSink sink) {
        this(requireNonNull(sink, "sink is null")::finding);
    }

    /** Passes the findings to {@code out} instead of a sink: e.g. a list's {@code add}, for checks without rows. */
    public Findings(Consumer<Finding> out) {
        this.out = requireNonNull(out, "out is null");
    }

    /**
     * Whether a finding of {@code rule} would be listed: then build it and {@link #add} it. When the rule is past its
     * cap, the finding is counted here (for the "N more" summary) and the caller builds nothing, so a rule broken on
     * every row costs a look-up, not a location and a message.
     */
    public boolean accept(Rule rule) {
        long[] count = counts.get(rule.id());
        if (count == null || count[0] < PER_RULE) {
            return true;
        }
        count[0]++;
        return false;
    }

    public void add(Finding finding) {
        long[] count = counts.computeIfAbsent(finding.rule(), k -> new long[1]);
        count[0]++;
        severities.putIfAbsent(finding.rule(), finding.severity());
        if (count[0] <= PER_RULE) {
            out.accept(finding);
            emitted++;
        }
    }

    /** Emits the "N more" summaries; returns how many findings went to the sink in all. */
    public long finish(String location) {
        counts.forEach((rule, count) -> {
            if (count[0] > PER_RULE) {
                out.accept(new Finding(rule, severities.get(rule), location,
                        (count[0] - PER_RULE) + " more findings of rule " + rule + " in this part of the file"
                                + " were not listed (" + count[0] + " in all)"));
                emitted++;
            }
        });
        counts.clear();
        return emitted;
    }
}
