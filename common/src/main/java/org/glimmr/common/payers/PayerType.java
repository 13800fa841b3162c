package org.glimmr.common.payers;

import java.util.Locale;
import java.util.Optional;

/** The line of business of a payer; {@link #id()} is the value written to tables ({@code silver.payer_names.payer_type}). */
public enum PayerType {
    COMMERCIAL,
    MEDICARE,
    MEDICARE_ADVANTAGE,
    MEDICAID,
    MEDICAID_MANAGED_CARE,
    TRICARE,
    WORKERS_COMP,
    OTHER;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type for a lower-case id such as {@code medicare_advantage}; empty for anything else. */
    public static Optional<PayerType> fromId(String id) {
        for (PayerType t : values()) {
            if (t.id().equals(id)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
