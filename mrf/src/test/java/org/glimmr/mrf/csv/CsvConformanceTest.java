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
import org.junit.jupiter.api.io.TempDir;

/**
 * Every CSV of the CMS manifest (examples, templates, validator fixtures, real hospital fragments): what the CMS
 * validator says about it must show in what the reader gives; valid files must give exactly as many canonical rows
 * as an independent count made with univocity-parsers; every negotiated dollar and percentage cell of a file must
 * be in a row, a rejected value or a column a finding names (counted the way an outsider's digest counts them, by
 * the column name alone, with no header rules of the reader's); and every non-blank item header must be read or
 * named by a finding.
 */
class CsvConformanceTest {
    /** The CMS validator's error names in MANIFEST.tsv and the rule (or rejection) that must name the same problem. */
    private static final Map<String, String> VALIDATOR_ERRORS = Map.of(
            "MinRowsError", "MinRows",
            "InvalidDateError", "InvalidDate",
            "RequiredValueError", "RequiredValue",
            "HeaderBlankError", "HeaderBlank",
            "ColumnMissingError", "HeaderColumnMissing");

    @TempDir
    Path dir;

    /** Negotiated cells the digest-style check counted over the whole manifest: it must have had work to do. */
    private long cellsChecked;

    @Test
    void headersRealFilesWritePassTheSameChecks() throws IOException {
        // a payer name with | next to a plan and without one in brackets, a no-break space after a header, mixed case,
        // brackets, columns that are not read: what the manifest's files do not show
        String row3 = "description,code|1,code|1|type,setting,standard_charge|gross,standard_charge|min,standard_charge|max,"
                + "additional_generic_notes,standard_charge|Aetna|PPO|negotiated_dollar,standard_charge|Aetna|PPO|methodology,"
                + "standard_charge|Blue Cross|Blue Shield|PPO|negotiated_dollar,standard_charge|Blue Cross|Blue Shield|PPO|methodology,"
                + "Standard_Charge|Cigna|HMO|Negotiated_Dollar\u00A0,standard_charge | cigna | hmo | negotiated_percentage,"
                + "standard_charge|[Kaiser|North]|[Gold]|negotiated_dollar,standard_charge|Humana|Gold|negotiated_dollars,"
                + "standard_charge|||negotiated_dollar";
        String data = "MRI,70551,CPT,both,900,10,800,,100,other,200,other,300,40,400,500,600\n"
                + "CT,70450,CPT,both,700,10,800,,,,210,case rate,,45.5,410,,\n";
        Path file = dir.resolve("quirks.csv");
        Files.writeString(file, CsvTesting.V3_ROW1 + "\n" + CsvTesting.V3_ROW2 + "\n" + row3 + "\n" + data,
                StandardCharsets.UTF_8);
        Parsed p = CsvTesting.parse(file);

        assertThat(p.file().rejection()).isEmpty();
        assertEveryHeaderIsReadOrNamed(p, "quirks.csv");
        assertEveryNegotiatedCellIsAccountedFor(file, p, "quirks.csv");
        assertThat((long) p.rows().size()).as("canonical rows vs independent count").isEqualTo(independentCount(file));
        assertThat(p.findings("UnmappedColumn")).hasSize(2);
        assertThat(p.rows().stream().filter(r -> r.negotiatedDollar().isPresent()).count()).isEqualTo(6);
    }

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
            assertEveryHeaderIsReadOrNamed(p, summary);
            assertEveryNegotiatedCellIsAccountedFor(entry.file(), p, summary);
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
        assertThat(cellsChecked).as("negotiated cells the digest-style check counted").isGreaterThan(100);
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
        Records records = Records.read(file);
        List<String> groupOfColumn = new ArrayList<>();
        for (String header : records.row3()) {
            groupOfColumn.add(groupKey(header == null ? "" : header));
        }
        boolean wide = groupOfColumn.stream().anyMatch(g -> g != null);
        if (!wide) {
            return records.data().size();
        }
        long count = 0;
        for (String[] record : records.data()) {
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

    /**
     * The payer/plan text of a wide payer column, or null: what lies between {@code standard_charge|} and the field
     * name at the end, or after the field name at the start, with spaces around each {@code |} and enclosing brackets
     * ignored. Found by anchored patterns on the whole header, not by splitting it into parts as the reader does.
     */
    private static String groupKey(String header) {
        String h = header.replaceAll("[\\s\\u00A0\\u2007\\u202F\\uFEFF]*\\|[\\s\\u00A0\\u2007\\u202F\\uFEFF]*", "|")
                .replaceAll("^[\\s\\u00A0\\uFEFF]+|[\\s\\u00A0\\uFEFF]+$", "").toLowerCase(Locale.ROOT);
        java.util.regex.Matcher m = SUFFIXED.matcher(h);
        if (!m.matches()) {
            m = PREFIXED.matcher(h);
            if (!m.matches()) {
                return null;
            }
        }
        String middle = m.group(1).replaceAll("(^|\\|)\\[", "$1").replaceAll("\\](\\||$)", "$1");
        return middle.replace("|", "").isBlank() ? null : middle; // a column that names no payer is no group
    }

    private static final java.util.regex.Pattern SUFFIXED = java.util.regex.Pattern.compile(
            "standard_charge\\|(.+)\\|(?:negotiated_dollar|negotiated_percentage|negotiated_algorithm|methodology)");
    private static final java.util.regex.Pattern PREFIXED = java.util.regex.Pattern.compile(
            "(?:estimated_amount|median_amount|10th_percentile|90th_percentile|count|additional_payer_notes)\\|(.+)");

    /** Every non-blank item header is read, a duplicate, or named in an UnmappedColumn finding. */
    private static void assertEveryHeaderIsReadOrNamed(Parsed p, String summary) {
        CsvColumns columns = ((CsvMrfFile) p.file()).columns();
        java.util.BitSet read = columns.readColumns();
        Set<String> named = new HashSet<>();
        for (Finding f : p.findings()) {
            if (f.rule().equals("UnmappedColumn") || f.rule().equals("DuplicateHeaderColumn")) {
                named.add(f.location());
            }
        }
        for (int col = 0; col < columns.width; col++) {
            String header = columns.written[col];
            if (!header.isEmpty() && !read.get(col)) {
                assertThat(named).as(summary + ": column " + (col + 1) + " is read or named")
                        .contains("line 3, column \"" + header + "\"");
            }
        }
    }

    /**
     * The negotiated dollar and percentage cells, counted as an outsider's digest counts them (every column whose
     * name contains negotiated_dollar / negotiated_percentage, every non-blank cell), are each in a row, in a
     * rejected value of that column, or in a column a finding names as not read; and the readable ones add up to
     * the same sum as the rows' values.
     */
    private void assertEveryNegotiatedCellIsAccountedFor(Path file, Parsed p, String summary) throws IOException {
        Records records = Records.read(file);
        Set<String> unread = new HashSet<>();
        p.findings().stream().filter(f -> f.rule().equals("UnmappedColumn") || f.rule().equals("DuplicateHeaderColumn"))
                .forEach(f -> unread.add(f.location().replaceAll("^line \\d+, column \"(.*)\"$", "$1")));
        for (String field : List.of("negotiated_dollar", "negotiated_percentage")) {
            long cells = 0;
            long unreadCells = 0;
            java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
            for (int c = 0; c < records.row3().length; c++) {
                String header = records.row3()[c] == null ? "" : records.row3()[c];
                if (!header.toLowerCase(Locale.ROOT).contains(field)) {
                    continue;
                }
                boolean notRead = unread.contains(header.replaceAll("^[\\s\\u00A0]+|[\\s\\u00A0]+$", ""));
                for (String[] r : records.data()) {
                    String cell = c < r.length && r[c] != null ? r[c].trim() : "";
                    if (cell.isEmpty() || cell.equalsIgnoreCase("N/A")) {
                        continue;
                    }
                    cells++;
                    if (notRead) {
                        unreadCells++;
                    } else if (cell.matches("\\d+(\\.\\d*)?|\\.\\d+")) {
                        sum = sum.add(new java.math.BigDecimal(cell));
                    }
                }
            }
            boolean dollar = field.equals("negotiated_dollar");
            long inRows = p.rows().stream().filter(r -> (dollar ? r.negotiatedDollar() : r.negotiatedPercentage()).isPresent())
                    .count();
            long leftOut = p.rejected().stream().filter(r -> r.reason().valueOnly())
                    .filter(r -> r.location().toLowerCase(Locale.ROOT).contains(field)).count();
            cellsChecked += cells;
            assertThat(inRows + leftOut + unreadCells).as(summary + ": " + field + " cells in rows + left out + in columns"
                    + " not read, against the cells counted by column name").isEqualTo(cells);
            java.math.BigDecimal rowSum = p.rows().stream()
                    .map(r -> (dollar ? r.negotiatedDollar() : r.negotiatedPercentage()).orElse(java.math.BigDecimal.ZERO))
                    .filter(v -> v.signum() > 0).reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add);
            assertThat(rowSum).as(summary + ": sum of the plainly written " + field + " values").isEqualByComparingTo(sum);
        }
    }

    /** A file's item headers and data records, split by univocity-parsers (not by the reader). */
    record Records(String[] row3, List<String[]> data) {
        static Records read(Path file) throws IOException {
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
            settings.setIgnoreLeadingWhitespaces(false);
            settings.setIgnoreTrailingWhitespaces(false);
            List<String[]> records = new CsvParser(settings).parseAll(new java.io.StringReader(text));
            int i = 0;
            while (i < records.size() && blank(records.get(i))) {
                i++;
            }
            i += 2; // row 1 and row 2
            while (i < records.size() && blank(records.get(i))) {
                i++;
            }
            return new Records(records.get(i), records.subList(i + 1, records.size()).stream().filter(r -> !blank(r)).toList());
        }
    }
}
