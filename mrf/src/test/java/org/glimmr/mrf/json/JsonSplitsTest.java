package org.glimmr.mrf.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.glimmr.mrf.ChargeRow;
import org.glimmr.mrf.CollectingSink;
import org.glimmr.mrf.LocalByteSource;
import org.glimmr.mrf.Mrf;
import org.glimmr.mrf.MrfFile;
import org.glimmr.mrf.RejectReason;
import org.glimmr.mrf.RejectedRow;
import org.glimmr.mrf.Split;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing in parts gives exactly the rows of parsing in one go. */
class JsonSplitsTest {
    private static final long TARGET = 64 * 1024;

    @TempDir
    static Path dir;

    static Path minified;
    static SyntheticJsonMrf.Written written;

    @BeforeAll
    static void generate() throws IOException {
        minified = dir.resolve("synthetic.json");
        written = SyntheticJsonMrf.write(minified, 5L << 20, false);
    }

    /** Rows of one split over the whole file. */
    private static CollectingSink whole(MrfFile file) throws IOException {
        List<Split> one = file.splits(Long.MAX_VALUE);
        assertThat(one).containsExactly(new Split(0, 0, Long.MAX_VALUE, 0, 0));
        CollectingSink sink = new CollectingSink();
        file.parse(one.get(0), sink);
        return sink;
    }

    /** Parses every split into its own sink. */
    private static List<CollectingSink> inParts(MrfFile file, List<Split> splits) throws IOException {
        List<CollectingSink> parts = new ArrayList<>();
        for (Split split : splits) {
            CollectingSink sink = new CollectingSink();
            file.parse(split, sink);
            parts.add(sink);
        }
        return parts;
    }

    private static List<ChargeRow> rows(List<CollectingSink> parts) {
        return parts.stream().flatMap(p -> p.rows.stream()).toList();
    }

    @Test
    void splitsGiveTheSameRowsAsOneSplit() throws IOException {
        MrfFile file = Mrf.open(new LocalByteSource(minified));
        CollectingSink whole = whole(file);
        List<Split> splits = file.splits(TARGET);
        List<CollectingSink> parts = inParts(file, splits);

        assertThat(whole.rows).hasSize((int) written.rows());
        assertThat(whole.rejected).isEmpty();
        assertThat(whole.findings).isEmpty();
        assertThat(splits).hasSizeGreaterThan(40);
        assertThat(rows(parts)).isEqualTo(whole.rows);
        assertThat(parts).allSatisfy(p -> {
            assertThat(p.rejected).isEmpty();
            assertThat(p.findings).isEmpty();
        });
        assertThat(whole.rows.get(whole.rows.size() - 1).sourcePath().orElseThrow())
                .startsWith("standard_charge_information[" + (written.items() - 1) + "]");
    }

    @Test
    void splitsStartAtElementsAndLineUpWithTheirFirstElement() throws IOException {
        MrfFile file = Mrf.open(new LocalByteSource(minified));
        List<Split> splits = file.splits(TARGET);
        List<CollectingSink> parts = inParts(file, splits);

        assertThat(((JsonMrfFile) file).elementCount()).isEqualTo(written.items());
        try (RandomAccessFile raw = new RandomAccessFile(minified.toFile(), "r")) {
            for (int i = 0; i < splits.size(); i++) {
                Split split = splits.get(i);
                assertThat(split.index()).isEqualTo(i);
                raw.seek(split.start());
                assertThat((char) raw.read()).as("byte at the start of split %d", i).isEqualTo('{');
                assertThat(parts.get(i).rows.get(0).sourcePath().orElseThrow())
                        .startsWith("standard_charge_information[" + split.firstElement() + "].");
                if (i + 1 < splits.size()) {
                    assertThat(split.end()).isEqualTo(splits.get(i + 1).start());
                    assertThat(split.end() - split.start()).isGreaterThanOrEqualTo(TARGET);
                    // the split ends just before the next split's first element
                    String last = parts.get(i).rows.get(parts.get(i).rows.size() - 1).sourcePath().orElseThrow();
                    assertThat(last).startsWith("standard_charge_information[" + (splits.get(i + 1).firstElement() - 1) + "].");
                } else {
                    assertThat(split.end()).isEqualTo(Long.MAX_VALUE);
                }
            }
        }
    }

    @Test
    void aByteOrderMarkAndPrettyPrintingDoNotMoveTheOffsets() throws IOException {
        Path pretty = dir.resolve("pretty.json");
        SyntheticJsonMrf.write(pretty, 2L << 20, true);
        byte[] text = Files.readAllBytes(pretty);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);
        Path bom = Files.write(dir.resolve("pretty-bom.json"), withBom);

        MrfFile file = Mrf.open(new LocalByteSource(bom));
        List<Split> splits = file.splits(TARGET);
        assertThat(splits).hasSizeGreaterThan(10);
        assertThat(rows(inParts(file, splits))).isEqualTo(whole(file).rows);
        try (RandomAccessFile raw = new RandomAccessFile(bom.toFile(), "r")) {
            for (Split split : splits) {
                raw.seek(split.start());
                assertThat((char) raw.read()).isEqualTo('{');
            }
        }
    }

    @Test
    void aCutFileGivesTheSameRowsAndOneTruncationInPartsAsWhole() throws IOException {
        byte[] text = Files.readAllBytes(minified);
        Path cut = Files.write(dir.resolve("cut.json"), java.util.Arrays.copyOf(text, text.length * 7 / 10));

        MrfFile file = Mrf.open(new LocalByteSource(cut));
        CollectingSink whole = whole(file);
        List<Split> splits = file.splits(TARGET);
        List<CollectingSink> parts = inParts(file, splits);

        assertThat(splits).hasSizeGreaterThan(20);
        assertThat(whole.rows).isNotEmpty();
        assertThat(rows(parts)).isEqualTo(whole.rows);
        List<RejectedRow> rejected = parts.stream().flatMap(p -> p.rejected.stream()).toList();
        assertThat(rejected).hasSize(1);
        assertThat(parts.get(parts.size() - 1).rejected).hasSize(1);
        assertThat(whole.rejected).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.TRUNCATED);
            assertThat(r.location()).isEqualTo(rejected.get(0).location()).contains("byte " + (text.length * 7 / 10));
        });
        int brokenElement = Integer.parseInt(rejected.get(0).location().replaceAll("^standard_charge_information\\[(\\d+)].*", "$1"));
        assertThat(whole.rows.get(whole.rows.size() - 1).sourcePath().orElseThrow())
                .startsWith("standard_charge_information[" + (brokenElement - 1) + "]");
    }

    @Test
    void aTaskElsewhereParsesItsSplitFromTheResumeStateWithoutAScan() throws IOException {
        LocalByteSource source = new LocalByteSource(minified);
        MrfFile opened = Mrf.open(source);
        List<Split> splits = opened.splits(TARGET);
        String state = opened.resumeState();

        List<ChargeRow> rows = new ArrayList<>();
        for (Split split : splits) {
            MrfFile resumed = JsonMrfFile.resume(source, state);
            CollectingSink sink = new CollectingSink();
            resumed.parse(split, sink);
            rows.addAll(sink.rows);
            assertThat(sink.rejected).isEmpty();
            assertThat(resumed.header()).isEmpty();
        }
        assertThat(state).startsWith("json1&version=3.0.0&bom=0&repaired=false");
        assertThat(rows).isEqualTo(whole(opened).rows);
    }

    @Test
    void aCompressedOrSmallFileIsOneSplit() throws IOException {
        Path small = dir.resolve("small.json");
        SyntheticJsonMrf.write(small, 20_000, false);
        MrfFile file = Mrf.open(new LocalByteSource(small));

        assertThat(file.splits(Files.size(small))).containsExactly(new Split(0, 0, Long.MAX_VALUE, 0, 0));
        assertThat(file.splits(1024)).hasSizeGreaterThan(1);
        assertThat(CollectingSink.parseAll(new LocalByteSource(small), 1024).rows)
                .isEqualTo(CollectingSink.parseAll(new LocalByteSource(small), Long.MAX_VALUE).rows);
    }
}
