package org.glimmr.mrf.csv;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.glimmr.mrf.FileHeader;
import org.glimmr.mrf.Finding;
import org.glimmr.mrf.Layout;
import org.glimmr.mrf.Rule;
import org.glimmr.mrf.Severity;

/**
 * Rows 1 and 2: the general data elements. Headers are matched like the CMS validator does (split on {@code |},
 * trim, ignore case), blank and unknown header cells are ignored, the statement is recognised by its opening words,
 * v2 and v3 names are folded together ({@code hospital_location} / {@code location_name}).
 */
final class CsvGeneralHeader {
    static final String HOSPITAL_NAME = "hospital_name";
    static final String LAST_UPDATED_ON = "last_updated_on";
    static final String VERSION = "version";
    static final String HOSPITAL_LOCATION = "hospital_location";
    static final String LOCATION_NAME = "location_name";
    static final String HOSPITAL_ADDRESS = "hospital_address";
    static final String LICENSE = "license_number|[state]";
    static final String TYPE_2_NPI = "type_2_npi";
    static final String ATTESTER_NAME = "attester_name";
    static final String AFFIRMATION = "affirmation statement";
    static final String ATTESTATION = "attestation statement";
    private static final List<String> SIMPLE = List.of(HOSPITAL_NAME, LAST_UPDATED_ON, VERSION, HOSPITAL_LOCATION,
            LOCATION_NAME, HOSPITAL_ADDRESS, TYPE_2_NPI, ATTESTER_NAME);

    private final String[] row1;
    private final String[] row2;
    private final long line1;
    private final long line2;
    /** Known header (canonical key) to its column in row 1, first occurrence. */
    private final Map<String, Integer> columns = new LinkedHashMap<>();
    private final List<Finding> readFindings = new ArrayList<>();

    private CsvGeneralHeader(String[] row1, String[] row2, long line1, long line2) {
        this.row1 = row1;
        this.row2 = row2;
        this.line1 = line1;
        this.line2 = line2;
    }

    /** Rows 1 and 2 as trimmed cells, with the physical lines they start on. */
    static CsvGeneralHeader read(String[] row1, String[] row2, long line1, long line2) {
        CsvGeneralHeader header = new CsvGeneralHeader(row1, row2, line1, line2);
        header.index();
        return header;
    }

    /** A file whose row 1 already holds the item headers: no general data at all. */
    static CsvGeneralHeader none() {
        return new CsvGeneralHeader(new String[0], new String[0], 0, 0);
    }

    boolean present() {
        return row1.length > 0;
    }

    private void index() {
        for (int col = 0; col < row1.length; col++) {
            String header = row1[col];
            if (header.isEmpty()) {
                continue;
            }
            String key;
            if (CsvVocabulary.isStatement(header)) {
                key = CsvVocabulary.isAttestation(header) ? ATTESTATION : AFFIRMATION;
            } else {
                String[] parts = CsvVocabulary.parts(header);
                if (parts.length == 1 && SIMPLE.contains(parts[0])) {
                    key = parts[0];
                } else if (parts[0].equals("license_number") && parts.length <= 2) {
                    key = LICENSE;
                } else {
                    continue; // optional or the hospital's own column
                }
            }
            if (columns.containsKey(key)) {
                readFindings.add(new Finding(Rule.DUPLICATE_HEADER_COLUMN, Severity.ERROR, location(line1, header),
                        "the general header \"" + header + "\" appears twice in row 1 (also column "
                                + (columns.get(key) + 1) + "); only the first is read. Each header must be unique:"
                                + " delete the repeated column."));
                continue;
            }
            columns.put(key, col);
        }
    }

    private String value(String key) {
        Integer col = columns.get(key);
        return col == null || col >= row2.length ? "" : row2[col];
    }

    private String header(String key) {
        Integer col = columns.get(key);
        return col == null ? key : row1[col];
    }

    String versionCell() {
        return value(VERSION);
    }

    /** v3-only general headers present (location_name, type_2_npi, attester_name, the attestation). */
    List<String> v3Markers() {
        List<String> markers = new ArrayList<>();
        for (String key : List.of(LOCATION_NAME, TYPE_2_NPI, ATTESTER_NAME, ATTESTATION)) {
            if (columns.containsKey(key)) {
                markers.add(key);
            }
        }
        return markers;
    }

    /** v2-only general headers present (hospital_location, the affirmation). */
    List<String> v2Markers() {
        List<String> markers = new ArrayList<>();
        for (String key : List.of(HOSPITAL_LOCATION, AFFIRMATION)) {
            if (columns.containsKey(key)) {
                markers.add(key);
            }
        }
        return markers;
    }

    /** The FileHeader, and into {@code findings} every problem of rows 1–2 under the rules of {@code templateVersion}. */
    FileHeader toFileHeader(Layout layout, String templateVersion, List<Finding> findings) {
        findings.addAll(readFindings);
        boolean v3 = templateVersion.equals(CsvVocabulary.V3);
        if (present()) {
            checkColumns(v3, findings);
            checkValues(findings);
        }
        String location = columns.containsKey(LOCATION_NAME) ? value(LOCATION_NAME) : value(HOSPITAL_LOCATION);
        String statementKey = columns.containsKey(ATTESTATION) ? ATTESTATION : AFFIRMATION;
        String statement = value(statementKey);
        Optional<Boolean> attestation = Optional.empty();
        if (statement.equalsIgnoreCase("true") || statement.equalsIgnoreCase("false")) {
            attestation = Optional.of(statement.equalsIgnoreCase("true"));
        }
        String license = value(LICENSE);
        return new FileHeader(layout, templateVersion, versionCell(), value(HOSPITAL_NAME),
                isoDate(value(LAST_UPDATED_ON)), splitList(location), splitList(value(HOSPITAL_ADDRESS)),
                license.isEmpty() ? Optional.empty() : Optional.of(license), licenseState(),
                splitList(value(TYPE_2_NPI)), attestation,
                value(ATTESTER_NAME).isEmpty() ? Optional.empty() : Optional.of(value(ATTESTER_NAME)));
    }

    private Optional<String> licenseState() {
        Integer col = columns.get(LICENSE);
        if (col == null) {
            return Optional.empty();
        }
        String[] parts = CsvVocabulary.writtenParts(row1[col]);
        if (parts.length != 2 || parts[1].isEmpty() || CsvVocabulary.hasPlaceholder(parts[1])) {
            return Optional.empty();
        }
        return Optional.of(parts[1].toUpperCase(Locale.ROOT));
    }

    private void checkColumns(boolean v3, List<Finding> findings) {
        List<String> required = new ArrayList<>(List.of(HOSPITAL_NAME, LAST_UPDATED_ON, VERSION,
                v3 ? LOCATION_NAME : HOSPITAL_LOCATION, HOSPITAL_ADDRESS, LICENSE));
        if (v3) {
            required.addAll(List.of(TYPE_2_NPI, ATTESTATION, ATTESTER_NAME));
        } else {
            required.add(AFFIRMATION);
        }
        String rules = v3 ? "3.0" : "2.x";
        for (String key : required) {
            if (columns.containsKey(key)) {
                continue;
            }
            String message = switch (key) {
                case LOCATION_NAME -> columns.containsKey(HOSPITAL_LOCATION)
                        ? "row 1 has hospital_location, the v2 name; a " + rules + " file names it location_name."
                                + " The locations were read from hospital_location; rename the header."
                        : "row 1 has no location_name header: add it, with the location names in row 2.";
                case HOSPITAL_LOCATION -> columns.containsKey(LOCATION_NAME)
                        ? "row 1 has location_name, the v3 name; a " + rules + " file names it hospital_location."
                                + " The locations were read from location_name; rename the header or set version 3.0.0."
                        : "row 1 has no hospital_location header: add it, with the location names in row 2.";
                case ATTESTATION -> columns.containsKey(AFFIRMATION)
                        ? "row 1 has the v2 affirmation statement; a 3.0 file needs the v3 attestation statement as"
                                + " the header. Its value was read; replace the header text with the CMS v3 attestation."
                        : "row 1 has no attestation statement header: add the CMS v3 attestation text as a header"
                                + " with true in row 2.";
                case AFFIRMATION -> columns.containsKey(ATTESTATION)
                        ? "row 1 has the v3 attestation statement; a 2.x file needs the v2 affirmation statement."
                                + " Its value was read; use the affirmation text or set version 3.0.0."
                        : "row 1 has no affirmation statement header: add the CMS v2 affirmation text as a header"
                                + " with true in row 2.";
                case LICENSE -> "row 1 has no license_number|XX header (XX = the 2-letter state of the license):"
                        + " add it, with the license number (may be blank) in row 2.";
                default -> "row 1 has no " + key + " header: add it, with its value in row 2.";
            };
            findings.add(new Finding(Rule.HEADER_COLUMN_MISSING, Severity.ERROR, "line " + line1, message));
        }
        Integer license = columns.get(LICENSE);
        if (license != null) {
            String header = row1[license];
            String[] parts = CsvVocabulary.writtenParts(header);
            if (parts.length != 2 || parts[1].isEmpty()) {
                findings.add(new Finding(Rule.HEADER_COLUMN_MISSING, Severity.ERROR, location(line1, header),
                        "the license header \"" + header + "\" does not name the state: write license_number|XX"
                                + " with the 2-letter state code of the license, e.g. license_number|CA."));
            } else if (CsvVocabulary.hasPlaceholder(parts[1])) {
                findings.add(new Finding(Rule.INVALID_STATE_CODE, Severity.ERROR, location(line1, header),
                        "the license header still holds the CMS template placeholder [state]: replace it with the"
                                + " 2-letter state code of the license, e.g. license_number|CA."));
            } else if (!CsvVocabulary.STATE_CODES.contains(parts[1].toUpperCase(Locale.ROOT))) {
                findings.add(new Finding(Rule.INVALID_STATE_CODE, Severity.ERROR, location(line1, header),
                        "\"" + parts[1] + "\" in the license header is not a US state or territory code: write"
                                + " license_number|XX with a 2-letter code such as CA or NY."));
            }
        }
        for (String key : List.of(AFFIRMATION, ATTESTATION)) {
            Integer col = columns.get(key);
            String official = key.equals(ATTESTATION) ? CsvVocabulary.ATTESTATION : CsvVocabulary.AFFIRMATION;
            if (col != null && !CsvVocabulary.normalizeText(row1[col]).equals(CsvVocabulary.normalizeText(official))) {
                findings.add(new Finding(Rule.STATEMENT_TEXT, Severity.ERROR, location(line1, abbreviate(row1[col])),
                        "the " + (key.equals(ATTESTATION) ? "attestation" : "affirmation") + " header differs from"
                                + " the CMS text at \"" + firstDifference(row1[col], official) + "\": copy the exact"
                                + " statement from the CMS data dictionary."));
            }
        }
    }

    private void checkValues(List<Finding> findings) {
        for (Map.Entry<String, Integer> e : columns.entrySet()) {
            String key = e.getKey();
            String header = row1[e.getValue()];
            String value = value(key);
            String where = location(line2, abbreviate(header));
            if (key.equals(LICENSE)) {
                continue; // the license number may be blank
            }
            if (value.isEmpty()) {
                findings.add(new Finding(Rule.REQUIRED_VALUE, Severity.ERROR, where,
                        "row 2 has no value under \"" + abbreviate(header) + "\": fill it in."));
            } else if (key.equals(LAST_UPDATED_ON) && isoDate(value).isEmpty()) {
                findings.add(new Finding(Rule.INVALID_DATE, Severity.ERROR, where,
                        "last_updated_on is \"" + value + "\", not a date: write it as YYYY-MM-DD (e.g. 2026-01-31)"
                                + " or M/D/YYYY."));
            } else if (key.equals(AFFIRMATION) || key.equals(ATTESTATION)) {
                if (value.equalsIgnoreCase("false")) {
                    findings.add(new Finding(Rule.FALSE_ATTESTATION, Severity.ALERT, where,
                            "the hospital answered false to the " + (key.equals(ATTESTATION) ? "attestation" : "affirmation")
                                    + " statement; the regulation needs true."));
                } else if (!value.equalsIgnoreCase("true")) {
                    findings.add(new Finding(Rule.INVALID_ENUM, Severity.ERROR, where,
                            "the statement value is \"" + value + "\"; allowed values: true, false."));
                }
            }
        }
    }

    /** ISO date from {@code YYYY-MM-DD} or {@code M/D/YYYY}, when it is a real calendar date. */
    static Optional<String> isoDate(String value) {
        String v = value.trim();
        try {
            if (v.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return Optional.of(LocalDate.of(Integer.parseInt(v.substring(0, 4)), Integer.parseInt(v.substring(5, 7)),
                        Integer.parseInt(v.substring(8, 10))).toString());
            }
            if (v.matches("\\d{1,2}/\\d{1,2}/\\d{4}")) {
                String[] p = v.split("/");
                return Optional.of(LocalDate.of(Integer.parseInt(p[2]), Integer.parseInt(p[0]), Integer.parseInt(p[1]))
                        .toString());
            }
        } catch (DateTimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** A {@code |}-separated list, each part trimmed, empty parts dropped. */
    static List<String> splitList(String value) {
        if (value.isEmpty()) {
            return List.of();
        }
        if (value.indexOf('|') < 0) {
            return List.of(value.trim());
        }
        List<String> parts = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= value.length(); i++) {
            if (i == value.length() || value.charAt(i) == '|') {
                String part = value.substring(from, i).trim();
                if (!part.isEmpty()) {
                    parts.add(part);
                }
                from = i + 1;
            }
        }
        return List.copyOf(parts);
    }

    static String location(long line, String header) {
        return "line " + line + ", column \"" + header + "\"";
    }

    static String abbreviate(String header) {
        return header.length() <= 60 ? header : header.substring(0, 57) + "...";
    }

    private static String firstDifference(String written, String official) {
        String a = CsvVocabulary.normalizeText(written);
        String b = CsvVocabulary.normalizeText(official);
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        int from = Math.max(0, i - 20);
        return "…" + a.substring(from, Math.min(a.length(), i + 20)) + "…";
    }
}
