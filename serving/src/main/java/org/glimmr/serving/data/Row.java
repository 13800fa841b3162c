package org.glimmr.serving.data;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One result row as a read-only map from column label to value, in column order. The labels are shared by every row
 * of a result and the values sit in an array, so a page of rates costs no hash map per row, and JSON is written
 * straight from the arrays with pre-encoded names (the hot path of the price routes).
 */
@JsonSerialize(using = Row.JsonWriter.class)
public final class Row extends AbstractMap<String, Object> {
    private final Columns columns;
    private final Object[] values;

    Row(Columns columns, Object[] values) {
        this.columns = requireNonNull(columns, "columns is null");
        this.values = requireNonNull(values, "values is null");
        if (values.length != columns.size()) {
            throw new IllegalArgumentException(values.length + " values for " + columns.size() + " columns");
        }
    }

    /** The column labels of one result, with their JSON-encoded forms and positions. */
    static final class Columns {
        /** How many shapes of result are kept: the API's statements have a few dozen; more are built each time. */
        private static final int KEPT = 256;
        private static final ConcurrentMap<List<String>, Columns> SHAPES = new ConcurrentHashMap<>();

        private final List<String> labels;
        private final SerializedString[] names;
        private final Map<String, Integer> positions;

        Columns(List<String> labels) {
            this.labels = List.copyOf(labels);
            this.names = new SerializedString[labels.size()];
            this.positions = new HashMap<>(labels.size() * 2);
            for (int i = 0; i < labels.size(); i++) {
                names[i] = new SerializedString(labels.get(i));
                positions.put(labels.get(i), i);
            }
            if (positions.size() != labels.size()) {
                throw new IllegalArgumentException("repeated column labels in " + labels);
            }
        }

        /**
         * The columns of a result with these labels: every result of one statement has the same, so they (and their
         * names, quoted for JSON once) are built once and shared, not again for every page.
         */
        static Columns of(List<String> labels) {
            Columns known = SHAPES.get(labels);
            if (known != null) {
                return known;
            }
            Columns built = new Columns(labels);
            if (SHAPES.size() < KEPT) {
                SHAPES.putIfAbsent(built.labels, built);
            }
            return built;
        }

        int size() {
            return labels.size();
        }
    }

    @Override
    public Object get(Object key) {
        Integer i = columns.positions.get(key);
        return i == null ? null : values[i];
    }

    @Override
    public boolean containsKey(Object key) {
        return columns.positions.containsKey(key);
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < values.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= values.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(columns.labels.get(i), values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return values.length;
            }
        };
    }

    /** Writes a row as a JSON object: the common value types directly, anything else through the mapper. */
    static final class JsonWriter extends StdSerializer<Row> {
        private static final long serialVersionUID = 1L;

        JsonWriter() {
            super(Row.class);
        }

        @Override
        public void serialize(Row row, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartObject(row);
            SerializedString[] names = row.columns.names;
            for (int i = 0; i < names.length; i++) {
                gen.writeFieldName(names[i]);
                Object v = row.values[i];
                if (v == null) {
                    gen.writeNull();
                } else if (v instanceof String s) {
                    gen.writeString(s);
                } else if (v instanceof BigDecimal d) {
                    gen.writeNumber(d);
                } else if (v instanceof Long l) {
                    gen.writeNumber(l);
                } else if (v instanceof Integer n) {
                    gen.writeNumber(n);
                } else {
                    provider.defaultSerializeValue(v, gen);
                }
            }
            gen.writeEndObject();
        }
    }
}
