package org.glimmr.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.glimmr.mrf.ChargeRow;
import org.glimmr.mrf.CollectingSink;
import org.glimmr.mrf.FileHeader;
import org.glimmr.mrf.Layout;
import org.glimmr.mrf.LocalByteSource;
import org.glimmr.mrf.Mrf;
import org.glimmr.mrf.MrfFile;
import org.glimmr.mrf.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hand-written samples in {@code samples/mrf}: each follows the CMS rules of its version, and the project's parser
 * reads it with the layout and version its name says, every row, no reject and no error.
 */
class SampleFilesTest {
    /** {@code <hospital>_v<2|3>[_<tall|wide>].<csv|json>} */
    private static final Pattern NAME = Pattern.compile("([a-z-]+)_v([23])(?:_(tall|wide))?\\.(csv|json)");

    static Path samples() {
        return Path.of(System.getProperty("glimmr.project.dir", "..")).resolve("samples/mrf").toAbsolutePath().normalize();
    }

    static List<Path> files() throws IOException {
        try (Stream<Path> list = Files.list(samples())) {
            return list.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).sorted().toList();
        }
    }

    private record Expected(String hospital, Layout layout, String version) {
        static Expected of(Path file) {
            Matcher m = NAME.matcher(file.getFileName().toString());
            assertThat(m.matches()).isTrue();
            Layout layout = m.group(4).equals("json") ? Layout.JSON
                    : m.group(3).equals("tall") ? Layout.CSV_TALL : Layout.CSV_WIDE;
            return new Expected(m.group(1), layout, m.group(2) + ".0.0");
        }
    }

    @Test
    void sixSamplesOneOfEachLayoutAndVersion() throws IOException {
        List<Expected> expected = files().stream().map(Expected::of).toList();
        assertThat(expected).hasSize(6);
        assertThat(expected).extracting(e -> e.layout() + " " + e.version()).containsExactlyInAnyOrder(
                "CSV_TALL 2.0.0", "CSV_TALL 3.0.0", "CSV_WIDE 2.0.0", "CSV_WIDE 3.0.0", "JSON 2.0.0", "JSON 3.0.0");
        assertThat(expected).extracting(Expected::hospital).containsOnly("cedar-valley", "lakeside", "prairie-heights");
    }

    @ParameterizedTest
    @MethodSource("files")
    void followsTheCmsRulesOfItsVersion(Path file) throws IOException {
        Expected expected = Expected.of(file);
        List<String> violations = expected.layout() == Layout.JSON
                ? TestingCmsRules.checkJson(TestingMrfReader.readJson(file), expected.version())
                : TestingCmsRules.checkCsv(TestingMrfReader.readCsv(file), expected.version());
        assertThat(violations).as("CMS rule violations in %s", file.getFileName()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("files")
    void itemCountIsBetween10And40(Path file) throws IOException {
        Expected expected = Expected.of(file);
        long items;
        if (expected.layout() == Layout.JSON) {
            items = TestingMrfReader.readJson(file).get("standard_charge_information").size();
        } else {
            TestingMrfReader.Csv csv = TestingMrfReader.readCsv(file);
            items = csv.isTall()
                    ? csv.records().stream().map(r -> csv.cell(r, "description") + "|" + csv.cell(r, "code|1"))
                            .distinct().count()
                    : csv.records().size();
        }
        assertThat(items).isBetween(10L, 40L);
    }

    @ParameterizedTest
    @MethodSource("files")
    void theParserReadsEveryRowWithoutRejectsOrErrors(Path file) throws IOException {
        Expected expected = Expected.of(file);
        long independentRows;
        if (expected.layout() == Layout.JSON) {
            independentRows = TestingMrfReader.jsonCanonicalRows(TestingMrfReader.readJson(file));
        } else {
            independentRows = TestingMrfReader.readCsv(file).canonicalRows();
        }

        MrfFile mrf = Mrf.open(new LocalByteSource(file));
        assertThat(mrf.rejection()).as("whole-file rejection").isEmpty();
        assertThat(mrf.layout()).as("layout").isEqualTo(expected.layout());
        FileHeader header = mrf.header().orElseThrow();
        assertThat(header.templateVersion()).as("template version").isEqualTo(expected.version());
        assertThat(header.lastUpdatedOn()).as("date").isPresent();
        assertThat(header.attestation()).as("attestation").contains(true);

        CollectingSink sink = CollectingSink.parseAll(new LocalByteSource(file), 8 * 1024);
        assertThat(sink.rejected).as("rejected rows of %s", file.getFileName()).isEmpty();
        assertThat(sink.findings.stream().filter(f -> f.severity() == Severity.ERROR).toList())
                .as("error findings of %s", file.getFileName()).isEmpty();
        assertThat((long) sink.rows.size()).as("rows of %s", file.getFileName()).isEqualTo(independentRows);
    }

    @Test
    void sharedCodesAreComparableAcrossHospitals() throws IOException {
        java.util.Map<String, java.util.Set<String>> hospitalsByCode = new java.util.TreeMap<>();
        for (Path file : files()) {
            CollectingSink sink = CollectingSink.parseAll(new LocalByteSource(file), Long.MAX_VALUE);
            for (ChargeRow row : sink.rows) {
                row.primaryCode().ifPresent(code -> hospitalsByCode
                        .computeIfAbsent(code.type() + " " + code.code(), k -> new java.util.TreeSet<>())
                        .add(Expected.of(file).hospital()));
            }
        }
        for (String code : List.of("CPT 99213", "CPT 99214", "CPT 70450", "CPT 80053", "CPT 85025", "CPT 71046",
                "CPT 93000", "CPT 36415", "MS-DRG 470", "MS-DRG 871", "MS-DRG 291", "RC 0450", "HCPCS J1885",
                "NDC 00409-4888-20")) {
            assertThat(hospitalsByCode.get(code)).as("hospitals pricing %s", code).hasSize(3);
        }
    }

    @Test
    void quirksAreWhereTheReadmeSaysTheyAre() throws IOException {
        Path dir = samples();
        byte[] lakesideV2 = Files.readAllBytes(dir.resolve("lakeside_v2_wide.csv"));
        assertThat(lakesideV2).startsWith(0xEF, 0xBB, 0xBF);
        String cedarV2 = Files.readString(dir.resolve("cedar-valley_v2_tall.csv"));
        assertThat(cedarV2.split("\n", -1)).allSatisfy(line -> assertThat(line.isEmpty() || line.endsWith("\r")).isTrue());
        String cedarV3 = Files.readString(dir.resolve("cedar-valley_v3_tall.csv"));
        assertThat(cedarV3).contains("Code | 1 | Type", "license_number | CA", "1234567893 | 1245319599");
        assertThat(Files.readString(dir.resolve("lakeside_v3_wide.csv"))).contains("4/1/2026", "\"\",\"\"");
        JsonNode v3 = TestingMrfReader.readJson(dir.resolve("prairie-heights_v3.json"));
        List<String> keys = new java.util.ArrayList<>();
        v3.fieldNames().forEachRemaining(keys::add);
        assertThat(keys.indexOf("version")).isGreaterThan(keys.indexOf("standard_charge_information"));
        assertThat(Files.readString(dir.resolve("prairie-heights_v2.json"))).contains("\"unit\": \"20\"");
    }
}
