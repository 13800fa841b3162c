package org.glimmr.serving.data;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Filters on what makes a comparable group besides the code and setting: the billing class and the modifiers, each
 * an exact match of the curated value ({@code modifiers} as stored: sorted, ',' joined, {@code ""} for none). Prices
 * are compared only within one group: a professional and a facility fee, or the -26 and -TC variants of a code, are
 * different groups, and {@code 26} does not match {@code 26,TC}.
 */
public record GroupFilter(Optional<String> billingClass, Optional<String> modifiers) {
    /** No filter: every group. */
    public static final GroupFilter ANY = new GroupFilter(Optional.empty(), Optional.empty());

    public GroupFilter {
        requireNonNull(billingClass, "billingClass is null");
        requireNonNull(modifiers, "modifiers is null");
    }

    /** {@code <alias>billing_class = ?} and {@code <alias>modifiers = ?} for the filters that are set, their values appended to {@code args}. */
    List<String> terms(String alias, List<Object> args) {
        List<String> terms = new ArrayList<>(2);
        billingClass.ifPresent(b -> {
            terms.add(alias + "billing_class = ?");
            args.add(b);
        });
        modifiers.ifPresent(m -> {
            terms.add(alias + "modifiers = ?");
            args.add(m);
        });
        return terms;
    }

    /** The same terms, each after {@code " and "}, for a WHERE clause that already has a condition. */
    String and(String alias, List<Object> args) {
        StringBuilder sql = new StringBuilder();
        terms(alias, args).forEach(t -> sql.append(" and ").append(t));
        return sql.toString();
    }
}
