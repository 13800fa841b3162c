package org.glimmr.mrf.json;

import java.util.List;
import java.util.Optional;
import org.glimmr.mrf.Rule;
import org.glimmr.mrf.Severity;

/** Schema checks on small {@link JsonValue}s (header keys, modifier elements), reporting to a {@link RuleSink}. */
final class ValueChecks {
    private final RuleSink out;
    private final String schema;

    /** @param schema the rule set's name for messages, e.g. {@code v3.0} */
    ValueChecks(RuleSink out, String schema) {
        this.out = out;
        this.schema = schema;
    }

    RuleSink out() {
        return out;
    }

    String schema() {
        return schema;
    }

    /** Reports each missing key of {@code object} (located at {@code location}) as Required. */
    void required(JsonValue object, String location, List<String> keys, String what) {
        for (String key : keys) {
            if (object.get(key) == null && out.accept(Rule.REQUIRED)) {
                out.add(new org.glimmr.mrf.Finding(Rule.REQUIRED, Severity.ERROR, location.isEmpty() ? "/" : location,
                        what + " has no \"" + key + "\", which the CMS " + schema + " JSON schema requires: add the key "
                                + "\"" + key + "\" with its value."));
            }
        }
    }

    /**
     * A string value: reports Type when it is not a string (a number or boolean is still read as its text) and
     * MinLength when {@code minLength} and it is empty. Returns the trimmed text; empty when absent or unreadable.
     */
    Optional<String> string(JsonValue value, String location, boolean minLength) {
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isString()) {
            out.error(Rule.TYPE, location, "the value at " + location + " is " + value.kind().label()
                    + " but must be string: write it in double quotes" + (value.isScalar() && value.kind() != JsonValue.Kind.NULL
                            ? " (\"" + value.text() + "\")." : ", or leave the key out when there is no value."));
            if (value.kind() == JsonValue.Kind.NUMBER || value.kind() == JsonValue.Kind.BOOLEAN) {
                return Optional.of(value.text());
            }
            return Optional.empty();
        }
        if (minLength && value.text().isEmpty()) {
            out.error(Rule.MIN_LENGTH, location, "the value at " + location + " is an empty string; the CMS "
                    + schema + " JSON schema wants at least one character: fill it in or leave the key out.");
        }
        String trimmed = value.text().strip();
        return trimmed.isEmpty() ? Optional.empty() : Optional.of(trimmed);
    }

    /** An enumerated string, compared case-sensitively as the CMS validator does. Returns the trimmed text. */
    Optional<String> enumString(JsonValue value, String location, java.util.Collection<String> allowed, String fix) {
        Optional<String> text = string(value, location, false);
        if (value != null && value.isString() && !allowed.contains(value.text())) {
            out.error(Rule.ENUM, location, "the value \"" + value.text() + "\" at " + location + " is not one of "
                    + String.join(", ", allowed) + " (CMS JSON enumerations are case-sensitive)" + fix);
        }
        return text;
    }

    /** A boolean; a string "true"/"false" is read (any case) with a Type finding. */
    Optional<Boolean> bool(JsonValue value, String location) {
        if (value == null) {
            return Optional.empty();
        }
        if (value.kind() == JsonValue.Kind.BOOLEAN) {
            return Optional.of(Boolean.parseBoolean(value.text()));
        }
        out.error(Rule.TYPE, location, "the value at " + location + " is " + value.kind().label()
                + " but must be boolean: write true or false without quotes.");
        String t = value.text().strip();
        if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
            return Optional.of(Boolean.parseBoolean(t.toLowerCase(java.util.Locale.ROOT)));
        }
        return Optional.empty();
    }

    /** Reports Type unless the value is an object; returns whether it is one. */
    boolean object(JsonValue value, String location) {
        if (value == null) {
            return false;
        }
        if (value.kind() != JsonValue.Kind.OBJECT) {
            out.error(Rule.TYPE, location, "the value at " + location + " is " + value.kind().label()
                    + " but must be object: write it as { … } with the keys the CMS " + schema + " JSON schema lists.");
            return false;
        }
        return true;
    }

    /** Reports Type unless the value is an array, and MinItems when it is empty. Returns whether it is an array. */
    boolean array(JsonValue value, String location, boolean minItems) {
        if (value == null) {
            return false;
        }
        if (value.kind() != JsonValue.Kind.ARRAY) {
            out.error(Rule.TYPE, location, "the value at " + location + " is " + value.kind().label()
                    + " but must be array: write it as [ … ].");
            return false;
        }
        if (minItems && value.items().isEmpty()) {
            out.error(Rule.MIN_ITEMS, location, "the array at " + location + " is empty; the CMS " + schema
                    + " JSON schema wants at least one item.");
        }
        return true;
    }
}
