package org.glimmr.mrf.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The guessed key order is only a shortcut: every object's keys come back right, in whatever order and mix. */
class KeyOrderTest {
    private static final List<String> KEYS = List.of("payer_name", "plan_name", "methodology", "standard_charge_dollar",
            "standard_charge_percentage", "count");

    private static List<String> readKeys(KeyOrder order, JsonParser p) throws IOException {
        assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
        List<String> seen = new ArrayList<>();
        int key = order.start();
        while ((key = order.next(p, key)) != KeyOrder.END) {
            p.nextToken();
            seen.add(key == order.other() ? "?" + p.currentName() : order.name(key));
            p.skipChildren();
        }
        assertThat(p.currentToken()).isEqualTo(JsonToken.END_OBJECT);
        return seen;
    }

    @Test
    void keysComeBackRightWhateverTheirOrderAndHowOftenTheGuessIsWrong() throws IOException {
        List<List<String>> objects = List.of(
                List.of("payer_name", "plan_name", "methodology", "standard_charge_dollar"),
                List.of("payer_name", "plan_name", "methodology", "standard_charge_percentage", "count"),
                List.of("payer_name", "plan_name", "methodology", "standard_charge_dollar"),
                List.of("payer_name", "plan_name", "methodology", "standard_charge_percentage", "count"),
                List.of("payer_name", "plan_name", "methodology", "standard_charge_percentage", "count"),
                List.of("count", "methodology", "payer_name", "extra", "plan_name"),
                List.of("payer_name", "plan_name", "methodology", "standard_charge_dollar"),
                List.of(),
                List.of("plan_name", "payer_name"));
        StringBuilder json = new StringBuilder();
        for (List<String> keys : objects) {
            json.append('{');
            for (int i = 0; i < keys.size(); i++) {
                json.append(i == 0 ? "" : ",").append('"').append(keys.get(i)).append("\": {\"nested\": [1, 2]}");
            }
            json.append('}');
        }
        KeyOrder order = new KeyOrder(KEYS);
        try (JsonParser p = new JsonFactory().createParser(json.toString())) {
            for (List<String> keys : objects) {
                List<String> expected = keys.stream().map(k -> KEYS.contains(k) ? k : "?" + k).toList();
                assertThat(readKeys(order, p)).isEqualTo(expected);
            }
        }
    }
}
