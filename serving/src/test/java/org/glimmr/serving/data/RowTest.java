package org.glimmr.serving.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A {@link Row} reads and writes exactly like the LinkedHashMap it replaces on the hot path. */
class RowTest {
    private static final List<String> LABELS = List.of("rate_id", "hospital_name", "negotiated_dollar", "derived_dollar",
            "count", "payers", "quote\"d");

    private static Map<String, Object> expected(Object... values) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            m.put(LABELS.get(i), values[i]);
        }
        return m;
    }

    @Test
    void isTheSameMapAndTheSameJsonAsALinkedHashMap() throws Exception {
        Object[] values = {93818L, "Bench \"Hospital\" 218\n", new BigDecimal("51.49"), null, 7, List.of("a", "b"),
                new BigDecimal("1E+3")};
        Row row = new Row(new Row.Columns(LABELS), values.clone());
        Map<String, Object> map = expected(values);

        assertThat(row).isEqualTo(map);
        assertThat(row.keySet()).containsExactlyElementsOf(LABELS);
        assertThat(row.get("negotiated_dollar")).isEqualTo(new BigDecimal("51.49"));
        assertThat(row.containsKey("derived_dollar")).isTrue();
        assertThat(row.get("nope")).isNull();
        assertThat(Json.MAPPER.writeValueAsString(row)).isEqualTo(Json.MAPPER.writeValueAsString(map))
                .contains("\"negotiated_dollar\":51.49").contains("\"quote\\\"d\":1000");
        assertThat(Json.MAPPER.writeValueAsString(List.of(row, row)))
                .isEqualTo(Json.MAPPER.writeValueAsString(Arrays.asList(map, map)));
    }

    @Test
    void isReadOnlyAndRefusesMismatchedColumns() {
        Row row = new Row(new Row.Columns(List.of("a")), new Object[] {1});
        assertThatThrownBy(() -> row.put("a", 2)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new Row(new Row.Columns(List.of("a", "b")), new Object[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 values for 2 columns");
        assertThatThrownBy(() -> new Row.Columns(List.of("a", "a"))).hasMessageContaining("repeated column labels");
    }
}
