package org.glimmr.mrf.json;

import java.util.HashMap;
import java.util.Map;
import org.glimmr.mrf.Finding;
import org.glimmr.mrf.Findings;
import org.glimmr.mrf.Severity;

/**
 * Front of {@link Findings} that lets a caller skip building the location and message of a finding that would not
 * be listed anyway: {@link #accept} says whether to build it; past the cap it only counts (through a shared
 * placeholder finding, so {@link Findings#finish} still reports how many were left out).
 */
final class RuleSink {
    static final String REQUIRED = "Required";
    static final String TYPE = "Type";
    static final String MIN_LENGTH = "MinLength";
    static final String MIN_ITEMS = "MinItems";
    static final String ENUM = "Enum";
    static final String ANY_OF = "AnyOf";
    static final String PATTERN = "Pattern";
    static final String FORMAT = "Format";
    static final String CONST = "Const";
    static final String EXCLUSIVE_MINIMUM = "ExclusiveMinimum";
    static final String PLACEHOLDER_VALUE = "PlaceholderValue";
    static final String VERSION_MISMATCH = "VersionMismatch";
    static final String FALSE_ATTESTATION = "FalseAttestation";
    static final String NINE_NINES = "NineNines";
    static final String ESTIMATED_AMOUNT_IN_V3 = "EstimatedAmountInV3";
    static final String DUPLICATE_KEY = "DuplicateKey";
    static final String INVALID_JSON = "InvalidJson";
    /** Glimmr's own: a header key written after the charges of a file read in one pass. */
    static final String LATE_HEADER_KEY = "LateHeaderKey";

    private final Findings findings;
    private final Map<String, int[]> counts = new HashMap<>();
    private final Map<String, Finding> placeholders = new HashMap<>();

    RuleSink(Findings findings) {
        this.findings = findings;
    }

    /**
     * True when a finding of this rule would be listed: build it and pass it to {@link #add}. False when the rule is
     * past its cap: the finding has been counted and the caller builds nothing.
     */
    boolean accept(String rule, Severity severity) {
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
    void report(String rule, Severity severity, String location, String message) {
        if (accept(rule, severity)) {
            findings.add(new Finding(rule, severity, location, message));
        }
    }

    void error(String rule, String location, String message) {
        report(rule, Severity.ERROR, location, message);
    }

    long finish(String location) {
        return findings.finish(location);
    }
}
