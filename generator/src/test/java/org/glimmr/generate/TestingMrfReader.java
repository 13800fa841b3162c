package org.glimmr.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads small MRFs with general-purpose libraries (univocity for CSV, a Jackson tree for JSON), independently of the
 * project's parsers, to count canonical rows and to look at cells. Holds the whole file: for test files only.
 */
final class TestingMrfReader {
    private TestingMrfReader() {}

    /** Payer-specific wide column kinds, by the header's first part (3-part) or last part (4-part). */
    static final Set<String> WIDE_THREE_PART = Set.of("estimated_amount", "median_amount", "10th_percentile",
            "90th_percentile", "count", "additional_payer_notes");
    static final Set<String> WIDE_FOUR_PART = Set.of("negotiated_dollar", "negotiated_percentage",
            "negotiated_algorithm", "methodology");

    /** A CSV MRF: rows 1–3 and the data records, cells trimmed, header names normalized ({@link #norm}). */
    record Csv(List<String> generalHeaders, List<String> generalValues, List<String> headers, List<String[]> records,
               Map<String, Integer> index) {
        Csv(List<String> generalHeaders, List<String> generalValues, List<String> headers, List<String[]> records) {
            this(generalHeaders, generalValues, headers, records, firstIndex(headers));
        }

        private static Map<String, Integer> firstIndex(List<String> headers) {
            Map<String, Integer> index = new java.util.HashMap<>();
            for (int i = 0; i < headers.size(); i++) {
                index.putIfAbsent(headers.get(i), i);
            }
            return index;
        }

        int column(String normalizedName) {
            return index.getOrDefault(normalizedName, -1);
        }

        String cell(String[] record, String normalizedName) {
            int i = column(normalizedName);
            return i < 0 || i >= record.length ? "" : record[i];
        }

        /** Row-2 value under a row-1 header. */
        String general(String normalizedName) {
            int i = generalHeaders.indexOf(normalizedName);
            return i < 0 || i >= generalValues.size() ? "" : generalValues.get(i);
        }

        boolean isTall() {
            return headers.contains("payer_name") && headers.contains("plan_name");
        }

        /** Wide payer/plan groups (lower-cased {@code payer|plan}) → indexes of their columns, in header order. */
        Map<String, List<Integer>> wideGroups() {
            Map<String, List<Integer>> groups = new LinkedHashMap<>();
            for (int i = 0; i < headers.size(); i++) {
                String key = wideGroupKey(headers.get(i));
                if (key != null) {
                    groups.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
                }
            }
            return groups;
        }

        /** The canonical rows: tall, one per record; wide, per record the groups with a value, or 1. */
        long canonicalRows() {
            if (isTall()) {
                return records.size();
            }
            Map<String, List<Integer>> groups = wideGroups();
            long rows = 0;
            for (String[] record : records) {
                int filled = 0;
                for (List<Integer> columns : groups.values()) {
                    for (int c : columns) {
                        if (c < record.length && !record[c].isEmpty()) {
                            filled++;
                            break;
                        }
                    }
                }
                rows += Math.max(1, filled);
            }
            return rows;
        }
    }

    /** {@code payer|plan} lower-cased for a payer-specific wide header, else null. */
    static String wideGroupKey(String normalizedHeader) {
        String[] parts = normalizedHeader.split("\\|", -1);
        if (parts.length == 4 && parts[0].equals("standard_charge") && WIDE_FOUR_PART.contains(parts[3])) {
            return parts[1] + "|" + parts[2];
        }
        if (parts.length == 3 && WIDE_THREE_PART.contains(parts[0])) {
            return parts[1] + "|" + parts[2];
        }
        return null;
    }

    /** Header as the CMS validator compares it: parts around {@code |} trimmed, lower-cased. */
    static String norm(String header) {
        String[] parts = header.split("\\|", -1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                sb.append('|');
            }
            sb.append(parts[i].trim().toLowerCase(Locale.ROOT));
        }
        return sb.toString();
    }

    static String text(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int start = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        return new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
    }

    static Csv readCsv(Path file) throws IOException {
        CsvParserSettings settings = new CsvParserSettings();
        settings.setMaxColumns(200_000);
        settings.setMaxCharsPerColumn(1 << 20);
        settings.setLineSeparatorDetectionEnabled(true);
        settings.setNullValue("");
        settings.setEmptyValue("");
        settings.setSkipEmptyLines(true);
        List<String[]> rows = new CsvParser(settings).parseAll(new StringReader(text(file)));
        List<String[]> trimmed = new ArrayList<>(rows.size());
        for (String[] row : rows) {
            String[] t = new String[row.length];
            for (int i = 0; i < row.length; i++) {
                t[i] = row[i] == null ? "" : row[i].trim();
            }
            trimmed.add(t);
        }
        List<String> generalHeaders = trimmed.get(0).length == 0 ? List.of()
                : java.util.Arrays.stream(trimmed.get(0)).map(TestingMrfReader::norm).toList();
        List<String> generalValues = List.of(trimmed.get(1));
        List<String> headers = java.util.Arrays.stream(trimmed.get(2)).map(TestingMrfReader::norm).toList();
        return new Csv(generalHeaders, generalValues, headers, trimmed.subList(3, trimmed.size()));
    }

    static JsonNode readJson(Path file) throws IOException {
        return new ObjectMapper().readTree(text(file));
    }

    /** JSON canonical rows: per standard charge its payers_information elements, or 1. */
    static long jsonCanonicalRows(JsonNode root) {
        long rows = 0;
        for (JsonNode item : root.path("standard_charge_information")) {
            for (JsonNode charge : item.path("standard_charges")) {
                int payers = charge.path("payers_information").size();
                rows += Math.max(1, payers);
            }
        }
        return rows;
    }

    /** Distinct values of a column, for messages and quick checks. */
    static Set<String> distinct(Csv csv, String normalizedName) {
        Set<String> values = new LinkedHashSet<>();
        for (String[] record : csv.records()) {
            values.add(csv.cell(record, normalizedName));
        }
        return values;
    }
}
