package org.glimmr.mrf.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextPoolTest {
    private static TextPool.Entry get(TextPool pool, String text) {
        char[] padded = ("xx" + text + "yy").toCharArray();
        return pool.get(padded, 2, text.length());
    }

    @Test
    void foldsChecksAndRemembersEachValueOnce() {
        TextPool pool = new TextPool(TextPool.Fold.LOWER, List.of("inpatient", "outpatient", "both")::contains);

        TextPool.Entry exact = get(pool, "inpatient");
        TextPool.Entry padded = get(pool, " Inpatient ");
        TextPool.Entry blank = get(pool, "  ");

        assertThat(get(pool, "inpatient")).isSameAs(exact);
        assertThat(exact.value).isEqualTo("inpatient");
        assertThat(exact.allowed).isTrue();
        assertThat(padded.raw).isEqualTo(" Inpatient ");
        assertThat(padded.value).isEqualTo("inpatient");
        assertThat(padded.optional).contains("inpatient");
        assertThat(padded.allowed).isFalse();
        assertThat(blank.value).isNull();
        assertThat(blank.optional).isEmpty();
    }

    @Test
    void tellsApartValuesThatShareTheirEndsAndStopsRememberingWhenFull() {
        TextPool pool = new TextPool(TextPool.Fold.NONE, text -> true);
        for (int i = 0; i < TextPool.MAX_ENTRIES; i++) {
            assertThat(get(pool, "Plan " + i + " of the same long name, Inc.").value)
                    .isEqualTo("Plan " + i + " of the same long name, Inc.");
        }
        assertThat(get(pool, "one more")).isNull();
        assertThat(get(pool, "Plan 7 of the same long name, Inc.").raw).isEqualTo("Plan 7 of the same long name, Inc.");
    }

    @Test
    void theHashIsLengthThenTheFirstAndLastFourCharacters() {
        for (int length = 0; length <= 20; length++) {
            String text = "abcdefghijklmnopqrstuvwxyz".substring(0, length);
            char[] padded = ("xx" + text + "yy").toCharArray();
            int expected = length;
            for (int i = 0; i < length; i++) {
                if (i < 4 || i >= Math.max(4, length - 4)) {
                    expected = 31 * expected + text.charAt(i);
                }
            }
            assertThat(TextPool.hash(padded, 2, length)).as("length %d", length).isEqualTo(expected);
        }
    }
}
