package org.glimmr.mrf.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CsvTokenizerTest {
    /** One record as the tokenizer saw it. */
    record Rec(long line, List<String> cells, boolean blank, boolean malformed, long start, long end) {}

    private static List<Rec> tokenize(byte[] bytes, boolean oneByteAtATime) throws IOException {
        InputStream in = oneByteAtATime ? new TrickleStream(bytes) : new ByteArrayInputStream(bytes);
        CsvTokenizer t = new CsvTokenizer(in, 1, 0);
        List<Rec> recs = new ArrayList<>();
        while (t.next()) {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < t.size(); i++) {
                cells.add(t.cell(i));
            }
            recs.add(new Rec(t.line(), cells, t.blank(), t.malformed(), t.startOffset(), t.endOffset()));
        }
        return recs;
    }

    private static List<Rec> tokenize(String text) throws IOException {
        return tokenize(text.getBytes(StandardCharsets.UTF_8), false);
    }

    @Test
    void quotedCellsWithCommasQuotesAndLineBreaks() throws IOException {
        List<Rec> recs = tokenize("a,\"b, c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",x\r\nlast,\"\"");

        assertThat(recs).extracting(Rec::cells).containsExactly(
                List.of("a", "b, c", "say \"hi\""),
                List.of("two\nlines", "x"),
                List.of("last", ""));
        assertThat(recs).extracting(Rec::line).containsExactly(1L, 2L, 4L);
    }

    @Test
    void lineEndsLfCrlfAndLoneCrMixed() throws IOException {
        List<Rec> recs = tokenize("a,1\nb,2\r\nc,3\rd,4\n");

        assertThat(recs).extracting(r -> r.cells().get(0)).containsExactly("a", "b", "c", "d");
        assertThat(recs).extracting(Rec::line).containsExactly(1L, 2L, 3L, 4L);
        assertThat(recs).extracting(r -> r.cells().get(1)).containsExactly("1", "2", "3", "4");
    }

    @Test
    void lineBreaksInsideQuotesCountAsPhysicalLines() throws IOException {
        List<Rec> recs = tokenize("\"x\r\ny\rz\nw\",1\nnext,2\n");

        assertThat(recs.get(0).cells().get(0)).isEqualTo("x\r\ny\rz\nw");
        assertThat(recs).extracting(Rec::line).containsExactly(1L, 5L);
    }

    @Test
    void fullyQuotedRowsIncludingEmptyCells() throws IOException {
        List<Rec> recs = tokenize("\"a\",\"\",\"c\"\n\"\",\"\",\"\"\n");

        assertThat(recs.get(0).cells()).containsExactly("a", "", "c");
        assertThat(recs.get(0).blank()).isFalse();
        assertThat(recs.get(1).cells()).containsExactly("", "", "");
        assertThat(recs.get(1).blank()).isTrue();
    }

    @Test
    void blankLinesAreBlankRecordsAndCellsAreTrimmed() throws IOException {
        List<Rec> recs = tokenize("a , b \n\n  ,  \nc\n");

        assertThat(recs).extracting(Rec::blank).containsExactly(false, true, true, false);
        assertThat(recs.get(0).cells()).containsExactly("a", "b");
        assertThat(recs).extracting(Rec::line).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void trailingCommaGivesAnEmptyLastCellAndNoFinalLineEndIsFine() throws IOException {
        List<Rec> recs = tokenize("a,b,\nc,d");

        assertThat(recs.get(0).cells()).containsExactly("a", "b", "");
        assertThat(recs.get(1).cells()).containsExactly("c", "d");
    }

    @Test
    void quoteInsideAnUnquotedCellIsData() throws IOException {
        List<Rec> recs = tokenize("12\" monitor,x\n\"quoted\"tail,y\n");

        assertThat(recs.get(0).cells()).containsExactly("12\" monitor", "x");
        assertThat(recs.get(1).cells()).containsExactly("quotedtail", "y");
    }

    @Test
    void unterminatedQuoteAtEndOfInputIsMalformedWithItsRawText() throws IOException {
        byte[] bytes = "ok,1\nbad,\"never closed\nmore text\n".getBytes(StandardCharsets.UTF_8);
        CsvTokenizer t = new CsvTokenizer(new ByteArrayInputStream(bytes), 1, 0);

        assertThat(t.next()).isTrue();
        assertThat(t.malformed()).isFalse();
        assertThat(t.next()).isTrue();
        assertThat(t.malformed()).isTrue();
        assertThat(t.line()).isEqualTo(2);
        assertThat(t.raw()).isEqualTo("bad,\"never closed\nmore text\n");
        assertThat(t.next()).isFalse();
    }

    @Test
    void offsetsFrameEachRecordIncludingItsLineEnd() throws IOException {
        List<Rec> recs = tokenize("ab,c\r\n\"d\ne\"\nf");

        assertThat(recs).extracting(Rec::start).containsExactly(0L, 6L, 12L);
        assertThat(recs).extracting(Rec::end).containsExactly(6L, 12L, 13L);
    }

    @Test
    void windowsBytesAreNotStructural() throws IOException {
        byte[] bytes = {'a', (byte) 0x92, 's', ',', '"', (byte) 0x93, ',', (byte) 0x94, '"', '\n'};
        List<Rec> recs = tokenize(bytes, false);

        assertThat(recs).hasSize(1);
        assertThat(recs.get(0).cells()).hasSize(2);
    }

    @Test
    void aRunawayQuoteIsCutWithoutHoldingTheWholeRecord() throws IOException {
        int size = CsvTokenizer.MAX_RECORD_BYTES + (1 << 20);
        byte[] bytes = new byte[size];
        java.util.Arrays.fill(bytes, (byte) 'x');
        byte[] head = "a,\"runaway".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[1000] = '\n';
        CsvTokenizer t = new CsvTokenizer(new ByteArrayInputStream(bytes), 1, 0);

        assertThat(t.next()).isTrue();
        assertThat(t.overflow()).isTrue();
        assertThat(t.malformed()).isTrue();
        assertThat(t.raw()).startsWith("a,\"runaway").hasSizeLessThan(40_000);
        assertThat(t.endOffset()).isEqualTo(size);
        assertThat(t.next()).isFalse();
    }

    /** Random records of nasty cells, written RFC 4180 style, read back byte by byte and in bulk. */
    @Test
    void randomRecordsRoundTripAtAnyBufferBoundary() throws IOException {
        Random random = new Random(42);
        String[] pieces = {"a", "0128", " ", ",", "\"", "\n", "\r\n", "\r", "é", "’", "x y", ""};
        for (int round = 0; round < 30; round++) {
            StringBuilder text = new StringBuilder();
            List<List<String>> expectedCells = new ArrayList<>();
            List<Long> expectedLines = new ArrayList<>();
            long line = 1;
            int records = 1 + random.nextInt(40);
            for (int r = 0; r < records; r++) {
                List<String> cells = new ArrayList<>();
                int n = 1 + random.nextInt(6);
                expectedLines.add(line);
                for (int c = 0; c < n; c++) {
                    StringBuilder cell = new StringBuilder();
                    int len = random.nextInt(5);
                    for (int k = 0; k < len; k++) {
                        cell.append(pieces[random.nextInt(pieces.length)]);
                    }
                    String value = cell.toString();
                    boolean quote = random.nextBoolean() || value.matches("(?s).*[,\"\r\n].*") || value.isBlank();
                    if (c > 0) {
                        text.append(',');
                    }
                    if (quote) {
                        text.append('"').append(value.replace("\"", "\"\"")).append('"');
                    } else {
                        text.append(value);
                    }
                    line += breaks(value);
                    cells.add(value.trim());
                }
                expectedCells.add(cells);
                String end = random.nextBoolean() ? "\n" : "\r\n";
                if (r < records - 1 || random.nextBoolean()) {
                    text.append(end);
                    line++;
                }
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            List<Rec> bulk = tokenize(bytes, false);
            for (boolean trickle : new boolean[] {false, true}) {
                List<Rec> recs = tokenize(bytes, trickle);
                assertThat(recs).as("round %d trickle %s: %s", round, trickle, text).extracting(Rec::cells)
                        .isEqualTo(expectedCells);
                assertThat(recs).as("round %d lines", round).extracting(Rec::line).isEqualTo(expectedLines);
            }
            assertThat(boundaries(bytes)).as("round %d: boundary-only scan finds the same records", round)
                    .isEqualTo(bulk.stream().map(r -> List.of(r.line(), r.start(), r.end())).toList());
        }
    }

    /** Line, start and end of each record found by the boundary-only mode used for splitting. */
    private static List<List<Long>> boundaries(byte[] bytes) throws IOException {
        CsvTokenizer t = new CsvTokenizer(new TrickleStream(bytes), 1, 0, false);
        List<List<Long>> found = new ArrayList<>();
        while (t.next()) {
            found.add(List.of(t.line(), t.startOffset(), t.endOffset()));
        }
        return found;
    }

    private static long breaks(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\r' || (s.charAt(i) == '\n' && (i == 0 || s.charAt(i - 1) != '\r'))) {
                n++;
            }
        }
        return n;
    }

    /** Hands out one byte per read, to exercise every refill path. */
    private static final class TrickleStream extends InputStream {
        private final byte[] bytes;
        private int pos;

        TrickleStream(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            return pos < bytes.length ? bytes[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= bytes.length) {
                return -1;
            }
            b[off] = bytes[pos++];
            return 1;
        }
    }
}
