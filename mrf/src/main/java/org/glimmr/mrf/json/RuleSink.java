package org.glimmr.mrf.json;

import org.glimmr.mrf.Finding;
import org.glimmr.mrf.Findings;
import org.glimmr.mrf.Rule;
import org.glimmr.mrf.Severity;

/**
 * Front of {@link Findings} for the JSON checks: {@link #accept} says whether to build a finding at all (past its
 * rule's cap it is only counted, see {@link Findings#accept}), {@link #report} and {@link #error} build and add one
 * when the strings are already at hand.
 */
final class RuleSink {
    private final Findings findings;

    RuleSink(Findings findings) {
        this.findings = findings;
    }

    /**
     * True when a finding of this rule would be listed: build it and pass it to {@link #add}. False when the rule is
     * past its cap: the finding has been counted and the caller builds nothing.
     */
    boolean accept(Rule rule) {
        return findings.accept(rule);
    }

    void add(Finding finding) {
        findings.add(finding);
    }

    /** Shorthand for {@link #accept} then {@link #add} when the strings are already at hand. */
    void report(Rule rule, Severity severity, String location, String message) {
        if (accept(rule)) {
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
