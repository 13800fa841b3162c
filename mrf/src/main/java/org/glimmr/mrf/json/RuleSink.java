package org.glimmr.mrf.json;

import java.util.EnumMap;
import java.util.Map;
import org.glimmr.mrf.Finding;
import org.glimmr.mrf.Findings;
import org.glimmr.mrf.Rule;
import org.glimmr.mrf.Severity;

/**
 * Front of {@link Findings} that lets a caller skip building the location and message of a finding that would not
 * be listed anyway: {@link #accept} says whether to build it; past the cap it only counts (through a shared
 * placeholder finding, so {@link Findings#finish} still reports how many were left out).
 */
final class RuleSink {
    /**
     * {@link Rule#LATE_HEADER_KEY}'s id as a string: the generator module's one-pass test (in this package) compares
     * {@code Finding.rule()} with it. Code in this module uses {@link Rule} and {@link Finding#is}.
     */
    static final String LATE_HEADER_KEY = Rule.LATE_HEADER_KEY.id();

    private final Findings findings;
    private final Map<Rule, int[]> counts = new EnumMap<>(Rule.class);
    private final Map<Rule, Finding> placeholders = new EnumMap<>(Rule.class);

    RuleSink(Findings findings) {
        this.findings = findings;
    }

    /**
     * True when a finding of this rule would be listed: build it and pass it to {@link #add}. False when the rule is
     * past its cap: the finding has been counted and the caller builds nothing.
     */
    boolean accept(Rule rule, Severity severity) {
        int[] count = counts.computeIfAbsent(rule, k -> new int[1]);
        if (count[0] < Findings.PER_RULE) {
            count[0]++;
            return true;
        }
        findings.add(placeholders.computeIfAbsent(rule, r -> new Finding(r, severity, "", "")));
        return false;
    }

    void add(Finding finding) {
        findings.add(finding);
    }

    /** Shorthand for {@link #accept} then {@link #add} when the strings are already at hand. */
    void report(Rule rule, Severity severity, String location, String message) {
        if (accept(rule, severity)) {
            findings.add(new Finding(rule, severity, location, message));
        }
    }

    void error(Rule rule, String location, String message) {
        report(rule, Severity.ERROR, location, message);
    }

    long finish(String location) {
        return findings.finish(location);
    }
}
