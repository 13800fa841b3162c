package org.glimmr.mrf.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CheckpointsTest {
    @Test
    void keepsOneOffsetPerGranuleAndAlwaysTheFirstElement() {
        Checkpoints checkpoints = new Checkpoints(100, 16);
        for (long element = 0; element < 10; element++) {
            checkpoints.offer(element, 7 + element * 30);
        }
        // offsets 7, 37, 67, 97, 127, 157, …: kept when at least 100 bytes after the last kept one
        assertThat(checkpoints.size()).isEqualTo(3);
        assertThat(new long[] {checkpoints.element(0), checkpoints.element(1), checkpoints.element(2)})
                .containsExactly(0, 4, 8);
        assertThat(new long[] {checkpoints.offset(0), checkpoints.offset(1), checkpoints.offset(2)})
                .containsExactly(7, 127, 247);
    }

    @Test
    void thinsItselfSoThatMemoryStaysBounded() {
        Checkpoints checkpoints = new Checkpoints(10, 8);
        for (long element = 0; element < 100_000; element++) {
            checkpoints.offer(element, element * 10);
        }
        assertThat(checkpoints.size()).isLessThanOrEqualTo(8).isGreaterThanOrEqualTo(4);
        assertThat(checkpoints.element(0)).isZero();
        assertThat(checkpoints.granularity()).isGreaterThanOrEqualTo(100_000L * 10 / 8);
        for (int i = 1; i < checkpoints.size(); i++) {
            assertThat(checkpoints.offset(i) - checkpoints.offset(i - 1)).isGreaterThanOrEqualTo(checkpoints.granularity() / 2);
            assertThat(checkpoints.element(i)).isGreaterThan(checkpoints.element(i - 1));
        }
    }

    @Test
    void dropsCheckpointsOfBrokenElements() {
        Checkpoints checkpoints = new Checkpoints(1, 16);
        for (long element = 0; element < 5; element++) {
            checkpoints.offer(element, element * 10);
        }
        checkpoints.truncateFrom(3);
        assertThat(checkpoints.size()).isEqualTo(3);
        assertThat(checkpoints.element(2)).isEqualTo(2);
    }
}
