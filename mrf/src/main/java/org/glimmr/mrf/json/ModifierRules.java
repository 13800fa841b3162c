package org.glimmr.mrf.json;

import java.util.List;
import org.glimmr.mrf.Rule;

/**
 * The rules of the top-level {@code modifier_information} array (v2.2 and v3.0 schemas), checked one element at a
 * time while the file is scanned. Nothing of it is stored: the canonical rows carry modifiers from
 * {@code standard_charges.modifier_code}.
 */
final class ModifierRules {
    private static final List<String> REQUIRED = List.of("description", "modifier_payer_information", "code");
    private static final List<String> PAYER_REQUIRED = List.of("payer_name", "plan_name", "description");

    private final ValueChecks checks;
    private final boolean v3;

    ModifierRules(ValueChecks checks, boolean v3) {
        this.checks = checks;
        this.v3 = v3;
    }

    /** The array itself is not an array (a scalar or object): reported once. */
    void notAnArray(JsonValue.Kind kind) {
        checks.out().error(Rule.TYPE, "/modifier_information", "the value at /modifier_information is "
                + kind.label() + " but must be array: write it as [ { \"description\": …, \"code\": …, "
                + "\"modifier_payer_information\": [ … ] } ].");
    }

    /** The array ended with {@code count} elements. */
    void end(long count) {
        if (v3 && count == 0) {
            checks.out().error(Rule.MIN_ITEMS, "/modifier_information", "the array at /modifier_information is "
                    + "empty; the CMS v3.0 JSON schema wants at least one item: leave the key out when there are no "
                    + "modifiers.");
        }
    }

    void element(JsonValue element, long index) {
        String loc = "/modifier_information/" + index;
        if (!checks.object(element, loc)) {
            return;
        }
        checks.required(element, loc, REQUIRED, "the modifier at " + loc);
        checks.string(element.get("description"), loc + "/description", true);
        checks.string(element.get("code"), loc + "/code", true);
        if (v3 && element.get("setting") != null) {
            checks.enumString(element.get("setting"), loc + "/setting", CmsJsonSchema.SETTINGS,
                    ": write inpatient, outpatient or both in lower case.");
        }
        JsonValue payers = element.get("modifier_payer_information");
        if (checks.array(payers, loc + "/modifier_payer_information", true)) {
            List<JsonValue> items = payers.items();
            for (int k = 0; k < items.size(); k++) {
                String payerLoc = loc + "/modifier_payer_information/" + k;
                JsonValue payer = items.get(k);
                if (!checks.object(payer, payerLoc)) {
                    continue;
                }
                checks.required(payer, payerLoc, PAYER_REQUIRED, "the modifier payer at " + payerLoc);
                for (String key : PAYER_REQUIRED) {
                    checks.string(payer.get(key), payerLoc + "/" + key, true);
                }
            }
        }
    }
}
