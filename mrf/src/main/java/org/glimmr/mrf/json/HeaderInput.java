package org.glimmr.mrf.json;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.glimmr.mrf.Finding;

/**
 * What the scan saw of a file's top level, for {@link HeaderRules}.
 *
 * @param values          the header keys read (hospital_name, license_information, …)
 * @param keys            every top-level key seen
 * @param chargesKind     the kind of the {@code standard_charge_information} value; empty when the key is absent
 * @param elementCount    how many elements that array has (complete ones when the scan broke inside it)
 * @param v3Hint          the first elements use v3-only keys (count, median_amount, …)
 * @param v2Hint          the first elements use {@code estimated_amount}
 * @param modifierV2      findings on {@code modifier_information} under the v2.2 rules
 * @param modifierV3      the same under the v3.0 rules
 * @param complete        the scan reached the end of the top-level value (no syntax error)
 * @param other           findings that do not depend on the version (duplicate keys, trailing text)
 */
record HeaderInput(
        Map<String, JsonValue> values,
        Set<String> keys,
        Optional<JsonValue.Kind> chargesKind,
        long elementCount,
        boolean v3Hint,
        boolean v2Hint,
        List<Finding> modifierV2,
        List<Finding> modifierV3,
        boolean complete,
        List<Finding> other) {
    HeaderInput {
        values = Map.copyOf(values);
        keys = Set.copyOf(keys);
        requireNonNull(chargesKind, "chargesKind is null");
        modifierV2 = List.copyOf(modifierV2);
        modifierV3 = List.copyOf(modifierV3);
        other = List.copyOf(other);
    }
}
