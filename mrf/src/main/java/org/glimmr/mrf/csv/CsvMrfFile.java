package org.glimmr.mrf.csv;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.glimmr.mrf.BoundedInputStream;
import org.glimmr.mrf.ByteSource;
import org.glimmr.mrf.FileHeader;
import org.glimmr.mrf.Finding;
import org.glimmr.mrf.Findings;
import org.glimmr.mrf.Layout;
import org.glimmr.mrf.MrfFile;
import org.glimmr.mrf.MrfSink;
import org.glimmr.mrf.RejectReason;
import org.glimmr.mrf.RejectedRow;
import org.glimmr.mrf.Rule;
import org.glimmr.mrf.Severity;
import org.glimmr.mrf.Split;
import org.glimmr.mrf.SplitStats;
import org.glimmr.mrf.Utf8RepairingInputStream;

/**
 * A CMS CSV machine-readable file, tall or wide, v2 or v3. {@link #open} reads rows 1–3 (general headers, their
 * values, item headers) and works out the layout, the template version and the meaning of every column;
 * {@link #splits} cuts the data rows at record boundaries by one scan of the raw bytes
 * ({@link CsvRecordBoundaries}); {@link #parse} turns the records of a split into canonical rows, rejected rows and
 * findings, streaming one record at a time.
 */
public final class CsvMrfFile implements MrfFile {
    private static final String EXPECTED_ITEM_HEADERS = "description, code|1, code|1|type, setting,"
            + " standard_charge|gross, standard_charge|discounted_cash, and payer_name/plan_name (tall) or"
            + " standard_charge|<payer>|<plan>|negotiated_dollar … (wide)";

    private final ByteSource source;
    private final Layout layout;
    private final Optional<FileHeader> header;
    private final List<Finding> fileFindings;
    private final Optional<RejectedRow> rejection;
    private final CsvColumns columns;
    private final String templateVersion;
    private final int headerRecords;

    private CsvMrfFile(ByteSource source, Layout layout, Optional<FileHeader> header, List<Finding> fileFindings,
            Optional<RejectedRow> rejection, CsvColumns columns, String templateVersion, int headerRecords) {
        this.source = requireNonNull(source, "source is null");
        this.layout = requireNonNull(layout, "layout is null");
        this.header = requireNonNull(header, "header is null");
        this.fileFindings = List.copyOf(fileFindings);
        this.rejection = requireNonNull(rejection, "rejection is null");
        this.columns = columns;
        this.templateVersion = requireNonNull(templateVersion, "templateVersion is null");
        this.headerRecords = headerRecords;
    }

    /** Reads the header rows. Never throws for bad content: an unusable file comes back with a {@link #rejection()}. */
    public static MrfFile open(ByteSource source) throws IOException {
        requireNonNull(source, "source is null");
        HeaderRows rows = HeaderRows.read(source);
        return rows.toFile(source);
    }

    /** The meaning of each item column; null when the file is rejected. */
    CsvColumns columns() {
        return columns;
    }

    @Override
    public ByteSource source() {
        return source;
    }

    @Override
    public Layout layout() {
        return layout;
    }

    @Override
    public Optional<FileHeader> header() {
        return header;
    }

    @Override
    public List<Finding> fileFindings() {
        return fileFindings;
    }

    @Override
    public Optional<RejectedRow> rejection() {
        return rejection;
    }

    @Override
    public List<Split> splits(long targetBytes) throws IOException {
        if (targetBytes <= 0) {
            throw new IllegalArgumentException("targetBytes must be positive, got " + targetBytes);
        }
        if (rejection.isPresent()) {
            return List.of();
        }
        Split whole = new Split(0, 0, Long.MAX_VALUE, 1, 0);
        long length = source.length();
        if (length < 0 || length <= targetBytes) {
            return List.of(whole);
        }
        long start;
        long firstLine;
        try (InputStream in = source.open(0)) {
            CsvTokenizer t = new CsvTokenizer(in, 1, 0, false);
            for (int i = 0; i < headerRecords; i++) {
                if (!t.next()) {
                    return List.of(whole);
                }
            }
            start = t.endOffset();
            firstLine = t.nextLine();
        }
        try (InputStream in = source.open(start)) {
            return CsvRecordBoundaries.splits(in, start, firstLine, length, targetBytes);
        }
    }

    @Override
    public SplitStats parse(Split split, MrfSink sink) throws IOException {
        requireNonNull(split, "split is null");
        requireNonNull(sink, "sink is null");
        if (rejection.isPresent()) {
            return SplitStats.EMPTY;
        }
        InputStream raw = source.open(split.start());
        if (split.end() != Long.MAX_VALUE) {
            raw = new BoundedInputStream(raw, split.end() - split.start());
        }
        try (Utf8RepairingInputStream in = new Utf8RepairingInputStream(raw, split.start() == 0)) {
            CsvTokenizer t = new CsvTokenizer(in, split.firstLine(), split.start());
            if (split.start() == 0) {
                for (int i = 0; i < headerRecords && t.next(); i++) {
                    // the header rows, already read by open()
                }
            }
            Findings findings = new Findings(sink);
            CsvRowReader reader = new CsvRowReader(columns, templateVersion, findings, sink);
            long firstLine = t.nextLine();
            while (t.next()) {
                if (!t.blank()) {
                    reader.read(t);
                }
            }
            long emitted = findings.finish("lines " + firstLine + "–" + t.nextLine());
            return new SplitStats(reader.rows(), reader.rejected(), emitted, in.repairs());
        }
    }

    /** What open() read: rows 1–3 as cells, and whether data follows. */
    private static final class HeaderRows {
        final List<Finding> findings = new ArrayList<>();
        final StringBuilder raw = new StringBuilder();
        String[] row1;
        String[] row2;
        String[] row3;
        long line1;
        long line2;
        long line3;
        boolean itemHeadersFirst;
        boolean hasData;
        long dataLine;
        int records;
        /** Line of a header record whose quote is never closed, else 0. */
        long unbalancedQuote;

        static HeaderRows read(ByteSource source) throws IOException {
            HeaderRows rows = new HeaderRows();
            try (InputStream in = new Utf8RepairingInputStream(source.open(0), true)) {
                CsvTokenizer t = new CsvTokenizer(in, 1, 0);
                if (!rows.nextNonBlank(t, "row 1 must hold the general headers (hospital_name, last_updated_on,"
                        + " version, …)")) {
                    return rows;
                }
                rows.row1 = cells(t);
                rows.line1 = t.line();
                CsvColumns asItems = CsvColumns.read(rows.row1);
                if (asItems.item[CsvColumns.DESCRIPTION] >= 0 && asItems.layout != Layout.UNKNOWN) {
                    rows.itemHeadersFirst = true;
                    rows.row3 = rows.row1;
                    rows.line3 = rows.line1;
                } else {
                    if (!t.next()) {
                        return rows;
                    }
                    rows.records++;
                    if (t.malformed() || t.overflow()) {
                        rows.unbalancedQuote = t.line();
                        return rows;
                    }
                    rows.keepRaw(t);
                    rows.row2 = cells(t);
                    rows.line2 = t.line();
                    if (!rows.nextNonBlank(t, "row 3 must hold the item headers (" + EXPECTED_ITEM_HEADERS + ")")) {
                        return rows;
                    }
                    rows.row3 = cells(t);
                    rows.line3 = t.line();
                }
                rows.dataLine = t.nextLine();
                while (t.next()) {
                    if (!t.blank()) {
                        rows.hasData = true;
                        break;
                    }
                }
            }
            return rows;
        }

        /** Moves to the next non-blank record, with a HeaderBlank finding per blank one skipped. */
        private boolean nextNonBlank(CsvTokenizer t, String expected) throws IOException {
            while (t.next()) {
                records++;
                if (t.malformed() || t.overflow()) {
                    unbalancedQuote = t.line();
                    return false;
                }
                if (!t.blank()) {
                    keepRaw(t);
                    return true;
                }
                findings.add(new Finding(Rule.HEADER_BLANK, Severity.ERROR, "line " + t.line(), "line " + t.line()
                        + " is blank, but " + expected + ". The blank line was skipped; delete it."));
            }
            return false;
        }

        private void keepRaw(CsvTokenizer t) {
            if (raw.length() < RejectedRow.MAX_RAW) {
                raw.append(t.raw()).append('\n');
            }
        }

        private static String[] cells(CsvTokenizer t) {
            String[] cells = new String[t.size()];
            for (int i = 0; i < cells.length; i++) {
                cells[i] = t.cell(i);
            }
            return cells;
        }

        MrfFile toFile(ByteSource source) {
            if (unbalancedQuote > 0) {
                return rejected(source, Layout.UNKNOWN, Optional.empty(), RejectReason.BAD_HEADER, "a quoted cell in"
                        + " the header rows (the record starting on line " + unbalancedQuote + ") is never closed, so"
                        + " the headers cannot be read: balance the quotes (write \"\" for a quote inside a quoted"
                        + " cell).");
            }
            if (row1 == null) {
                return rejected(source, Layout.UNKNOWN, Optional.empty(), RejectReason.BAD_HEADER,
                        "the file has no rows: expected row 1 general headers, row 2 their values, row 3 item headers"
                                + " and data from row 4. Check the download.");
            }
            if (row3 == null) {
                return rejected(source, Layout.UNKNOWN, Optional.empty(), RejectReason.BAD_HEADER,
                        "the file has only " + records + " row(s), so it cannot be a CMS CSV file: expected row 1"
                                + " general headers (hospital_name, last_updated_on, version, …), row 2 their values"
                                + " and row 3 item headers (" + EXPECTED_ITEM_HEADERS + "). Check what was downloaded.");
            }
            CsvColumns columns = CsvColumns.read(row3);
            CsvGeneralHeader general = itemHeadersFirst ? CsvGeneralHeader.none()
                    : CsvGeneralHeader.read(row1, row2, line1, line2);
            if (itemHeadersFirst) {
                findings.add(new Finding(Rule.HEADER_COLUMN_MISSING, Severity.ERROR, "line " + line1,
                        "row 1 already holds the item headers: the general data rows (hospital_name,"
                                + " last_updated_on, version, location, address, license, statement) are missing."
                                + " Add them as rows 1 and 2."));
            }
            String version = templateVersion(general, columns);
            Layout layout = columns.layout;
            if (!columns.placeholders.isEmpty()) {
                String which = columns.placeholders.stream().limit(6).collect(Collectors.joining(", "));
                String message = hasData
                        ? "the item headers on line " + line3 + " still hold CMS template placeholders (" + which
                                + "), so their columns cannot be read. Replace [i] with 1, 2, … and [payer_name]/"
                                + "[plan_name] with the real payer and plan names."
                        : "this is the blank CMS template, not a hospital's file: the item headers on line " + line3
                                + " still hold the placeholders " + which + " and there are no data rows. Fetch the"
                                + " hospital's own file (the template is only the pattern it follows).";
                return rejected(source, layout, Optional.of(header(general, layout, version)),
                        RejectReason.TEMPLATE_PLACEHOLDERS, message);
            }
            if (columns.item[CsvColumns.DESCRIPTION] < 0) {
                findings.add(new Finding(Rule.HEADER_COLUMN_MISSING, Severity.ERROR, "line " + line3,
                        "the item headers on line " + line3 + " have no description column."));
                String found = java.util.Arrays.stream(row3).filter(s -> !s.isEmpty()).limit(8)
                        .map(s -> "\"" + CsvGeneralHeader.abbreviate(s) + "\"").collect(Collectors.joining(", "));
                return rejected(source, Layout.UNKNOWN, general.present() ? Optional.of(header(general, Layout.UNKNOWN,
                        version)) : Optional.empty(), RejectReason.BAD_HEADER, "line " + line3 + " should hold the"
                        + " item headers (" + EXPECTED_ITEM_HEADERS + ") but has no description column; it has: "
                        + (found.isEmpty() ? "nothing" : found) + ". This is not a CMS CSV file, or its rows 1–3 are"
                        + " not in the CMS order (general headers, their values, item headers).");
            }
            if (layout == Layout.UNKNOWN) {
                boolean both = columns.tallPayerColumns;
                String message = both
                        ? "the item headers have both tall columns (payer_name, plan_name) and wide payer columns"
                                + " (standard_charge|<payer>|<plan>|…), so the layout is ambiguous: use one layout."
                        : "the item headers have neither tall columns (payer_name and plan_name) nor wide payer"
                                + " columns (standard_charge|<payer>|<plan>|negotiated_dollar, …), so the layout is"
                                + " unknown: add payer_name and plan_name columns (tall) or payer columns (wide).";
                findings.add(new Finding(Rule.AMBIGUOUS_FORMAT, Severity.ERROR, "line " + line3, message));
                return rejected(source, Layout.UNKNOWN, Optional.of(header(general, Layout.UNKNOWN, version)),
                        RejectReason.BAD_HEADER, message);
            }
            FileHeader fileHeader = header(general, layout, version);
            Findings capped = new Findings(findings::add);
            for (String duplicate : columns.duplicates) {
                capped.add(new Finding(Rule.DUPLICATE_HEADER_COLUMN, Severity.ERROR, CsvGeneralHeader.location(line3,
                        duplicate), "the item header \"" + duplicate + "\" repeats an earlier column (headers are"
                        + " compared ignoring case and spaces around |); only the first is read. Make each header"
                        + " unique."));
            }
            // not capped: a file has as many of these as it has columns, and each names a column whose values are lost
            columns.unmapped.forEach((col, why) -> findings.add(new Finding(Rule.UNMAPPED_COLUMN, Severity.ALERT,
                    CsvGeneralHeader.location(line3, columns.written[col]), "column " + (col + 1) + ", \""
                            + columns.written[col] + "\", is not read, so its values are not in"
                            + " silver.standard_charges: " + why + ". Rename it to the CMS name it stands for, or"
                            + " leave it if it is the hospital's own column.")));
            for (String guess : columns.payerPlanGuesses) {
                findings.add(new Finding(Rule.AMBIGUOUS_PAYER_PLAN, Severity.ALERT, "line " + line3, guess
                        + ". A payer or plan name holds a |, the separator of the header's parts: write such names in"
                        + " square brackets ([A|B]|[plan]) or without the |."));
            }
            for (String missing : columns.missing(version)) {
                capped.add(new Finding(Rule.HEADER_COLUMN_MISSING, Severity.ERROR, "line " + line3, "the item headers"
                        + " (line " + line3 + ") have no \"" + missing + "\" column, required in a "
                        + layout.value() + " file under the " + (version.equals(CsvVocabulary.V3) ? "3.0" : "2.2")
                        + " rules: add it (it may be left blank where it has no value)."));
            }
            if (version.equals(CsvVocabulary.V3) && !columns.v2Markers.isEmpty()) {
                capped.add(new Finding(Rule.ESTIMATED_AMOUNT_IN_V3, Severity.ALERT, "line " + line3,
                        "the file follows the 3.0 template but has estimated_amount columns, which 3.0 replaced"
                                + " with median_amount, 10th_percentile, 90th_percentile and count; the values were"
                                + " kept, but move to the v3 columns."));
            }
            if (!hasData) {
                capped.add(new Finding(Rule.MIN_ROWS, Severity.ERROR, "line " + dataLine, "the file has its header rows"
                        + " but no data rows: at least one item must follow the item headers on line " + line3 + "."));
            }
            capped.finish("line " + line3);
            int headerRecords = records;
            return new CsvMrfFile(source, layout, Optional.of(fileHeader), findings, Optional.empty(), columns,
                    version, headerRecords);
        }

        private FileHeader header(CsvGeneralHeader general, Layout layout, String version) {
            List<Finding> headerFindings = new ArrayList<>();
            FileHeader fileHeader = general.toFileHeader(layout, version, headerFindings);
            findings.addAll(headerFindings);
            return fileHeader;
        }

        private String templateVersion(CsvGeneralHeader general, CsvColumns columns) {
            List<String> v3 = new ArrayList<>(general.v3Markers());
            v3.addAll(columns.v3Markers);
            List<String> v2 = new ArrayList<>(general.v2Markers());
            v2.addAll(columns.v2Markers);
            String cell = general.versionCell();
            String fromCell = CsvVocabulary.versionFromCell(cell);
            if (fromCell == null) {
                return v3.isEmpty() ? CsvVocabulary.V2 : CsvVocabulary.V3;
            }
            // a v3 file with estimated_amount columns gets EstimatedAmountInV3 instead
            List<String> other = fromCell.equals(CsvVocabulary.V3) ? general.v2Markers() : v3;
            if (!other.isEmpty()) {
                findings.add(new Finding(Rule.VERSION_MISMATCH, Severity.ALERT,
                        CsvGeneralHeader.location(line2, "version"), "the version cell says \"" + cell + "\" but the"
                                + " file has headers of the other template (" + String.join(", ", other) + "); it was"
                                + " read under the " + fromCell + " rules. Make the version and the headers agree."));
            }
            return fromCell;
        }

        private CsvMrfFile rejected(ByteSource source, Layout layout, Optional<FileHeader> header, RejectReason reason,
                String message) {
            RejectedRow rejection = new RejectedRow("file", reason, raw.toString(), message);
            return new CsvMrfFile(source, layout, header, findings, Optional.of(rejection), null,
                    header.map(FileHeader::templateVersion).orElse(CsvVocabulary.V2), records);
        }
    }
}
