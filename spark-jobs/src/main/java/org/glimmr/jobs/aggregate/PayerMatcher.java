package org.glimmr.jobs.aggregate;

import java.io.Serializable;

/**
 * Maps a payer name as published to a canonical payer. Runs inside Spark tasks, once per distinct name, so it is
 * serialisable and cheap to call.
 */
@FunctionalInterface
public interface PayerMatcher extends Serializable {

    /** The canonical payer of a name, or an unmatched result (never null). */
    Match match(String payerName);

    /**
     * Names what this matcher matches with (the registry's content): an aggregate run whose matcher has another
     * fingerprint than the last run's rebuilds every table, since any name may now match otherwise.
     */
    default String fingerprint() {
        return "";
    }

    /**
     * @param normalizedName the name after the normalisation rules
     * @param canonicalId    the registry's payer id, null when unmatched
     * @param matchedBy      exact | alias | pattern | unmatched
     */
    record Match(String normalizedName, String canonicalId, String canonicalName, String payerType, String matchedBy) {}
}
