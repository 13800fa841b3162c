package org.glimmr.common.payers;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/**
 * What the registry made of one raw payer name; the fields are the columns of {@code silver.payer_names}.
 * When {@link #matchedBy} is {@code UNMATCHED}, {@code canonicalId}, {@code canonicalName} and {@code payerType} are
 * null (the table's "null = unmatched"); otherwise all three are set.
 *
 * @param payerName      the name as published
 * @param normalizedName the name after the normalisation rules ({@link PayerNames#normalize})
 * @param payerType      the line of business: the payer's, or for a commercial payer one the name states
 *                       ("Aetna Medicare" is {@code medicare_advantage}, see {@link PayerNames#lineOfBusiness})
 */
public record PayerMatch(String payerName, String normalizedName, String canonicalId, String canonicalName,
                         PayerType payerType, MatchedBy matchedBy) implements Serializable {
    public PayerMatch {
        requireNonNull(payerName, "payerName is null");
        requireNonNull(normalizedName, "normalizedName is null");
        requireNonNull(matchedBy, "matchedBy is null");
        boolean unmatched = matchedBy == MatchedBy.UNMATCHED;
        if (unmatched != (canonicalId == null) || unmatched != (canonicalName == null) || unmatched != (payerType == null)) {
            throw new IllegalArgumentException("a match has id, name and type; an unmatched name has none: " + canonicalId
                    + ", " + canonicalName + ", " + payerType + ", " + matchedBy);
        }
    }

    static PayerMatch unmatched(String payerName, String normalizedName) {
        return new PayerMatch(payerName, normalizedName, null, null, null, MatchedBy.UNMATCHED);
    }

    public boolean matched() {
        return matchedBy != MatchedBy.UNMATCHED;
    }

    /** {@link PayerType#id()} of the type, null when unmatched: the {@code payer_type} column. */
    public String payerTypeId() {
        return payerType == null ? null : payerType.id();
    }

    /** {@link MatchedBy#id()}: the {@code matched_by} column. */
    public String matchedById() {
        return matchedBy.id();
    }
}
