package org.glimmr.mrf.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.glimmr.mrf.CollectingSink;
import org.glimmr.mrf.LocalByteSource;
import org.glimmr.mrf.Mrf;
import org.glimmr.mrf.MrfFile;
import org.glimmr.mrf.RejectReason;
import org.glimmr.mrf.RejectedRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scan walks {@code standard_charge_information} past its first {@link JsonScanner#HINT_ELEMENTS} elements with
 * the byte-level {@link ElementSkipper}, then takes up the top-level object again with Jackson. These files have more
 * elements than that, so every one of them goes through the hand-over.
 */
class ElementSkipperTest {
    /** The v3 header keys of {@link JsonMrfFileTest}, without the trailing comma. */
    private static final String HEADER = JsonMrfFileTest.V3_HEADER.strip().replaceAll(",$", "");

    /** Element {@code i}: its description holds brackets, braces, commas and escaped quotes the skipper must not count. */
    private static String item(int i) {
        return """
                {"description": "Panel %d [a], {b} \\"c\\" \\\\ d:e", "code_information": [{"code": "8%04d", "type": "CPT"}],
                 "standard_charges": [{"setting": "outpatient", "gross_charge": %d, "payers_information": [
                   {"payer_name": "Platform", "plan_name": "PPO", "methodology": "fee schedule", "standard_charge_dollar": %d}]}]}"""
                .formatted(i, i, 100 + i, 50 + i);
    }

    private static String items(int n) {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(item(i));
        }
        return String.join(",\n ", all);
    }

    @TempDir
    Path dir;

    private Path write(String name, String json) throws IOException {
        Path path = dir.resolve(name);
        Files.writeString(path, json, StandardCharsets.UTF_8);
        return path;
    }

    private static JsonMrfFile open(Path path) throws IOException {
        return (JsonMrfFile) Mrf.open(new LocalByteSource(path));
    }

    @Test
    void headerKeysAfterTheArrayAreReadAndEveryElementIsCounted() throws IOException {
        Path path = write("after.json", "{\"standard_charge_information\": [" + items(40) + "], " + HEADER + "}");
        JsonMrfFile file = open(path);

        assertThat(file.elementCount()).isEqualTo(40).isEqualTo(jacksonCount(path));
        assertThat(file.header().orElseThrow().hospitalName()).isEqualTo("West Mercy Hospital");
        assertThat(file.header().orElseThrow().templateVersion()).isEqualTo("3.0.0");
        assertThat(file.fileFindings()).isEmpty();
        CollectingSink whole = CollectingSink.parseAll(new LocalByteSource(path), Long.MAX_VALUE);
        CollectingSink parts = CollectingSink.parseAll(new LocalByteSource(path), 512);
        assertThat(whole.rows).hasSize(40);
        assertThat(whole.rows.get(39).description()).isEqualTo("Panel 39 [a], {b} \"c\" \\ d:e");
        // splits start at elements the skipper found (checkpoints are at least 1 KB apart)
        assertThat(file.splits(512)).extracting(s -> s.firstElement()).contains(20L, 36L);
        assertThat(parts.rows).isEqualTo(whole.rows);
        assertThat(parts.rejected).isEmpty();
    }

    @Test
    void aFileWrappedInAnArrayIsReadToItsEnd() throws IOException {
        Path path = write("wrapped.json", "[{\"standard_charge_information\": [" + items(30) + "], "
                + HEADER + "}]");
        JsonMrfFile file = open(path);

        assertThat(file.elementCount()).isEqualTo(30);
        assertThat(file.header().orElseThrow().lastUpdatedOn()).contains("2026-04-01");
        assertThat(file.fileFindings()).extracting(f -> f.message()).anyMatch(m -> m.contains("remove the outer [ ]"));
        assertThat(CollectingSink.parseAll(new LocalByteSource(path), 512).rows).hasSize(30);
    }

    @Test
    void textAfterTheObjectIsStillReportedAtItsByte() throws IOException {
        String json = "{" + HEADER + ", \"standard_charge_information\": ["
                + items(20) + "]} {\"again\": 1}";
        JsonMrfFile file = open(write("trailing.json", json));

        assertThat(file.elementCount()).isEqualTo(20);
        assertThat(file.fileFindings()).extracting(f -> f.message())
                .anyMatch(m -> m.contains("at byte " + json.lastIndexOf("{\"again\"")));
    }

    @Test
    void aFileCutInsideAnElementCountsOnlyTheCompleteOnesAndKeepsTheirRows() throws IOException {
        String json = "{" + HEADER + ", \"standard_charge_information\": ["
                + items(40) + "]}";
        String cut = json.substring(0, json.indexOf("Panel 30 [a]") + 20);
        Path path = write("cut.json", cut);
        JsonMrfFile file = open(path);

        assertThat(file.elementCount()).isEqualTo(30);
        for (long target : new long[] {Long.MAX_VALUE, 512}) {
            CollectingSink sink = CollectingSink.parseAll(new LocalByteSource(path), target);
            assertThat(sink.rows).hasSize(30);
            assertThat(sink.rejected).singleElement().satisfies(r -> {
                assertThat(r.reason()).isEqualTo(RejectReason.TRUNCATED);
                assertThat(r.location()).startsWith("standard_charge_information[30]").contains("byte " + cut.length());
            });
        }
    }

    @Test
    void bracketsThatDoNotMatchBreakTheFileAtThatElement() throws IOException {
        String good = "{" + HEADER + ", \"standard_charge_information\": ["
                + items(40) + "]}";
        String bad = good.replace("\"standard_charge_dollar\": 75}]}]}", "\"standard_charge_dollar\": 75}]]]}");
        assertThat(bad).isNotEqualTo(good);
        Path path = write("mismatch.json", bad);
        JsonMrfFile file = open(path);

        assertThat(file.elementCount()).isEqualTo(25);
        CollectingSink sink = CollectingSink.parseAll(new LocalByteSource(path), Long.MAX_VALUE);
        assertThat(sink.rows).hasSize(25);
        List<RejectedRow> rejected = sink.rejected;
        assertThat(rejected).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.TRUNCATED);
            assertThat(r.location()).startsWith("standard_charge_information[25]");
        });
    }

    @Test
    void aMissingCommaBetweenElementsOrARawControlCharacterIsABreak() throws IOException {
        String json = "{" + HEADER + ", \"standard_charge_information\": ["
                + items(40) + "]}";
        String noComma = json.replace("}]}]},\n {\"description\": \"Panel 33", "}]}]}\n {\"description\": \"Panel 33");
        String control = json.replace("Panel 35 [a]", "Panel 35 \u0001[a]");
        assertThat(noComma).isNotEqualTo(json);

        JsonMrfFile a = open(write("nocomma.json", noComma));
        JsonMrfFile b = open(write("control.json", control));

        assertThat(a.elementCount()).isEqualTo(33);
        assertThat(b.elementCount()).isEqualTo(35);
        assertThat(CollectingSink.parseAll(new LocalByteSource(dir.resolve("control.json")), Long.MAX_VALUE).rejected)
                .singleElement().satisfies(r -> assertThat(r.message()).contains("CTRL-CHAR"));
    }

    /**
     * Random elements with everything the word-at-a-time path must get right: strings with escaped quotes and
     * backslashes, brackets and non-ASCII text inside strings, escapes and quotes on every byte position of a word,
     * nesting, pretty-printing. The skipper must find exactly where each element starts and where the array ends.
     */
    @Test
    void findsEveryElementStartInRandomJson() throws IOException {
        java.util.Random random = new java.util.Random(20261126);
        for (int round = 0; round < 40; round++) {
            StringBuilder text = new StringBuilder("[");
            List<Integer> starts = new ArrayList<>();
            int n = 5 + random.nextInt(60);
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    text.append(random.nextBoolean() ? "," : " ,\n  ");
                }
                whitespace(text, random);
                starts.add(text.toString().getBytes(StandardCharsets.UTF_8).length);
                value(text, random, 0);
            }
            whitespace(text, random);
            text.append("]");
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            int afterFirst = starts.size() > 1 ? lastNonBlankBefore(bytes, starts.get(1)) : bytes.length - 1;
            int cut = Math.min(bytes.length, afterFirst + random.nextInt(40));
            // the first bytes come as Jackson's released buffer would give them, the rest from the stream
            Checkpoints checkpoints = new Checkpoints(1, 1024);
            ElementSkipper.End end = new ElementSkipper(java.util.Arrays.copyOfRange(bytes, afterFirst, cut),
                    new java.io.ByteArrayInputStream(bytes, cut, bytes.length - cut), afterFirst, checkpoints, 0).skip(1);

            assertThat(end.elements()).as("round %d", round).isEqualTo(n);
            assertThat(end.closeOffset()).as("round %d", round).isEqualTo(bytes.length - 1);
            List<Long> found = new ArrayList<>();
            for (int i = 0; i < checkpoints.size(); i++) {
                found.add(checkpoints.offset(i));
            }
            assertThat(found).as("round %d", round).isEqualTo(starts.subList(1, starts.size()).stream().map(Integer::longValue).toList());
        }
    }

    private static int lastNonBlankBefore(byte[] bytes, int start) {
        // the first element ends where the separator before the second begins
        int i = start - 1;
        while (bytes[i] == ' ' || bytes[i] == '\n' || bytes[i] == ',') {
            i--;
        }
        return i + 1;
    }

    private static void whitespace(StringBuilder b, java.util.Random random) {
        int k = random.nextInt(4);
        for (int i = 0; i < k; i++) {
            b.append(random.nextBoolean() ? ' ' : '\n');
        }
    }

    private static final String[] PIECES = {"a", "bc", "\\\"", "\\\\", "{", "}", "[", "]", ",", ":", " ", "é", "日本", "\\n",
        "\\u0041", "x\\\\", "\\/", "🙂"};

    private static void value(StringBuilder b, java.util.Random random, int depth) {
        int kind = depth > 3 ? 2 + random.nextInt(2) : random.nextInt(4);
        switch (kind) {
            case 0 -> {
                b.append('{');
                int k = random.nextInt(5);
                for (int i = 0; i < k; i++) {
                    if (i > 0) {
                        b.append(',');
                    }
                    whitespace(b, random);
                    string(b, random);
                    b.append(random.nextBoolean() ? ":" : " : ");
                    value(b, random, depth + 1);
                }
                b.append('}');
            }
            case 1 -> {
                b.append('[');
                int k = random.nextInt(5);
                for (int i = 0; i < k; i++) {
                    if (i > 0) {
                        b.append(", ");
                    }
                    value(b, random, depth + 1);
                }
                b.append(']');
            }
            case 2 -> string(b, random);
            default -> b.append(random.nextBoolean() ? String.valueOf(random.nextInt(100000)) : "12.5e-3");
        }
    }

    private static void string(StringBuilder b, java.util.Random random) {
        b.append('"');
        int k = random.nextInt(12);
        for (int i = 0; i < k; i++) {
            b.append(PIECES[random.nextInt(PIECES.length)]);
        }
        b.append('"');
    }

    /** The element count by Jackson's tree model, independently of the scan. */
    private static long jacksonCount(Path path) throws IOException {
        JsonNode root = new ObjectMapper().readTree(path.toFile());
        return root.get("standard_charge_information").size();
    }
}
