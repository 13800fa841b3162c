package org.glimmr.mrf.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.glimmr.mrf.CollectingSink;
import org.glimmr.mrf.LocalByteSource;
import org.glimmr.mrf.Mrf;
import org.glimmr.mrf.MrfFile;
import org.glimmr.mrf.Split;
import org.glimmr.mrf.csv.CsvTesting.Parsed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvSplitTest {
    private static final long SMALL_SPLIT = 64 * 1024;

    @TempDir
    Path dir;

    @Test
    void aTallFileGivesTheSameRowsInSmallSplitsAsInOne() throws IOException {
        Path file = dir.resolve("tall.csv");
        GeneratedCsv.Written written = GeneratedCsv.tall(file, 3_000_000, 7);

        checkSplitsAgree(file, written);
    }

    @Test
    void aWideFileGivesTheSameRowsInSmallSplitsAsInOne() throws IOException {
        Path file = dir.resolve("wide.csv");
        GeneratedCsv.Written written = GeneratedCsv.wide(file, 60, 6, 3_000_000, 11);

        checkSplitsAgree(file, written);
    }

    private void checkSplitsAgree(Path file, GeneratedCsv.Written written) throws IOException {
        Parsed whole = CsvTesting.parse(file, Long.MAX_VALUE);
        Parsed split = CsvTesting.parse(file, SMALL_SPLIT);

        assertThat(whole.splits()).hasSize(1);
        assertThat(split.splits().size()).isGreaterThan((int) (written.bytes() / SMALL_SPLIT) - 2);
        assertThat(split.rows()).as("rows, with their source lines").isEqualTo(whole.rows());
        assertThat(split.rejected()).isEqualTo(whole.rejected());
        assertThat(split.rows()).hasSize((int) written.rows());
        assertThat(split.rejected()).hasSize((int) written.rejected());
        assertThat(split.stats().rows()).isEqualTo(written.rows());
        assertThat(split.stats().rejected()).isEqualTo(written.rejected());
        assertThat(split.stats().encodingRepairs()).isEqualTo(written.repairs());
        assertThat(whole.stats().encodingRepairs()).isEqualTo(written.repairs());
        assertSplitsTileTheData(file, split.splits());
    }

    /** Splits are contiguous, start on record boundaries, and each firstLine is the physical line at its start. */
    private static void assertSplitsTileTheData(Path file, List<Split> splits) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        for (int i = 0; i < splits.size(); i++) {
            Split s = splits.get(i);
            assertThat(s.index()).isEqualTo(i);
            assertThat(s.firstLine()).as("split %d first line", i).isEqualTo(lineAt(bytes, s.start()));
            assertThat(bytes[(int) s.start() - 1]).as("split %d starts after a line end", i).isIn((byte) '\n', (byte) '\r');
            if (i + 1 < splits.size()) {
                assertThat(s.end()).isEqualTo(splits.get(i + 1).start());
            } else {
                assertThat(s.end()).isEqualTo(Long.MAX_VALUE);
            }
        }
        // every split parsed alone starts its rows at or after its first line
        MrfFile mrf = Mrf.open(new LocalByteSource(file));
        for (Split s : splits) {
            CollectingSink sink = new CollectingSink();
            mrf.parse(s, sink);
            if (!sink.rows.isEmpty()) {
                assertThat(sink.rows.get(0).sourceLine().orElseThrow()).isGreaterThanOrEqualTo(s.firstLine());
            }
        }
    }

    /** 1 + the line breaks (LF, CRLF or lone CR) before {@code offset}. */
    private static long lineAt(byte[] bytes, long offset) {
        long line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n'))) {
                line++;
            }
        }
        return line;
    }
}
