package org.glimmr.common.payers;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.List;

/**
 * One canonical payer of the registry ({@code payers/payers.csv}).
 *
 * @param id       stable lower_snake id, the value of {@code canonical_payer} in the tables; never renamed
 * @param name     display name
 * @param type     its main line of business
 * @param parent   the group it belongs to (e.g. "Centene" for WellCare), empty when independent
 * @param aliases  other names as published, written naturally; they pass through the same rules as raw names
 * @param patterns regular expressions over the matching key (see {@link PayerNames#key}); {@code {state}} stands for
 *                 any US state name or code
 */
public record Payer(String id, String name, PayerType type, String parent, List<String> aliases, List<String> patterns)
        implements Serializable {
    public Payer {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(parent, "parent is null");
        aliases = List.copyOf(aliases);
        patterns = List.copyOf(patterns);
        if (!id.matches("[a-z0-9]+(_[a-z0-9]+)*")) {
            throw new IllegalArgumentException("payer id '" + id + "' is not lower_snake_case");
        }
    }
}
