package org.glimmr.mrf.json;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON value read from one top-level header key ({@code hospital_name}, {@code license_information}, …) or
 * one {@code modifier_information} element. Bounded: at most {@link #MAX_ITEMS} items or keys per container and
 * {@link #MAX_DEPTH} levels; never used for {@code standard_charge_information}.
 *
 * @param text the string, or the number / boolean literal; empty for null and containers
 */
record JsonValue(Kind kind, String text, List<JsonValue> items, Map<String, JsonValue> fields) {
    static final int MAX_ITEMS = 10_000;
    static final int MAX_DEPTH = 8;

    enum Kind {
        STRING("a string"), NUMBER("a number"), BOOLEAN("a boolean"), NULL("null"), ARRAY("an array"), OBJECT("an object");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    JsonValue {
        requireNonNull(kind, "kind is null");
        requireNonNull(text, "text is null");
        items = Collections.unmodifiableList(items);
        fields = Collections.unmodifiableMap(fields);
    }

    static JsonValue string(String text) {
        return new JsonValue(Kind.STRING, text, List.of(), Map.of());
    }

    boolean isString() {
        return kind == Kind.STRING;
    }

    boolean isScalar() {
        return kind != Kind.ARRAY && kind != Kind.OBJECT;
    }

    /** The value of a key of an object; null when absent or when this is not an object. */
    JsonValue get(String key) {
        return fields.get(key);
    }

    /** Reads the value whose first token is the parser's current token, leaving the parser on its last token. */
    static JsonValue read(JsonParser p) throws IOException {
        return read(p, 0);
    }

    private static JsonValue read(JsonParser p, int depth) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case VALUE_STRING:
                return string(p.getText());
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new JsonValue(Kind.NUMBER, p.getText(), List.of(), Map.of());
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new JsonValue(Kind.BOOLEAN, p.getText(), List.of(), Map.of());
            case VALUE_NULL:
                return new JsonValue(Kind.NULL, "", List.of(), Map.of());
            case START_ARRAY: {
                if (depth >= MAX_DEPTH) {
                    p.skipChildren();
                    return new JsonValue(Kind.ARRAY, "", List.of(), Map.of());
                }
                List<JsonValue> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    if (items.size() < MAX_ITEMS) {
                        items.add(read(p, depth + 1));
                    } else {
                        p.skipChildren();
                    }
                }
                return new JsonValue(Kind.ARRAY, "", items, Map.of());
            }
            case START_OBJECT: {
                if (depth >= MAX_DEPTH) {
                    p.skipChildren();
                    return new JsonValue(Kind.OBJECT, "", List.of(), Map.of());
                }
                Map<String, JsonValue> fields = new LinkedHashMap<>();
                String name;
                while ((name = p.nextFieldName()) != null) {
                    p.nextToken();
                    if (fields.size() < MAX_ITEMS) {
                        fields.put(name, read(p, depth + 1));
                    } else {
                        p.skipChildren();
                    }
                }
                return new JsonValue(Kind.OBJECT, "", List.of(), fields);
            }
            default:
                throw new IllegalStateException("not at a value: " + t);
        }
    }
}
