package org.glimmr.mrf.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.glimmr.mrf.Split;
import org.junit.jupiter.api.Test;

/**
 * The splitting scan against the tokenizer it replaced (the reference below is the old splitting loop): the same
 * splits, offsets and first lines, for random bytes made of the only characters that matter ({@code a , " CR LF})
 * and for CSV-like records with quoted line ends, {@code ""}, text after a closing quote and stray quotes, read in
 * pieces of every small size so that each case also falls across two reads.
 */
class CsvRecordBoundariesTest {
    /** The old CsvMrfFile.splits loop over the data part, with the tokenizer. */
    private static List<Split> reference(byte[] bytes, int start, long firstLine, long target) throws IOException {
        CsvTokenizer t = new CsvTokenizer(new ByteArrayInputStream(bytes, start, bytes.length - start), firstLine, start,
                false);
        List<Split> splits = new ArrayList<>();
        long from = start;
        long line = firstLine;
        while (t.next()) {
            if (t.startOffset() - from >= target) {
                splits.add(new Split(splits.size(), from, t.startOffset(), line, 0));
                from = t.startOffset();
                line = t.line();
            }
        }
        splits.add(new Split(splits.size(), from, Long.MAX_VALUE, line, 0));
        return splits;
    }

    private static List<Split> scanned(byte[] bytes, int start, long firstLine, long target, int readBytes)
            throws IOException {
        return CsvRecordBoundaries.splits(new ByteArrayInputStream(bytes, start, bytes.length - start), start, firstLine,
                bytes.length, target, readBytes);
    }

    private static void agree(byte[] bytes, int start, long target, String what) throws IOException {
        List<Split> expected = reference(bytes, start, 3, target);
        for (int readBytes : new int[] {1, 2, 3, 7, 8, 9, 16, 64, 1 << 16}) {
            assertThat(scanned(bytes, start, 3, target, readBytes))
                    .as("%s, target %d, reads of %d: %s", what, target, readBytes,
                            new String(bytes, StandardCharsets.ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n"))
                    .isEqualTo(expected);
        }
    }

    @Test
    void randomBytesOfTheCharactersThatMatterSplitAsTheTokenizerSplitsThem() throws IOException {
        Random random = new Random(17);
        byte[] alphabet = {'a', 'b', ',', ',', '"', '"', '\n', '\r'};
        for (int round = 0; round < 3000; round++) {
            byte[] bytes = new byte[random.nextInt(120)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = alphabet[random.nextInt(alphabet.length)];
            }
            int start = bytes.length == 0 ? 0 : random.nextInt(Math.min(bytes.length, 5) + 1);
            agree(bytes, start, 1 + random.nextInt(30), "random " + round);
        }
    }

    @Test
    void csvLikeRecordsSplitAsTheTokenizerSplitsThem() throws IOException {
        Random random = new Random(23);
        String[] fields = {"plain", "", "ab\"c", "\"quoted, with comma\"", "\"with \"\"escaped\"\" quotes\"",
                "\"line\nend\"", "\"crlf\r\ninside\"", "\"cr\ronly\"", "\"closed\"then text", "\"\"", "\"\"\"\"",
                "12.50", " spaced "};
        String[] ends = {"\n", "\r\n", "\r", "\n\n", "\r\n\r\n"};
        for (int round = 0; round < 400; round++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int records = random.nextInt(40);
            for (int r = 0; r < records; r++) {
                int cells = 1 + random.nextInt(5);
                for (int c = 0; c < cells; c++) {
                    out.writeBytes((c > 0 ? "," : "").getBytes(StandardCharsets.UTF_8));
                    out.writeBytes(fields[random.nextInt(fields.length)].getBytes(StandardCharsets.UTF_8));
                }
                if (r < records - 1 || random.nextBoolean()) {
                    out.writeBytes(ends[random.nextInt(ends.length)].getBytes(StandardCharsets.UTF_8));
                }
            }
            if (random.nextInt(10) == 0) {
                out.writeBytes("\"never closed, to the end\nof the file".getBytes(StandardCharsets.UTF_8));
            }
            agree(out.toByteArray(), 0, 1 + random.nextInt(200), "records " + round);
        }
    }

    @Test
    void aLargeTargetGivesOneSplitAndAQuotedLineEndIsNotABoundary() throws IOException {
        byte[] bytes = "a,\"x\ny\"\nb,c\n".getBytes(StandardCharsets.UTF_8);
        assertThat(scanned(bytes, 0, 2, 1 << 20, 1 << 16)).containsExactly(new Split(0, 0, Long.MAX_VALUE, 2, 0));
        // target 1: a split at each record start; the quoted LF counts as a line but not as a boundary
        assertThat(scanned(bytes, 0, 2, 1, 1 << 16)).containsExactly(
                new Split(0, 0, 8, 2, 0), new Split(1, 8, Long.MAX_VALUE, 4, 0));
    }
}
