package org.glimmr.common.payers;

import java.util.Locale;

/**
 * How a raw payer name reached its canonical payer; {@link #id()} is the value of {@code silver.payer_names.matched_by}.
 * <ul>
 *   <li>{@code exact}: the name's key equals the registry name (or id) of the payer;</li>
 *   <li>{@code alias}: it equals one of the payer's aliases;</li>
 *   <li>{@code pattern}: one of the payer's regular expressions matched, or the name starts with an alias
 *       (longest alias first), e.g. "Molina Healthcare of Michigan" by the alias "Molina Healthcare";</li>
 *   <li>{@code unmatched}: none of these, or two payers claimed the name: left for a person to review.</li>
 * </ul>
 */
public enum MatchedBy {
    EXACT,
    ALIAS,
    PATTERN,
    UNMATCHED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
