package org.glimmr.serving.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A cursor belongs to one query: its filters' fingerprint, its load and its number of keys. */
class CursorTest {
    @Test
    void anEmptyFilterValueIsNotTheAbsentFilter() {
        // modifiers=none is the value "", whose hash code is that of no filter at all
        assertThat(Cursor.fingerprint("prices", false, new Object[] {Optional.of("CPT"), Optional.of("")}))
                .isNotEqualTo(Cursor.fingerprint("prices", false, new Object[] {Optional.of("CPT"), Optional.empty()}));
        assertThat(Cursor.fingerprint("prices", false, new Object[] {Optional.of("CPT"), Optional.of("")}))
                .isEqualTo(Cursor.fingerprint("prices", false, new Object[] {Optional.of("CPT"), Optional.of("")}));
    }

    @Test
    void aCursorIsReadBackOnlyByItsQuery() {
        String encoded = new Cursor("f1", "run-1", List.of("98.1", "h-or-1", "3")).encode();

        assertThat(Cursor.decode(Optional.of(encoded), "f1", 3)).hasValueSatisfying(c -> {
            assertThat(c.load()).isEqualTo("run-1");
            assertThat(c.keys()).containsExactly("98.1", "h-or-1", "3");
        });
        assertThatThrownBy(() -> Cursor.decode(Optional.of(encoded), "f2", 3)).isInstanceOfSatisfying(Problem.class,
                p -> assertThat(p.detail()).contains("other filters"));
        assertThatThrownBy(() -> Cursor.decode(Optional.of(encoded), "f1", 2)).isInstanceOfSatisfying(Problem.class,
                p -> assertThat(p.status()).isEqualTo(400));
    }
}
