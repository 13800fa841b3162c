package org.glimmr.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.glimmr.serving.data.Db;
import org.glimmr.serving.data.Rows;
import org.junit.jupiter.api.Test;

/** The row reader of the API's pages reads each column by its type, and gives exactly what the general path gives. */
class RowsReaderTest {
    private static final String SQL = "select v.* from (values"
            + " ('a'::text, 'b'::varchar, 'c'::char(3), 9007199254740993::bigint, 7::int, 3::smallint, 1.50::numeric, true, 'x'),"
            + " (null, null, null, null, null, null, null, null, 'y')"
            + ") as v(t, vc, ch, big, i, small, amount, flag, tag) order by tag";

    @Test
    void typedValuesEqualTheGeneralPathsNullsIncluded() throws Exception {
        try (TestingApi api = TestingApi.start(); Db db = new Db(api.database, api.config.api(), new SimpleMeterRegistry())) {
            // the driver sends values of a statement in binary from its fifth execution on: read both ways, text and binary
            for (int run = 0; run < 6; run++) {
                List<Map<String, Object>> typed = new ArrayList<>();
                for (Map<String, Object> row : db.list(SQL, List.of(), Rows.reader())) {
                    typed.add(new LinkedHashMap<>(row));
                }
                List<Map<String, Object>> general = db.list(SQL, List.of(), Rows::map);
                assertThat(typed).as("run " + run).isEqualTo(general);
                assertThat(typed.get(0)).containsEntry("t", "a").containsEntry("vc", "b").containsEntry("ch", "c  ")
                        .containsEntry("big", 9007199254740993L).containsEntry("i", 7).containsEntry("flag", true);
                assertThat(typed.get(0).get("amount")).isEqualTo(new BigDecimal("1.5"));
                assertThat(typed.get(1)).containsEntry("t", null).containsEntry("big", null).containsEntry("i", null)
                        .containsEntry("amount", null).containsEntry("tag", "y");
            }
        }
    }
}
