package org.glimmr.mrf.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.glimmr.mrf.CountingSink;
import org.glimmr.mrf.LocalByteSource;
import org.glimmr.mrf.Mrf;
import org.glimmr.mrf.MrfFile;
import org.glimmr.mrf.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 200 MB wide file with 2,000 payer/plan groups (18,000 payer columns) parsed into a sink that keeps nothing: the
 * heap still in use after a garbage collection, sampled during the parse, must stay far below the file's size, so
 * the reader holds one record at a time and nothing grows with the file.
 */
class CsvMemoryTest {
    private static final long FILE_BYTES = 200L << 20;
    private static final long MAX_RETAINED = 48L << 20;

    @TempDir
    Path dir;

    @Test
    void aHugeWideFileIsParsedInBoundedMemory() throws IOException {
        Path file = dir.resolve("wide.csv");
        long t0 = System.nanoTime();
        GeneratedCsv.Written written = GeneratedCsv.wide(file, 2_000, 30, FILE_BYTES, 3);
        long t1 = System.nanoTime();
        long baseline = CountingSink.usedAfterGc(1);

        MrfFile mrf = Mrf.open(new LocalByteSource(file));
        CountingSink sink = CountingSink.sampling(Math.max(1, written.rows() / 12));
        java.util.List<Split> splits = mrf.splits(64L << 20);
        long t2 = System.nanoTime();
        for (Split split : splits) {
            mrf.parse(split, sink);
        }
        long t3 = System.nanoTime();

        assertThat(written.bytes()).isGreaterThanOrEqualTo(FILE_BYTES);
        assertThat(sink.rows).isEqualTo(written.rows());
        assertThat(sink.rejected).isEqualTo(written.rejected());
        assertThat(sink.samples).isGreaterThanOrEqualTo(10);
        System.out.printf("memory: %d MB file, %d rows, heap after GC: baseline %d MB, peak %d MB"
                        + " (generate %.1f s, split scan %.1f s, parse with %d GCs %.1f s)%n", written.bytes() >> 20,
                sink.rows, baseline >> 20, sink.peakRetained >> 20, (t1 - t0) / 1e9, (t2 - t1) / 1e9, sink.samples,
                (t3 - t2) / 1e9);
        assertThat(sink.peakRetained - baseline).as("heap retained while parsing a %d MB file", written.bytes() >> 20)
                .isLessThan(MAX_RETAINED);
    }
}
