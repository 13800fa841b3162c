package org.glimmr.generate;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A string with its CSV-cell and JSON-literal encodings, each computed on first use and then reused (a vocabulary
 * entry is encoded once per generator; a composed description once per item, and only in the layout's form).
 * The returned arrays must not be modified.
 */
final class Text {
    private final String value;
    private byte[] csv;
    private byte[] json;

    private Text(String value) {
        this.value = requireNonNull(value, "value is null");
    }

    static Text of(String value) {
        return new Text(value);
    }

    static List<Text> all(List<String> values) {
        return values.stream().map(Text::of).toList();
    }

    String value() {
        return value;
    }

    byte[] csv() {
        if (csv == null) {
            csv = Bytes.encodeCsv(value);
        }
        return csv;
    }

    byte[] json() {
        if (json == null) {
            json = Bytes.encodeJson(value);
        }
        return json;
    }

    @Override
    public String toString() {
        return value;
    }
}
