package org.glimmr.mrf.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.glimmr.generate.GeneratorOptions;
import org.glimmr.generate.MrfGenerator;
import org.glimmr.mrf.CmsHptFiles;
import org.glimmr.mrf.CollectingSink;
import org.glimmr.mrf.FileHeader;
import org.glimmr.mrf.Finding;
import org.glimmr.mrf.Layout;
import org.glimmr.mrf.LocalByteSource;
import org.glimmr.mrf.Mrf;
import org.glimmr.mrf.MrfFile;
import org.glimmr.mrf.RejectReason;
import org.glimmr.mrf.Rule;
import org.glimmr.mrf.Severity;
import org.glimmr.mrf.Split;
import org.glimmr.mrf.SplitStats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JSON file read as one part is read once ({@link JsonMrfFile#open(org.glimmr.mrf.ByteSource, long)}): every
 * row, rejected row, finding and header must be what the scan-then-parse path gives for the same bytes, for the CMS
 * files, generated files (clean and dirty, gzip) and hand-written edge cases; files whose top does not settle the
 * header are scanned as before.
 */
class JsonOnePassTest {
    private static final long WHOLE = Long.MAX_VALUE / 4;
    private static final AtomicInteger CMS_ONE_PASS = new AtomicInteger();
    private static final AtomicInteger CMS_FILES = new AtomicInteger();

    @TempDir
    Path dir;

    /** What a mode gave for one file: the file as opened, everything emitted, and the stats of its one split. */
    private record Read(MrfFile file, CollectingSink sink, SplitStats stats) {}

    private static Read read(Path path, boolean onePass) throws IOException {
        LocalByteSource source = new LocalByteSource(path);
        MrfFile file = onePass ? Mrf.open(source, WHOLE) : Mrf.open(source);
        CollectingSink sink = new CollectingSink();
        file.fileFindings().forEach(sink::finding);
        file.rejection().ifPresent(sink::rejected);
        SplitStats stats = null;
        List<Split> splits = file.splits(WHOLE);
        for (Split split : splits) {
            stats = file.parse(split, sink);
        }
        assertThat(splits).hasSizeLessThanOrEqualTo(1);
        return new Read(file, sink, stats);
    }

    private static boolean isOnePass(MrfFile file) {
        return file instanceof JsonMrfFile j && j.onePass();
    }

    private static List<Finding> sorted(List<Finding> findings) {
        return findings.stream().filter(f -> !f.is(Rule.LATE_HEADER_KEY))
                .sorted(Comparator.comparing(Finding::rule).thenComparing(Finding::location)
                        .thenComparing(Finding::message))
                .toList();
    }

    /** Asserts both modes agree; returns the one-pass read. */
    private static Read sameBothWays(Path path) throws IOException {
        Read scanned = read(path, false);
        Read once = read(path, true);
        assertThat(isOnePass(scanned.file())).isFalse();
        assertThat(once.sink().rows).as("rows").isEqualTo(scanned.sink().rows);
        assertThat(once.sink().rejected).as("rejected rows").isEqualTo(scanned.sink().rejected);
        assertThat(sorted(once.sink().findings)).as("findings").isEqualTo(sorted(scanned.sink().findings));
        assertThat(once.file().rejection()).isEqualTo(scanned.file().rejection());
        boolean late = once.sink().findings.stream().anyMatch(f -> f.is(Rule.LATE_HEADER_KEY));
        if (!late) {
            assertThat(once.file().header()).as("header").isEqualTo(scanned.file().header());
        }
        if (once.stats() != null && scanned.stats() != null) {
            assertThat(once.stats().rows()).isEqualTo(scanned.stats().rows());
            assertThat(once.stats().rejected()).isEqualTo(scanned.stats().rejected());
            assertThat(once.stats().encodingRepairs()).isEqualTo(scanned.stats().encodingRepairs());
        }
        return once;
    }

    @TestFactory
    Stream<DynamicTest> everyCmsJsonFileReadsTheSameInOnePass() {
        List<CmsHptFiles.Entry> entries = CmsHptFiles.manifest().stream()
                .filter(e -> e.format().equals("json")).toList();
        assertThat(entries).hasSizeGreaterThan(40);
        return entries.stream().map(e -> DynamicTest.dynamicTest(e.localPath(), () -> {
            Read once = sameBothWays(e.file());
            CMS_FILES.incrementAndGet();
            if (isOnePass(once.file())) {
                CMS_ONE_PASS.incrementAndGet();
            }
            System.out.printf("%-100s %s%n", e.localPath(), isOnePass(once.file()) ? "one pass" : "scanned");
        }));
    }

    @AfterAll
    static void mostCmsFilesAreReadInOnePass() {
        if (CMS_FILES.get() > 0) {
            // the CMS examples write their header keys first: the one pass must be the usual case, not a curiosity
            assertThat(CMS_ONE_PASS.get()).as("CMS JSON files read in one pass of %d", CMS_FILES.get())
                    .isGreaterThan(CMS_FILES.get() / 2);
        }
    }

    @Test
    void generatedFilesCleanAndDirtyPlainAndGzipReadTheSameInOnePass() throws IOException {
        for (String version : List.of("2.0.0", "3.0.0")) {
            for (double dirty : List.of(0.0, 0.05)) {
                Path path = dir.resolve("gen-" + version + "-" + dirty + ".json");
                MrfGenerator.writeTo(GeneratorOptions.defaults(Layout.JSON, version).withTargetBytes(300_000)
                        .withSeed(11).withDirtyRate(dirty), path);
                Read once = sameBothWays(path);
                assertThat(isOnePass(once.file())).as("%s dirty %s read in one pass", version, dirty).isTrue();
                assertThat(once.sink().rows).hasSizeGreaterThan(100);
                if (dirty > 0) {
                    assertThat(once.sink().rejected).isNotEmpty();
                }
                Path gz = dir.resolve(path.getFileName() + ".gz");
                try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
                    Files.copy(path, out);
                }
                Read gzipped = sameBothWays(gz);
                assertThat(isOnePass(gzipped.file())).isTrue();
                assertThat(gzipped.sink().rows).isEqualTo(once.sink().rows);
            }
        }
    }

    @Test
    void aLargeFileIsStillScannedSoThatItCanBeSplit() throws IOException {
        Path path = dir.resolve("large.json");
        MrfGenerator.writeTo(GeneratorOptions.defaults(Layout.JSON, "3.0.0").withTargetBytes(300_000), path);
        MrfFile file = Mrf.open(new LocalByteSource(path), 100_000);
        assertThat(isOnePass(file)).isFalse();
        assertThat(file.splits(100_000)).hasSizeGreaterThan(1);
    }

    private Path write(String name, String json) throws IOException {
        Path path = dir.resolve(name);
        Files.writeString(path, json, StandardCharsets.UTF_8);
        return path;
    }

    private static String item(int i) {
        return """
                {"description": "Panel %d", "code_information": [{"code": "8004%d", "type": "CPT"}],
                 "standard_charges": [{"setting": "outpatient", "minimum": 10, "maximum": 20, "gross_charge": 30,
                   "payers_information": [{"payer_name": "Platform", "plan_name": "PPO", "methodology": "fee schedule",
                     "standard_charge_dollar": %d}]}]}""".formatted(i, i % 10, 10 + i);
    }

    private static String items(int n) {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(item(i));
        }
        return String.join(",", all);
    }

    @Test
    void aTruncatedFileGivesTheSameRowsAndTruncatedRowInOnePass() throws IOException {
        String json = "{" + JsonMrfFileTest.V3_HEADER + "\"standard_charge_information\": [" + items(30) + "]}";
        Path path = write("truncated.json", json.substring(0, json.length() - 300));
        Read once = sameBothWays(path);
        assertThat(isOnePass(once.file())).isTrue();
        assertThat(once.sink().rejected).extracting(r -> r.reason()).contains(RejectReason.TRUNCATED);
        assertThat(once.sink().rows).hasSizeBetween(20, 29);
    }

    @Test
    void windows1252BytesAndAByteOrderMarkAreRepairedTheSameInOnePass() throws IOException {
        String json = "{" + JsonMrfFileTest.V3_HEADER + "\"standard_charge_information\": [" + items(20) + "]}";
        byte[] text = json.replace("Panel 7", "Panel 7 caf\u00e9").getBytes(StandardCharsets.ISO_8859_1);
        byte[] bytes = new byte[text.length + 3];
        bytes[0] = (byte) 0xEF;
        bytes[1] = (byte) 0xBB;
        bytes[2] = (byte) 0xBF;
        System.arraycopy(text, 0, bytes, 3, text.length);
        Path path = dir.resolve("cp1252.json");
        Files.write(path, bytes);
        Read once = sameBothWays(path);
        assertThat(isOnePass(once.file())).isTrue();
        assertThat(once.stats().encodingRepairs()).isPositive();
        assertThat(once.sink().rows).extracting(r -> r.description()).contains("Panel 7 caf\u00e9");
    }

    @Test
    void aFileWithoutVersionOrWithARequiredKeyAfterTheChargesIsScanned() throws IOException {
        String noVersion = "{" + JsonMrfFileTest.V3_HEADER.replace("\"version\": \"3.0.0\",", "")
                + "\"standard_charge_information\": [" + items(3) + "]}";
        Read a = sameBothWays(write("no-version.json", noVersion));
        assertThat(isOnePass(a.file())).isFalse();

        String license = "\"license_information\": {\"license_number\": \"50056\", \"state\": \"CA\"},";
        assertThat(JsonMrfFileTest.V3_HEADER).contains(license);
        String lateLicense = "{" + JsonMrfFileTest.V3_HEADER.replace(license, "") + "\"standard_charge_information\": ["
                + items(3) + "], " + license.substring(0, license.length() - 1) + "}";
        Read b = sameBothWays(write("late-license.json", lateLicense));
        assertThat(isOnePass(b.file())).isFalse();
        assertThat(b.file().header().orElseThrow().licenseState()).contains("CA");
    }

    @Test
    void anOptionalHeaderKeyAfterTheChargesIsReportedAsLateInOnePass() throws IOException {
        // type_2_npi is optional in v2: the one pass plans from the keys before the charges and says what came after
        String v2 = """
                {"hospital_name": "West Mercy Hospital", "last_updated_on": "2024-07-01", "version": "2.0.0",
                 "hospital_location": ["West Mercy Hospital"], "hospital_address": ["12 Main Street"],
                 "license_information": {"license_number": "50056", "state": "CA"},
                 "affirmation": {"affirmation": "%s", "confirm_affirmation": true},
                 "standard_charge_information": [%s],
                 "type_2_npi": ["0000000001"]}""".formatted(CmsJsonSchema.AFFIRMATION, items(2).replace(
                "\"standard_charge_dollar\": 10}", "\"standard_charge_dollar\": 10, \"estimated_amount\": 9}"));
        Read once = sameBothWays(write("late-npi.json", v2));
        assertThat(isOnePass(once.file())).isTrue();
        assertThat(once.sink().findings).filteredOn(f -> f.is(Rule.LATE_HEADER_KEY))
                .singleElement().satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.ALERT);
                    assertThat(f.message()).contains("type_2_npi").contains("before");
                });
        FileHeader header = once.file().header().orElseThrow();
        assertThat(header.hospitalName()).isEqualTo("West Mercy Hospital");
        assertThat(header.licenseState()).contains("CA");
    }

    @Test
    void theOnePassPlanTravelsInTheResumeStateAndOnlyReadsTheWholeFile() throws IOException {
        Path path = write("small.json", "{" + JsonMrfFileTest.V3_HEADER + "\"standard_charge_information\": ["
                + items(5) + "]}");
        MrfFile file = Mrf.open(new LocalByteSource(path), WHOLE);
        assertThat(isOnePass(file)).isTrue();
        assertThat(file.fileFindings()).isEmpty();
        assertThat(file.resumeState()).contains("onePass=true");
        MrfFile resumed = Mrf.resume(new LocalByteSource(path), Layout.JSON, file.resumeState());
        CollectingSink sink = new CollectingSink();
        SplitStats stats = resumed.parse(file.splits(1).get(0), sink);
        assertThat(stats.rows()).isEqualTo(5);
        assertThat(sink.rows).isEqualTo(read(path, false).sink().rows);
        assertThat(ParsePlan.decode(file.resumeState())).isEqualTo(ParsePlan.onePass("3.0.0", 0, false, false));
        assertThatThrownBy(() -> resumed.parse(new Split(1, 100, Long.MAX_VALUE, 0, 1), new CollectingSink()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one pass");
        assertThatThrownBy(() -> ((JsonMrfFile) file).elementCount()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("one pass");
        assertThat(Optional.of(file.header().orElseThrow().templateVersion())).contains("3.0.0");
    }
}
