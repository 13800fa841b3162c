package org.glimmr.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.glimmr.mrf.Layout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MrfGeneratorTest {
    @TempDir
    Path dir;

    static List<Arguments> combinations() {
        List<Arguments> list = new ArrayList<>();
        for (Layout layout : List.of(Layout.CSV_TALL, Layout.CSV_WIDE, Layout.JSON)) {
            for (String version : List.of("2.0.0", "3.0.0")) {
                list.add(Arguments.of(layout, version));
            }
        }
        return list;
    }

    private static byte[] bytes(GeneratorOptions options) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GenerationReport report = MrfGenerator.generate(options, out);
        assertThat(report.bytesWritten()).as("reported bytes").isEqualTo(out.size());
        return out.toByteArray();
    }

    private Path write(GeneratorOptions options, GenerationReport[] report) throws IOException {
        Path file = dir.resolve(options.layout().value() + "-" + options.templateVersion() + "-" + options.seed()
                + (options.layout() == Layout.JSON ? ".json" : ".csv"));
        report[0] = MrfGenerator.writeTo(options, file);
        return file;
    }

    @ParameterizedTest
    @MethodSource("combinations")
    void sameOptionsGiveSameBytesAndAnotherSeedOtherBytes(Layout layout, String version) throws IOException {
        GeneratorOptions options = GeneratorOptions.defaults(layout, version).withTargetBytes(200_000);
        byte[] first = bytes(options);
        byte[] second = bytes(options);
        byte[] otherSeed = bytes(options.withSeed(43));
        assertThat(second).as("same options, same bytes").isEqualTo(first);
        assertThat(otherSeed).as("another seed, other bytes").isNotEqualTo(first);
    }

    @ParameterizedTest
    @MethodSource("combinations")
    void sizeIsCloseToTheTarget(Layout layout, String version) throws IOException {
        for (long target : List.of(1L << 20, 20L << 20)) {
            GenerationReport report = MrfGenerator.generate(GeneratorOptions.defaults(layout, version)
                    .withTargetBytes(target), java.io.OutputStream.nullOutputStream());
            assertThat((double) report.bytesWritten()).as("bytes for target %d", target)
                    .isGreaterThanOrEqualTo(target).isCloseTo(target, within(target * 0.03));
        }
    }

    @Test
    void aTinyTargetStillWritesOneCompleteItem() throws IOException {
        GeneratorOptions options = GeneratorOptions.defaults(Layout.JSON, "3.0.0").withTargetBytes(1);
        GenerationReport[] report = new GenerationReport[1];
        Path file = write(options, report);
        JsonNode root = TestingMrfReader.readJson(file);
        assertThat(report[0].items()).isEqualTo(1);
        assertThat(root.get("standard_charge_information")).hasSize(1);
        assertThat(TestingCmsRules.checkJson(root, "3.0.0")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("combinations")
    void outputFollowsTheCmsRulesOfItsVersionAndCountsItsRows(Layout layout, String version) throws IOException {
        for (long seed : List.of(42L, 43L)) {
            followsTheRules(GeneratorOptions.defaults(layout, version).withTargetBytes(300_000).withSeed(seed));
        }
    }

    private void followsTheRules(GeneratorOptions options) throws IOException {
        Layout layout = options.layout();
        String version = options.templateVersion();
        GenerationReport[] report = new GenerationReport[1];
        Path file = write(options, report);
        long rows;
        List<String> violations;
        if (layout == Layout.JSON) {
            JsonNode root = TestingMrfReader.readJson(file);
            violations = TestingCmsRules.checkJson(root, version);
            rows = TestingMrfReader.jsonCanonicalRows(root);
            assertThat(root.get("standard_charge_information")).as("items").hasSize((int) report[0].items());
        } else {
            TestingMrfReader.Csv csv = TestingMrfReader.readCsv(file);
            violations = TestingCmsRules.checkCsv(csv, version);
            rows = csv.canonicalRows();
            assertThat(csv.isTall()).as("tall").isEqualTo(layout == Layout.CSV_TALL);
            if (layout == Layout.CSV_WIDE) {
                assertThat(csv.records()).as("items").hasSize((int) report[0].items());
            }
        }
        assertThat(violations).as("CMS rule violations").isEmpty();
        assertThat(report[0].canonicalRows()).as("canonical rows counted independently").isEqualTo(rows);
        assertThat(report[0].badValues()).isZero();
    }

    @Test
    void jsonHasTheKeysOfEachVersion() throws IOException {
        GenerationReport[] report = new GenerationReport[1];
        JsonNode v2 = TestingMrfReader.readJson(write(GeneratorOptions.defaults(Layout.JSON, "2.0.0")
                .withTargetBytes(100_000), report));
        JsonNode v3 = TestingMrfReader.readJson(write(GeneratorOptions.defaults(Layout.JSON, "3.0.0")
                .withTargetBytes(100_000), report));
        assertThat(fieldNames(v2)).contains("hospital_location", "affirmation").doesNotContain("location_name",
                "type_2_npi", "attestation");
        assertThat(v2.path("affirmation").path("affirmation").asText()).isEqualTo(Catalog.AFFIRMATION_V2);
        assertThat(v2.path("version").asText()).isEqualTo("2.0.0");
        assertThat(fieldNames(v3)).contains("location_name", "type_2_npi", "attestation")
                .doesNotContain("hospital_location", "affirmation");
        assertThat(v3.path("attestation").path("attestation").asText()).isEqualTo(Catalog.ATTESTATION_V3);
        assertThat(v3.path("attestation").path("attester_name").asText()).isNotBlank();
        assertThat(v3.path("version").asText()).isEqualTo("3.0.0");
        assertThat(payerKeys(v2)).contains("estimated_amount", "standard_charge_percentage")
                .doesNotContain("median_amount", "count");
        assertThat(payerKeys(v3)).contains("median_amount", "10th_percentile", "90th_percentile", "count",
                "standard_charge_percentage", "standard_charge_algorithm").doesNotContain("estimated_amount");
        assertThat(v3.path("modifier_information").get(0).has("setting")).isTrue();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static java.util.Set<String> payerKeys(JsonNode root) {
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (JsonNode item : root.get("standard_charge_information")) {
            for (JsonNode charge : item.get("standard_charges")) {
                for (JsonNode payer : charge.path("payers_information")) {
                    payer.fieldNames().forEachRemaining(keys::add);
                }
            }
        }
        return keys;
    }

    @ParameterizedTest
    @MethodSource("combinations")
    void codesHaveRealShapes(Layout layout, String version) throws IOException {
        if (layout != Layout.CSV_TALL) {
            return;
        }
        GenerationReport[] report = new GenerationReport[1];
        TestingMrfReader.Csv csv = TestingMrfReader.readCsv(write(GeneratorOptions.defaults(layout, version)
                .withTargetBytes(400_000), report));
        Map<String, String> shapes = Map.of("CPT", "\\d{5}", "HCPCS", "[A-Z]\\d{4}", "MS-DRG", "\\d{3}",
                "APR-DRG", "\\d{3}", "RC", "0\\d{3}", "NDC", "\\d{5}-\\d{4}-\\d{2}", "CDM", "\\d{8}", "LOCAL",
                "[A-Z0-9]{6,9}");
        java.util.Set<String> typesSeen = new java.util.TreeSet<>();
        for (String[] record : csv.records()) {
            for (int i = 1; i <= 3; i++) {
                String code = csv.cell(record, "code|" + i);
                String type = csv.cell(record, "code|" + i + "|type");
                if (!type.isEmpty()) {
                    typesSeen.add(type);
                    assertThat(code).as("%s code", type).matches(shapes.get(type));
                }
            }
        }
        assertThat(typesSeen).containsAll(shapes.keySet());
    }

    @Test
    void wideHeaderHasOneCompleteGroupPerPayerAndPlan() throws IOException {
        for (String version : List.of("2.0.0", "3.0.0")) {
            GeneratorOptions options = GeneratorOptions.defaults(Layout.CSV_WIDE, version).withPayers(60, 10)
                    .withTargetBytes(2_000_000);
            GenerationReport[] report = new GenerationReport[1];
            TestingMrfReader.Csv csv = TestingMrfReader.readCsv(write(options, report));
            Map<String, List<Integer>> groups = csv.wideGroups();
            assertThat(groups).as("groups of %s", version).hasSize(600);
            int columns = version.equals("3.0.0") ? 9 : 6;
            List<String> expectedKinds = version.equals("3.0.0")
                    ? List.of("negotiated_dollar", "negotiated_percentage", "negotiated_algorithm", "median_amount",
                            "10th_percentile", "90th_percentile", "count", "methodology", "additional_payer_notes")
                    : List.of("negotiated_dollar", "negotiated_percentage", "negotiated_algorithm",
                            "estimated_amount", "methodology", "additional_payer_notes");
            groups.forEach((group, cols) -> {
                assertThat(cols).as("columns of %s", group).hasSize(columns);
                List<String> kinds = cols.stream().map(c -> kind(csv.headers().get(c))).toList();
                assertThat(kinds).as("column kinds of %s", group).containsExactlyInAnyOrderElementsOf(expectedKinds);
            });
            assertThat(TestingCmsRules.checkCsv(csv, version)).as("CMS rule violations").isEmpty();
            assertThat(report[0].canonicalRows()).isEqualTo(csv.canonicalRows());
            assertThat(csv.records()).allSatisfy(r -> assertThat(r).hasSize(csv.headers().size()));
        }
    }

    private static String kind(String header) {
        String[] parts = header.split("\\|");
        return parts.length == 4 ? parts[3] : parts[0];
    }

    @Test
    void v3RowsCarryCountAndAllowedAmountsWithEveryPercentageOrAlgorithmAndSomeDollars() throws IOException {
        GenerationReport[] report = new GenerationReport[1];
        TestingMrfReader.Csv csv = TestingMrfReader.readCsv(write(GeneratorOptions.defaults(Layout.CSV_TALL, "3.0.0")
                .withTargetBytes(500_000), report));
        int percentRows = 0;
        int algorithmRows = 0;
        int zeroCounts = 0;
        int rangeCounts = 0;
        int dollarsWithAllowed = 0;
        int dollarsWithout = 0;
        for (String[] r : csv.records()) {
            String pct = csv.cell(r, "standard_charge|negotiated_percentage");
            String alg = csv.cell(r, "standard_charge|negotiated_algorithm");
            if (pct.isEmpty() && alg.isEmpty()) {
                if (csv.cell(r, "count").isEmpty()) {
                    dollarsWithout++;
                    assertThat(csv.cell(r, "median_amount")).as("allowed amounts come with a count").isEmpty();
                    continue;
                }
                dollarsWithAllowed++;
                assertThat(csv.cell(r, "standard_charge|negotiated_dollar")).as("a row with allowed amounts has a rate")
                        .isNotEmpty();
                assertThat(csv.cell(r, "count")).as("a dollar row's count").isNotEqualTo("0");
            } else if (!pct.isEmpty()) {
                percentRows++;
                assertThat(csv.cell(r, "standard_charge|methodology")).isEqualTo("percent of total billed charges");
            } else {
                algorithmRows++;
                // an algorithm alone is a case rate or "other"; beside a dollar, the dollar's methodology
                assertThat(csv.cell(r, "standard_charge|methodology")).isIn(csv.cell(r,
                        "standard_charge|negotiated_dollar").isEmpty() ? List.of("case rate", "other")
                        : List.of("case rate", "fee schedule", "per diem"));
            }
            String count = csv.cell(r, "count");
            assertThat(count).matches("0|1 through 10|[1-9]\\d+");
            if (count.equals("0")) {
                zeroCounts++;
                assertThat(csv.cell(r, "median_amount")).isEmpty();
                assertThat(csv.cell(r, "additional_generic_notes")).isNotEmpty();
            } else {
                rangeCounts += count.equals("1 through 10") ? 1 : 0;
                double median = Double.parseDouble(csv.cell(r, "median_amount"));
                double p10 = Double.parseDouble(csv.cell(r, "10th_percentile"));
                double p90 = Double.parseDouble(csv.cell(r, "90th_percentile"));
                assertThat(p10).isLessThanOrEqualTo(median);
                assertThat(median).isLessThanOrEqualTo(p90);
            }
        }
        assertThat(percentRows).isPositive();
        assertThat(algorithmRows).isPositive();
        assertThat(dollarsWithAllowed).isPositive();
        assertThat(dollarsWithout).isPositive();
        assertThat(zeroCounts).isPositive();
        assertThat(rangeCounts).isPositive();
    }

    @Test
    void minAndMaxAreTheExtremesOfTheItemsNegotiatedDollars() throws IOException {
        GenerationReport[] report = new GenerationReport[1];
        TestingMrfReader.Csv csv = TestingMrfReader.readCsv(write(GeneratorOptions.defaults(Layout.CSV_WIDE, "3.0.0")
                .withTargetBytes(300_000), report));
        List<Integer> dollarColumns = new ArrayList<>();
        for (int i = 0; i < csv.headers().size(); i++) {
            if (csv.headers().get(i).endsWith("|negotiated_dollar")) {
                dollarColumns.add(i);
            }
        }
        int checked = 0;
        for (String[] r : csv.records()) {
            List<java.math.BigDecimal> dollars = dollarColumns.stream().map(c -> r[c]).filter(s -> !s.isEmpty())
                    .map(java.math.BigDecimal::new).toList();
            if (dollars.isEmpty()) {
                assertThat(csv.cell(r, "standard_charge|min")).isEmpty();
                continue;
            }
            checked++;
            assertThat(new java.math.BigDecimal(csv.cell(r, "standard_charge|min")))
                    .isEqualByComparingTo(dollars.stream().min(java.math.BigDecimal::compareTo).orElseThrow());
            assertThat(new java.math.BigDecimal(csv.cell(r, "standard_charge|max")))
                    .isEqualByComparingTo(dollars.stream().max(java.math.BigDecimal::compareTo).orElseThrow());
        }
        assertThat(checked).isPositive();
    }

    @Test
    void payersIncludeBluesMedicareAdvantageAndMedicaidPlans() throws IOException {
        GenerationReport[] report = new GenerationReport[1];
        TestingMrfReader.Csv csv = TestingMrfReader.readCsv(write(GeneratorOptions.defaults(Layout.CSV_TALL, "3.0.0")
                .withPayers(40, 4).withHospital("Test Hospital", "TX").withTargetBytes(2_000_000), report));
        java.util.Set<String> payers = TestingMrfReader.distinct(csv, "payer_name");
        java.util.Set<String> plans = TestingMrfReader.distinct(csv, "plan_name");
        // half the payers in the house style of many real files: AETNA [1001], plans HB AETNA PPO
        java.util.function.Function<String, String> plain = s -> s.replaceAll(" \\[\\d+\\]$", "")
                .replaceAll("^HB \\S+ ", "").toLowerCase(java.util.Locale.ROOT);
        assertThat(payers.stream().map(plain).toList()).contains("blue cross blue shield of texas");
        assertThat(plans.stream().map(plain).toList()).contains("ppo", "hmo", "medicare advantage hmo", "medicaid managed care");
        assertThat(payers).anyMatch(p -> p.matches("[A-Z0-9 ,.&-]+ \\[\\d+\\]")).anyMatch(p -> !p.contains("["));
        assertThat(plans).anyMatch(p -> p.startsWith("HB "));
        assertThat(payers.size()).isGreaterThan(35);
    }

    @Test
    void dirtyValuesAreCountedByKind() throws IOException {
        for (Layout layout : List.of(Layout.CSV_TALL, Layout.CSV_WIDE, Layout.JSON)) {
            GeneratorOptions options = GeneratorOptions.defaults(layout, "3.0.0").withTargetBytes(400_000)
                    .withDirtyRate(0.05);
            GenerationReport[] report = new GenerationReport[1];
            Path file = write(options, report);
            List<String> dollars = new ArrayList<>();
            if (layout == Layout.JSON) {
                JsonNode root = TestingMrfReader.readJson(file);
                for (JsonNode item : root.get("standard_charge_information")) {
                    for (JsonNode charge : item.get("standard_charges")) {
                        for (JsonNode payer : charge.path("payers_information")) {
                            if (payer.has("standard_charge_dollar")) {
                                JsonNode d = payer.get("standard_charge_dollar");
                                dollars.add(d.isTextual() ? d.asText() : d.decimalValue().toPlainString());
                            }
                        }
                    }
                }
            } else {
                TestingMrfReader.Csv csv = TestingMrfReader.readCsv(file);
                for (String[] r : csv.records()) {
                    for (int i = 0; i < csv.headers().size(); i++) {
                        if (csv.headers().get(i).endsWith("negotiated_dollar") && !r[i].isEmpty()) {
                            dollars.add(r[i]);
                        }
                    }
                }
            }
            long bad = dollars.stream().filter(d -> !TestingCmsRules.NUMBER.matcher(d).matches()).count();
            long unreadable = dollars.stream().filter(d -> !TestingCmsRules.NUMBER.matcher(d).matches())
                    .filter(d -> !Catalog.PLACEHOLDERS.contains(d))
                    .filter(d -> !d.replace("$", "").replace(",", "").matches("\\d+\\.\\d{2}")).count();
            assertThat(bad).as("bad dollars in %s", layout).isEqualTo(report[0].badValues()).isPositive();
            assertThat(unreadable).as("unreadable dollars in %s", layout).isEqualTo(report[0].unreadableValues())
                    .isPositive();
        }
    }

    @Test
    void gzipWhenTheNameEndsInGz() throws IOException {
        GeneratorOptions options = GeneratorOptions.defaults(Layout.CSV_TALL, "2.0.0").withTargetBytes(50_000);
        Path gz = dir.resolve("file.csv.gz");
        GenerationReport report = MrfGenerator.writeTo(options, gz);
        byte[] plain;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            plain = in.readAllBytes();
        }
        assertThat(plain).isEqualTo(bytes(options));
        assertThat(Files.size(gz)).isLessThan(report.bytesWritten());
    }

    @Test
    void npiCheckDigitFollowsTheLuhnRuleWithThe80840Prefix() {
        assertThat(Hospital.npi(123456789)).isEqualTo("1234567893");
        assertThat(Hospital.npi(124531959)).isEqualTo("1245319599");
    }

    @Test
    void memoryDoesNotGrowWithSize() throws IOException {
        Runtime rt = Runtime.getRuntime();
        GeneratorOptions options = GeneratorOptions.defaults(Layout.JSON, "3.0.0").withTargetBytes(300L << 20);
        java.util.concurrent.atomic.AtomicLong peak = new java.util.concurrent.atomic.AtomicLong();
        // growth over what the JVM already holds (in the Maven run, a shared Spark session lives in the same heap)
        System.gc();
        long baseline = rt.totalMemory() - rt.freeMemory();
        java.io.OutputStream sink = new java.io.OutputStream() {
            private long n;

            @Override
            public void write(int b) {
                n++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                n += len;
                if ((n & ((1 << 26) - 1)) < len) {
                    System.gc();
                    peak.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
                }
            }
        };
        GenerationReport report = MrfGenerator.generate(options, sink);
        assertThat(report.bytesWritten()).isGreaterThanOrEqualTo(300L << 20);
        // the live heap after a collection, sampled every 64 MiB written, stays far below the 300 MiB written
        assertThat(peak.get() - baseline).isLessThan(64L << 20);
    }

    @Test
    void sameItemsInEveryLayoutForTheSameSeed() throws IOException {
        GenerationReport[] tall = new GenerationReport[1];
        GenerationReport[] json = new GenerationReport[1];
        TestingMrfReader.Csv csv = TestingMrfReader.readCsv(write(GeneratorOptions.defaults(Layout.CSV_TALL, "3.0.0")
                .withTargetBytes(100_000), tall));
        JsonNode root = TestingMrfReader.readJson(write(GeneratorOptions.defaults(Layout.JSON, "3.0.0")
                .withTargetBytes(100_000), json));
        Iterator<JsonNode> items = root.get("standard_charge_information").iterator();
        String first = items.next().get("description").asText();
        assertThat(csv.cell(csv.records().get(0), "description")).isEqualTo(first);
    }
}
