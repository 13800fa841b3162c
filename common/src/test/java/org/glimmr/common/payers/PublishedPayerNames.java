package org.glimmr.common.payers;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.glimmr.mrf.Utf8RepairingInputStream;

/**
 * Reads the payer names a machine-readable file publishes, wherever they are: the {@code payer_name} column of a tall
 * CSV, the payer part of a wide CSV's column headers ({@code standard_charge|[payer]|[plan]|negotiated_dollar}), and
 * every {@code payer_name} key of a JSON file ({@code payers_information}, {@code modifier_payer_information}). It
 * reads headers too, because the real hospital files in {@code ../shared/cms-hpt} are header fragments without
 * charge rows, which the ingest parsers (rightly) turn into no rows.
 */
final class PublishedPayerNames {
    /** First parts of wide-CSV headers whose second part is a payer name. */
    private static final Set<String> WIDE_PREFIXES = Set.of("standard_charge", "estimated_amount", "additional_payer_notes",
            "median_amount", "10th_percentile", "90th_percentile", "count");

    private PublishedPayerNames() {}

    static void read(Path file, String format, Consumer<String> names) throws IOException {
        if (format.equals("json")) {
            readJson(file, names);
        } else if (format.startsWith("csv")) {
            readCsv(file, names);
        }
    }

    private static void readJson(Path file, Consumer<String> names) throws IOException {
        try (InputStream in = Files.newInputStream(file); JsonParser p = new JsonFactory().createParser(in)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME && p.currentName().equals("payer_name") && p.nextToken() == JsonToken.VALUE_STRING) {
                    names.accept(p.getText());
                }
            }
        } catch (JsonProcessingException e) {
            // a deliberately broken validator fixture: the names read before the error count, the rest is not JSON
        }
    }

    private static void readCsv(Path file, Consumer<String> names) throws IOException {
        CsvParserSettings settings = new CsvParserSettings();
        settings.setMaxCharsPerColumn(-1);
        settings.setMaxColumns(100_000);
        settings.setNullValue("");
        CsvParser parser = new CsvParser(settings);
        settings.getFormat().setComment('\0');
        // the parsers' own decoding: BOM dropped, bytes that are not UTF-8 read as Windows-1252
        try (Reader reader = new InputStreamReader(new Utf8RepairingInputStream(Files.newInputStream(file), true),
                StandardCharsets.UTF_8)) {
            List<String[]> rows = parser.parseAll(reader);
            if (rows.size() < 3) {
                return;
            }
            String[] headers = rows.get(2);
            int payerColumn = -1;
            for (int c = 0; c < headers.length; c++) {
                String header = headers[c] == null ? "" : headers[c].strip();
                String[] parts = header.split("\\|", -1);
                if (parts.length >= 3 && WIDE_PREFIXES.contains(parts[0].strip().toLowerCase(Locale.ROOT))) {
                    names.accept(parts[1].strip());
                }
                if (header.equalsIgnoreCase("payer_name")) {
                    payerColumn = c;
                }
            }
            if (payerColumn >= 0) {
                for (String[] row : rows.subList(3, rows.size())) {
                    if (payerColumn < row.length && row[payerColumn] != null && !row[payerColumn].isBlank()) {
                        names.accept(row[payerColumn].strip());
                    }
                }
            }
        }
    }
}
