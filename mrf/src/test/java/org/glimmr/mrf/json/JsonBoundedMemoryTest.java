package org.glimmr.mrf.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.glimmr.mrf.CountingSink;
import org.glimmr.mrf.LocalByteSource;
import org.glimmr.mrf.Mrf;
import org.glimmr.mrf.MrfFile;
import org.glimmr.mrf.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file far larger than what the parser may hold: the index stays small and the heap does not grow with it. */
class JsonBoundedMemoryTest {
    private static final long SIZE = 300L << 20;

    @TempDir
    Path dir;

    @Test
    void parsesA300MegabyteFileHoldingAFewThousandOffsets() throws IOException {
        Path path = dir.resolve("big.json");
        SyntheticJsonMrf.Written written = SyntheticJsonMrf.write(path, SIZE, false);
        assertThat(Files.size(path)).isGreaterThanOrEqualTo(SIZE);

        long before = CountingSink.usedAfterGc(3);
        MrfFile file = Mrf.open(new LocalByteSource(path));
        CountingSink sink = new CountingSink();
        List<Split> splits = file.splits(64L << 20);
        for (Split split : splits) {
            file.parse(split, sink);
        }
        long after = CountingSink.usedAfterGc(3);

        assertThat(sink.rows).isEqualTo(written.rows());
        assertThat(sink.rejected).isZero();
        assertThat(sink.findings).isZero();
        assertThat(splits).hasSizeBetween(4, 6);
        assertThat(((JsonMrfFile) file).checkpointCount()).isBetween(2, Checkpoints.DEFAULT_CAPACITY);
        assertThat(after - before).as("heap held after scanning and parsing %d bytes", Files.size(path))
                .isLessThan(16L << 20);
    }
}
