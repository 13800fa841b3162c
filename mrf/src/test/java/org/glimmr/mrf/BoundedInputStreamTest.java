package org.glimmr.mrf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class BoundedInputStreamTest {
    private static final byte[] TEN = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};

    @Test
    void bulkReadsStopAtTheBoundAndLeaveTheRestUnread() throws IOException {
        Below below = new Below(TEN);
        BoundedInputStream in = new BoundedInputStream(below, 4);
        byte[] buffer = new byte[8];
        assertThat(in.read(buffer, 0, 8)).as("a read asking past the bound gets up to it").isEqualTo(4);
        assertThat(buffer).startsWith(0, 1, 2, 3);
        assertThat(in.read(buffer, 0, 8)).as("at the bound").isEqualTo(-1);
        assertThat(below.position()).as("bytes taken from the stream below").isEqualTo(4);
    }

    @Test
    void singleByteReadsStopAtTheBound() throws IOException {
        Below below = new Below(TEN);
        BoundedInputStream in = new BoundedInputStream(below, 2);
        assertThat(in.read()).isEqualTo(0);
        assertThat(in.read()).isEqualTo(1);
        assertThat(in.read()).as("at the bound").isEqualTo(-1);
        assertThat(below.position()).isEqualTo(2);
    }

    @Test
    void readsAllOfAStreamShorterThanTheBound() throws IOException {
        BoundedInputStream in = new BoundedInputStream(new Below(TEN), 100);
        assertThat(in.readAllBytes()).isEqualTo(TEN);
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void aZeroLimitIsAnEmptyStream() throws IOException {
        Below below = new Below(TEN);
        BoundedInputStream in = new BoundedInputStream(below, 0);
        assertThat(in.read()).isEqualTo(-1);
        assertThat(in.read(new byte[4], 0, 4)).isEqualTo(-1);
        assertThat(in.available()).isZero();
        assertThat(below.position()).isZero();
    }

    @Test
    void aNegativeLimitIsRefused() {
        assertThatThrownBy(() -> new BoundedInputStream(new Below(TEN), -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void aReadOfZeroBytesReturnsZeroEvenAtTheBound() throws IOException {
        BoundedInputStream in = new BoundedInputStream(new Below(TEN), 1);
        assertThat(in.read(new byte[4], 0, 0)).isZero();
        assertThat(in.read()).isEqualTo(0);
        assertThat(in.read(new byte[4], 0, 0)).as("at the bound").isZero();
        assertThat(in.read(new byte[4], 0, 4)).as("at the bound").isEqualTo(-1);
    }

    @Test
    void skipCountsTowardsTheBoundAndStopsThere() throws IOException {
        Below below = new Below(TEN);
        BoundedInputStream in = new BoundedInputStream(below, 5);
        assertThat(in.skip(3)).isEqualTo(3);
        assertThat(in.skip(10)).as("only what is left before the bound").isEqualTo(2);
        assertThat(in.skip(10)).as("at the bound").isZero();
        assertThat(in.read()).isEqualTo(-1);
        assertThat(below.position()).isEqualTo(5);
    }

    @Test
    void skipOfNothingOrLessDoesNotMove() throws IOException {
        Below below = new Below(TEN);
        BoundedInputStream in = new BoundedInputStream(below, 5);
        assertThat(in.skip(0)).isZero();
        assertThat(in.skip(-3)).isZero();
        assertThat(below.position()).isZero();
        assertThat(in.read()).isEqualTo(0);
    }

    @Test
    void skipNBytesPastTheBoundFails() throws IOException {
        BoundedInputStream in = new BoundedInputStream(new Below(TEN), 3);
        in.skipNBytes(3);
        assertThat(in.read()).isEqualTo(-1);
        BoundedInputStream three = new BoundedInputStream(new Below(TEN), 3);
        assertThatThrownBy(() -> three.skipNBytes(4)).as("past the bound").isInstanceOf(EOFException.class);
    }

    @Test
    void availableIsAtMostWhatIsLeftBeforeTheBound() throws IOException {
        BoundedInputStream in = new BoundedInputStream(new Below(TEN), 4);
        assertThat(in.available()).isEqualTo(4);
        in.read();
        assertThat(in.available()).isEqualTo(3);
        BoundedInputStream wide = new BoundedInputStream(new Below(TEN), 100);
        assertThat(wide.available()).as("what the stream below has").isEqualTo(10);
        BoundedInputStream huge = new BoundedInputStream(new Below(TEN), Long.MAX_VALUE);
        assertThat(huge.available()).isEqualTo(10);
    }

    @Test
    void markAndResetAreNotSupportedAndNeverReachTheStreamBelow() throws IOException {
        Below below = new Below(TEN);
        BoundedInputStream in = new BoundedInputStream(below, 4);
        assertThat(in.markSupported()).isFalse();
        in.mark(100);
        assertThat(in.read()).isEqualTo(0);
        assertThatThrownBy(in::reset).isInstanceOf(IOException.class);
        assertThat(below.marks).isZero();
        assertThat(below.resets).isZero();
        assertThat(in.read(new byte[8], 0, 8)).as("the count stands: 3 left").isEqualTo(3);
    }

    @Test
    void closeClosesTheStreamBelow() throws IOException {
        Below below = new Below(TEN);
        new BoundedInputStream(below, 4).close();
        assertThat(below.closed).isTrue();
    }

    /** The stream below: a byte array that says how far it was read and what was asked of it. */
    private static final class Below extends ByteArrayInputStream {
        int marks;
        int resets;
        boolean closed;

        Below(byte[] bytes) {
            super(bytes);
        }

        long position() {
            return pos;
        }

        @Override
        public synchronized void mark(int readAheadLimit) {
            marks++;
            super.mark(readAheadLimit);
        }

        @Override
        public synchronized void reset() {
            resets++;
            super.reset();
        }

        @Override
        public void close() throws IOException {
            closed = true;
            super.close();
        }
    }
}
