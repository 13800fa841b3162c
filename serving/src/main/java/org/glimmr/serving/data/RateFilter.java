package org.glimmr.serving.data;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Filters on {@code curated.negotiated_rates} shared by the price routes and the CSV export: a code (type and
 * code) and/or a hospital, then state, canonical payer, plan (case-insensitive), setting, and the group's billing
 * class and modifiers. Builds the WHERE clause from fixed fragments; every value is a bound parameter.
 */
public record RateFilter(Optional<String> codeType, Optional<String> code, Optional<String> hospitalId, Optional<String> state,
                         Optional<String> payer, Optional<String> plan, Optional<String> setting, GroupFilter group) {
    public RateFilter {
        requireNonNull(codeType, "codeType is null");
        requireNonNull(code, "code is null");
        requireNonNull(hospitalId, "hospitalId is null");
        requireNonNull(state, "state is null");
        requireNonNull(payer, "payer is null");
        requireNonNull(plan, "plan is null");
        requireNonNull(setting, "setting is null");
        requireNonNull(group, "group is null");
        if (codeType.isPresent() != code.isPresent()) {
            throw new IllegalArgumentException("code type and code go together");
        }
    }

    /** {@code r.a = ? and r.b = ? …} for the filters that are set, appending their values to {@code args}. */
    public String where(List<Object> args) {
        List<String> terms = new ArrayList<>();
        add(terms, args, "r.code_type = ?", codeType);
        add(terms, args, "r.code = ?", code);
        add(terms, args, "r.hospital_id = ?", hospitalId);
        add(terms, args, "r.state = ?", state);
        add(terms, args, "r.payer = ?", payer);
        add(terms, args, "lower(r.plan_name) = lower(?)", plan);
        add(terms, args, "r.setting = ?", setting);
        terms.addAll(group.terms("r.", args));
        return terms.isEmpty() ? "true" : String.join(" and ", terms);
    }

    private static void add(List<String> terms, List<Object> args, String term, Optional<String> value) {
        value.ifPresent(v -> {
            terms.add(term);
            args.add(v);
        });
    }

    public Object[] fingerprintParts() {
        return new Object[] {codeType, code, hospitalId, state, payer, plan, setting, group.billingClass(), group.modifiers()};
    }
}
