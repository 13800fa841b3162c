package org.glimmr.mrf.csv;

import static org.assertj.core.api.Assertions.assertThat;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.glimmr.mrf.CmsHptFiles;
import org.glimmr.mrf.Finding;
import org.glimmr.mrf.Layout;
import org.glimmr.mrf.RejectReason;
import org.glimmr.mrf.RejectedRow;
import org.glimmr.mrf.csv.CsvTesting.Parsed;
import org.junit.jupiter.api.Test;

/**
 * Every CSV of the CMS manifest (examples, templates, validator fixtures, real hospital fragments): what the CMS
 * validator says about it must show in what the reader gives, and valid files must give exactly as many canonical
 * rows as an independent count made with univocity-parsers.
 */
class CsvConformanceTest {
    /** The CMS validator's error names in MANIFEST.tsv and the rule (or rejection) that must name the same problem. */
    private static final Map<String, String> VALIDATOR_ERRORS = Map.of(
            "MinRowsError", "MinRows",
            "InvalidDateError", "InvalidDate",
            "RequiredValueError", "RequiredValue",
            "HeaderBlankError", "HeaderBlank",
            "ColumnMissingError", "HeaderColumnMissing");

    @Test
    void everyCmsCsvFileIsReadAsTheValidatorSees() throws IOException {
        List<CmsHptFiles.Entry> entries = CmsHptFiles.manifest().stream()
                .filter(e -> e.format().equals("csv-tall") || e.format().equals("csv-wide")).toList();
        assertThat(entries).hasSizeGreaterThan(30);
        for (CmsHptFiles.Entry entry : entries) {
            Parsed p = CsvTesting.parse(entry.file(), 2048);
            String summary = summary(entry, p);
            System.out.println(summary);
            String validity = entry.expectedValidity();
            if (validity.contains("placeholder")) {
                assertThat(p.file().rejection()).as(summary).map(RejectedRow::reason)
                        .contains(RejectReason.TEMPLATE_PLACEHOLDERS);
                assertThat(p.file().rejection().orElseThrow().message()).as(summary).contains("CMS template");
                continue;
            }
            if (entry.expectedInvalid()) {
                assertInvalidFileNamesTheProblem(entry, p, summary);
                continue;
            }
            assertThat(p.file().rejection()).as(summary).isEmpty();
            assertThat(p.rejected()).as(summary).isEmpty();
            Layout expectedLayout = entry.format().equals("csv-wide") ? Layout.CSV_WIDE : Layout.CSV_TALL;
            assertThat(p.file().layout()).as(summary).isEqualTo(expectedLayout);
            assertThat(p.file().header().orElseThrow().hospitalName()).as(summary).isNotBlank();
            assertThat((long) p.rows().size()).as("canonical rows vs independent count: " + summary)
                    .isEqualTo(independentCount(entry.file()));
            if (entry.localPath().startsWith("real/")) {
                // header-only fragments: read, typed, and reported as having no rows
                assertThat(p.file().header().orElseThrow().templateVersion()).as(summary)
                        .isEqualTo(entry.version().contains("3.0.0") ? "3.0.0" : "2.0.0");
                assertThat(p.findings("MinRows")).as(summary).hasSize(1);
            }
            if (entry.expectedValid()) {
                assertThat(p.findings()).as(summary).extracting(Finding::rule)
                        .doesNotContain("AmbiguousFormat", "HeaderBlank", "MinRows", "CodePairMissing", "InvalidDate");
            }
        }
    }

    private static void assertInvalidFileNamesTheProblem(CmsHptFiles.Entry entry, Parsed p, String summary) {
        List<String> rules = p.findings().stream().map(Finding::rule).toList();
        boolean named = false;
        for (Map.Entry<String, String> e : VALIDATOR_ERRORS.entrySet()) {
            if (!entry.expectedValidity().contains(e.getKey())) {
                continue;
            }
            named = true;
            if (e.getKey().equals("ColumnMissingError")) {
                String column = entry.expectedValidity().replaceAll(".*ColumnMissingError\\(\"([^\"]+)\"\\).*", "$1");
                boolean inFinding = p.findings(e.getValue()).stream().anyMatch(f -> f.message().contains(column));
                boolean inRejection = p.file().rejection().filter(r -> r.reason() == RejectReason.BAD_HEADER)
                        .filter(r -> r.message().contains(column)).isPresent();
                assertThat(inFinding || inRejection).as(summary + ": names the missing column " + column).isTrue();
            } else {
                assertThat(rules).as(summary).contains(e.getValue());
            }
            if (e.getKey().equals("RequiredValueError") && entry.expectedValidity().contains("methodology")) {
                assertThat(p.findings("RequiredValue")).as(summary)
                        .anyMatch(f -> f.location().contains("standard_charge|methodology"));
            }
        }
        if (!named) {
            // "many errors": at least some error findings
            assertThat(p.findings()).as(summary).isNotEmpty();
        }
    }

    private static String summary(CmsHptFiles.Entry entry, Parsed p) {
        Map<String, Long> rules = new TreeMap<>(p.findings().stream()
                .collect(Collectors.groupingBy(Finding::rule, Collectors.counting())));
        return String.format("%-110s %-9s %-6s rows=%-4d rejected=%-2d %s %s", entry.localPath(), p.file().layout().value(),
                p.file().header().map(h -> h.templateVersion()).orElse("-"), p.rows().size(), p.rejected().size(),
                p.file().rejection().map(r -> "FILE " + r.reason()).orElse(""), rules);
    }

    /**
     * Canonical rows counted without the reader: univocity splits the records; then tall = data records, wide = per
     * record the payer/plan groups with any value, or 1.
     */
    static long independentCount(Path file) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        text = text.replace("\r\n", "\n").replace('\r', '\n');
        CsvParserSettings settings = new CsvParserSettings();
        settings.getFormat().setLineSeparator("\n");
        settings.setMaxColumns(100_000);
        settings.setMaxCharsPerColumn(-1);
        settings.setSkipEmptyLines(false);
        settings.setNullValue("");
        settings.setEmptyValue("");
        List<String[]> records = new CsvParser(settings).parseAll(new java.io.StringReader(text));
        int i = 0;
        while (i < records.size() && blank(records.get(i))) {
            i++;
        }
        i += 2; // row 1 and row 2
        while (i < records.size() && blank(records.get(i))) {
            i++;
        }
        String[] row3 = records.get(i);
        List<String[]> data = records.subList(i + 1, records.size()).stream().filter(r -> !blank(r)).toList();
        List<String> groupOfColumn = new ArrayList<>();
        for (String header : row3) {
            groupOfColumn.add(groupKey(header == null ? "" : header));
        }
        boolean wide = groupOfColumn.stream().anyMatch(g -> g != null);
        if (!wide) {
            return data.size();
        }
        long count = 0;
        for (String[] record : data) {
            Set<String> groups = new HashSet<>();
            for (int c = 0; c < record.length && c < groupOfColumn.size(); c++) {
                if (groupOfColumn.get(c) != null && record[c] != null && !record[c].isBlank()) {
                    groups.add(groupOfColumn.get(c));
                }
            }
            count += Math.max(1, groups.size());
        }
        return count;
    }

    private static boolean blank(String[] record) {
        return Arrays.stream(record).allMatch(c -> c == null || c.isBlank());
    }

    /** payer|plan (lower case, brackets dropped) of a wide payer column, or null. */
    private static String groupKey(String header) {
        String[] parts = Arrays.stream(header.split("\\|", -1)).map(s -> s.trim().toLowerCase(Locale.ROOT))
                .map(s -> s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s)
                .toArray(String[]::new);
        Set<String> suffixes = Set.of("negotiated_dollar", "negotiated_percentage", "negotiated_algorithm", "methodology");
        Set<String> prefixes = Set.of("estimated_amount", "median_amount", "10th_percentile", "90th_percentile", "count",
                "additional_payer_notes");
        if (parts.length == 4 && parts[0].equals("standard_charge") && suffixes.contains(parts[3])) {
            return parts[1] + "|" + parts[2];
        }
        if (parts.length == 3 && parts[0].equals("standard_charge") && suffixes.contains(parts[2])) {
            return parts[1] + "|";
        }
        if ((parts.length == 3 || parts.length == 2) && prefixes.contains(parts[0])) {
            return parts[1] + "|" + (parts.length == 3 ? parts[2] : "");
        }
        return null;
    }
}
