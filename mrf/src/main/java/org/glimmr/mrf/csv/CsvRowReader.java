package org.glimmr.mrf.csv;

import static java.util.Objects.requireNonNull;
import static org.glimmr.mrf.csv.CsvColumns.ALGORITHM;
import static org.glimmr.mrf.csv.CsvColumns.BILLING_CLASS;
import static org.glimmr.mrf.csv.CsvColumns.CASH;
import static org.glimmr.mrf.csv.CsvColumns.COUNT;
import static org.glimmr.mrf.csv.CsvColumns.DESCRIPTION;
import static org.glimmr.mrf.csv.CsvColumns.DOLLAR;
import static org.glimmr.mrf.csv.CsvColumns.DRUG_TYPE;
import static org.glimmr.mrf.csv.CsvColumns.DRUG_UNIT;
import static org.glimmr.mrf.csv.CsvColumns.ESTIMATED;
import static org.glimmr.mrf.csv.CsvColumns.GENERIC_NOTES;
import static org.glimmr.mrf.csv.CsvColumns.GROSS;
import static org.glimmr.mrf.csv.CsvColumns.MAX;
import static org.glimmr.mrf.csv.CsvColumns.MEDIAN;
import static org.glimmr.mrf.csv.CsvColumns.METHODOLOGY;
import static org.glimmr.mrf.csv.CsvColumns.MIN;
import static org.glimmr.mrf.csv.CsvColumns.MODIFIERS;
import static org.glimmr.mrf.csv.CsvColumns.P10;
import static org.glimmr.mrf.csv.CsvColumns.P90;
import static org.glimmr.mrf.csv.CsvColumns.PAYER_FIELDS;
import static org.glimmr.mrf.csv.CsvColumns.PAYER_NAME;
import static org.glimmr.mrf.csv.CsvColumns.PAYER_NOTES;
import static org.glimmr.mrf.csv.CsvColumns.PERCENTAGE;
import static org.glimmr.mrf.csv.CsvColumns.PLAN_NAME;
import static org.glimmr.mrf.csv.CsvColumns.SETTING;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.glimmr.mrf.ChargeRow;
import org.glimmr.mrf.Code;
import org.glimmr.mrf.Finding;
import org.glimmr.mrf.Findings;
import org.glimmr.mrf.Layout;
import org.glimmr.mrf.MrfSink;
import org.glimmr.mrf.PrimaryCode;
import org.glimmr.mrf.RejectReason;
import org.glimmr.mrf.RejectedRow;
import org.glimmr.mrf.Rule;
import org.glimmr.mrf.Severity;

/**
 * Turns data records into canonical rows and checks them against the CMS rules of the file's template version
 * (2.x files: the v2.2 rules; 3.x files: the 3.0 rules). Tall: one row per record. Wide: one row per payer/plan
 * group with any non-blank cell, or one without payer when no group has any. A cell that cannot be read as a
 * number is left out of its row(s) (null) and kept as a rejected value with its column and text, with an
 * InvalidNumberFormat finding; the row keeps everything else. Only a record whose structure is broken (more cells
 * than headers, an unclosed quote) is set aside whole. Rule violations only give findings.
 * Not thread-safe; one per split.
 */
final class CsvRowReader {
    private static final int[] ALLOWED_AMOUNTS = {MEDIAN, P10, P90};

    private final CsvColumns cols;
    private final boolean v3;
    private final boolean wide;
    private final List<String> codeTypes;
    private final MrfSink sink;
    private final Findings findings;
    private final NumberCell number = new NumberCell();
    private final List<Code> codeBuffer = new ArrayList<>();
    // wide: the groups with values in the current record
    private int[] filled = new int[64];
    private final int[] marks;
    private final int[] touched;
    private int stamp;
    private final CellCache settings = new CellCache();
    private final CellCache methodologies = new CellCache();
    private final CellCache codeTypeCache = new CellCache();
    private final CellCache drugTypes = new CellCache();
    private final CellCache billingClasses = new CellCache();
    private final CellCache payers = new CellCache();
    private final CellCache plans = new CellCache();
    private final CellCache counts = new CellCache();
    private final LastCell descriptions = new LastCell();
    private final LastCell genericNoteCells = new LastCell();
    private final LastCell algorithms = new LastCell();
    private final LastCell payerNoteCells = new LastCell();
    /** The Optional of the value the last text or enum read returned. */
    private Optional<String> lastOptional = Optional.empty();
    private long rows;
    private long rejected;

    // the record being read
    private CsvTokenizer t;
    private long line;
    private Optional<Long> sourceLine;
    private boolean lastPresent;
    // item part
    private String description;
    private List<Code> codes;
    private Optional<Code> primaryCode;
    private List<String> modifiers;
    private boolean hasCodeInfo;
    private boolean hasNdc;
    private Optional<String> setting;
    private Optional<BigDecimal> drugUnit;
    private Optional<String> drugType;
    private boolean drugUnitPresent;
    private Optional<BigDecimal> gross;
    private Optional<BigDecimal> cash;
    private Optional<BigDecimal> min;
    private Optional<BigDecimal> max;
    private boolean grossPresent;
    private boolean cashPresent;
    private boolean minPresent;
    private boolean maxPresent;
    private Optional<String> billingClass;
    private Optional<String> genericNotes;
    // payer part
    private final BigDecimal[] amounts = new BigDecimal[PAYER_FIELDS];
    private final String[] texts = new String[PAYER_FIELDS];
    @SuppressWarnings("unchecked")
    private final Optional<String>[] textValues = new Optional[PAYER_FIELDS];
    private final boolean[] present = new boolean[PAYER_FIELDS];

    CsvRowReader(CsvColumns cols, String templateVersion, Findings findings, MrfSink sink) {
        this.cols = requireNonNull(cols, "cols is null");
        this.v3 = templateVersion.equals(CsvVocabulary.V3);
        this.wide = cols.layout == Layout.CSV_WIDE;
        this.codeTypes = v3 ? CsvVocabulary.CODE_TYPES_V3 : CsvVocabulary.CODE_TYPES_V2;
        this.findings = requireNonNull(findings, "findings is null");
        this.sink = requireNonNull(sink, "sink is null");
        this.marks = new int[cols.groups.size()];
        this.touched = new int[cols.groups.size()];
    }

    long rows() {
        return rows;
    }

    long rejected() {
        return rejected;
    }

    /** Reads one non-blank record. */
    void read(CsvTokenizer record) {
        t = record;
        line = record.line();
        sourceLine = Optional.of(line);
        if (record.malformed() || record.overflow()) {
            reject("line " + line, RejectReason.MALFORMED_RECORD, record.malformed()
                    ? "a quoted cell opened in the record starting on line " + line + " is never closed: the file ends"
                            + " inside quotes, so the rest of the file was read as one cell. Close the quote (write \"\""
                            + " for a quote inside a quoted cell)."
                    : "the record starting on line " + line + " is larger than " + (CsvTokenizer.MAX_RECORD_BYTES >> 20)
                            + " MB or " + CsvTokenizer.MAX_CELLS + " cells: a quote opened there is probably not"
                            + " closed, so many lines were read as one cell. Balance the quotes.");
            return;
        }
        if (record.size() > cols.width) {
            for (int i = cols.width; i < record.size(); i++) {
                if (!record.isBlank(i)) {
                    reject("line " + line, RejectReason.ROW_TOO_LONG, "line " + line + " has " + record.size()
                            + " cells but the item headers have " + cols.width + " columns; cell " + (i + 1) + " (\""
                            + CsvGeneralHeader.abbreviate(record.cell(i)) + "\") lies beyond the last header, so the"
                            + " values are probably shifted. Quote cells that contain commas, or give the extra"
                            + " column a header.");
                    return;
                }
            }
        }
        readItem();
        boolean modifierRow = !hasCodeInfo && !modifiers.isEmpty();
        boolean anyCharge = false;
        boolean anyDollar = false;
        boolean anyPayerNotes = false;
        if (!wide) {
            CsvColumns.PayerGroup group = cols.groups.get(0);
            readGroup(group);
            checkGroup(group, modifierRow);
            anyCharge = present[DOLLAR] || present[PERCENTAGE] || present[ALGORITHM];
            anyDollar = present[DOLLAR];
            anyPayerNotes = present[PAYER_NOTES];
            emit(textValues[PAYER_NAME], textValues[PLAN_NAME]);
        } else {
            int groupsWithValues = groupsWithValues();
            for (int i = 0; i < groupsWithValues; i++) {
                CsvColumns.PayerGroup group = cols.groups.get(touched[i]);
                readGroup(group);
                checkGroup(group, modifierRow);
                anyCharge |= present[DOLLAR] || present[PERCENTAGE] || present[ALGORITHM];
                anyDollar |= present[DOLLAR];
                anyPayerNotes |= present[PAYER_NOTES];
                emit(group.payerValue, group.planValue);
            }
            if (groupsWithValues == 0) {
                clearGroup();
                emit(Optional.empty(), Optional.empty());
            }
        }
        checkItem(modifierRow, anyCharge, anyDollar, anyPayerNotes);
    }

    /**
     * Finds the wide groups with a non-blank cell in this record by walking only its filled cells, into
     * {@link #touched} in group order; returns how many.
     */
    private int groupsWithValues() {
        if (filled.length < t.size()) {
            filled = new int[Math.max(t.size(), 2 * filled.length)];
        }
        int n = t.nonEmptyCells(filled);
        int[] groupOf = cols.groupOf;
        int count = 0;
        stamp++;
        for (int k = 0; k < n; k++) {
            int col = filled[k];
            if (col >= groupOf.length) {
                break;
            }
            int g = groupOf[col];
            if (g < 0 || marks[g] == stamp || t.isBlank(col)) {
                continue;
            }
            marks[g] = stamp;
            touched[count++] = g;
        }
        Arrays.sort(touched, 0, count);
        return count;
    }

    private void readItem() {
        int[] item = cols.item;
        description = descriptions.get(t, item[DESCRIPTION]);
        readCodes();
        String modifierCell = item[MODIFIERS] >= 0 ? t.cell(item[MODIFIERS]) : "";
        modifiers = modifierCell.isEmpty() ? List.of() : CsvGeneralHeader.splitList(modifierCell);
        enumValue(item[SETTING], "setting", CsvVocabulary.SETTINGS, false, settings);
        setting = lastOptional;
        drugUnit = Optional.ofNullable(number(item[DRUG_UNIT], "drug_unit_of_measurement"));
        drugUnitPresent = lastPresent;
        enumValue(item[DRUG_TYPE], "drug_type_of_measurement", CsvVocabulary.DRUG_TYPES, true, drugTypes);
        drugType = lastOptional;
        gross = Optional.ofNullable(number(item[GROSS], "standard_charge|gross"));
        grossPresent = lastPresent;
        cash = Optional.ofNullable(number(item[CASH], "standard_charge|discounted_cash"));
        cashPresent = lastPresent;
        min = Optional.ofNullable(number(item[MIN], "standard_charge|min"));
        minPresent = lastPresent;
        max = Optional.ofNullable(number(item[MAX], "standard_charge|max"));
        maxPresent = lastPresent;
        enumValue(item[BILLING_CLASS], "billing_class", CsvVocabulary.BILLING_CLASSES, false, billingClasses);
        billingClass = lastOptional;
        genericNotes = genericNoteCells.optional(t, item[GENERIC_NOTES]);
    }

    private void readCodes() {
        hasCodeInfo = false;
        hasNdc = false;
        codeBuffer.clear();
        for (int k = 0; k < cols.codeIndexes.length; k++) {
            int codeCol = cols.codeCols[k];
            int typeCol = cols.typeCols[k];
            boolean codeBlank = codeCol < 0 || t.isBlank(codeCol);
            boolean typeBlank = typeCol < 0 || t.isBlank(typeCol);
            if (codeBlank && typeBlank) {
                continue;
            }
            hasCodeInfo = true;
            int index = cols.codeIndexes[k];
            if (codeBlank) {
                required(codeCol, "code|" + index, "when code|" + index + "|type is given");
                continue;
            }
            String code = t.cell(codeCol);
            String type = "";
            if (typeBlank) {
                required(typeCol, "code|" + index + "|type", "when code|" + index + " is given");
            } else {
                type = enumValue(typeCol, "code|" + index + "|type", codeTypes, true, codeTypeCache);
                hasNdc |= type.equals("NDC");
            }
            if (CodeCells.hasSeparator(code)) {
                for (String part : CodeCells.split(code)) {
                    codeBuffer.add(new Code(part, type));
                }
            } else {
                codeBuffer.add(new Code(code, type));
            }
        }
        codes = switch (codeBuffer.size()) {
            case 0 -> List.of();
            case 1 -> List.of(codeBuffer.get(0));
            default -> List.copyOf(codeBuffer);
        };
        primaryCode = PrimaryCode.choose(codes);
    }

    private void clearGroup() {
        Arrays.fill(amounts, null);
        Arrays.fill(texts, null);
        Arrays.fill(textValues, Optional.empty());
        Arrays.fill(present, false);
    }

    private void readGroup(CsvColumns.PayerGroup group) {
        clearGroup();
        int[] c = group.cols;
        texts[PAYER_NAME] = cachedText(c[PAYER_NAME], payers);
        textValues[PAYER_NAME] = lastOptional;
        texts[PLAN_NAME] = cachedText(c[PLAN_NAME], plans);
        textValues[PLAN_NAME] = lastOptional;
        amounts[DOLLAR] = groupNumber(c, DOLLAR, group);
        amounts[PERCENTAGE] = groupNumber(c, PERCENTAGE, group);
        texts[ALGORITHM] = text(c[ALGORITHM], algorithms);
        textValues[ALGORITHM] = optional(texts[ALGORITHM]);
        texts[METHODOLOGY] = enumValue(c[METHODOLOGY], name(group, METHODOLOGY), CsvVocabulary.METHODOLOGIES, false,
                methodologies);
        textValues[METHODOLOGY] = lastOptional;
        amounts[ESTIMATED] = groupNumber(c, ESTIMATED, group);
        amounts[MEDIAN] = groupNumber(c, MEDIAN, group);
        amounts[P10] = groupNumber(c, P10, group);
        amounts[P90] = groupNumber(c, P90, group);
        texts[COUNT] = count(c[COUNT], group);
        textValues[COUNT] = lastOptional;
        texts[PAYER_NOTES] = text(c[PAYER_NOTES], payerNoteCells);
        textValues[PAYER_NOTES] = optional(texts[PAYER_NOTES]);
        present[PAYER_NAME] = texts[PAYER_NAME] != null;
        present[PLAN_NAME] = texts[PLAN_NAME] != null;
        present[ALGORITHM] = texts[ALGORITHM] != null;
        present[METHODOLOGY] = texts[METHODOLOGY] != null;
        present[COUNT] = texts[COUNT] != null;
        present[PAYER_NOTES] = texts[PAYER_NOTES] != null;
    }

    private BigDecimal groupNumber(int[] c, int field, CsvColumns.PayerGroup group) {
        BigDecimal value = number(c[field], name(group, field));
        present[field] = lastPresent;
        return value;
    }

    private String name(CsvColumns.PayerGroup group, int field) {
        int col = group.cols[field];
        if (col >= 0) {
            return cols.written[col];
        }
        return wide ? group.wideName(field) : CsvColumns.TALL_NAMES.get(field);
    }

    private String count(int col, CsvColumns.PayerGroup group) {
        String value = cachedText(col, counts);
        if (value == null) {
            return null;
        }
        if (NumberCell.isPlaceholder(value)) {
            placeholder(col, value);
            lastOptional = Optional.empty();
            return null;
        }
        if (!value.equals("0") && !value.equalsIgnoreCase("1 through 10") && !validCount(value)) {
            if (findings.accept(Rule.INVALID_COUNT_NUMBER)) {
                findings.add(new Finding(Rule.INVALID_COUNT_NUMBER, Severity.ERROR, location(col, name(group, COUNT)),
                        name(group, COUNT) + " is \"" + value + "\"; the count of allowed amounts must be 0,"
                                + " \"1 through 10\", or a whole number of 11 or more without separators."));
            }
        }
        return value;
    }

    /** {@code ^(1[1-9]|[2-9]\d+|[1-9]\d{2,})$}: a whole number of 11 or more. */
    private static boolean validCount(String value) {
        if (value.length() < 2 || value.charAt(0) == '0') {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (!Character.isDigit(value.charAt(i))) {
                return false;
            }
        }
        return value.length() > 2 || value.compareTo("11") >= 0;
    }

    // ---- rules ----

    private void checkGroup(CsvColumns.PayerGroup group, boolean modifierRow) {
        int[] c = group.cols;
        boolean charge = present[DOLLAR] || present[PERCENTAGE] || present[ALGORITHM];
        boolean percentOrAlgorithm = present[PERCENTAGE] || present[ALGORITHM];
        boolean notes = wide ? present[PAYER_NOTES] : genericNotes.isPresent();
        int notesCol = wide ? c[PAYER_NOTES] : cols.item[GENERIC_NOTES];
        String notesName = wide ? name(group, PAYER_NOTES) : "additional_generic_notes";
        if (!modifierRow) {
            String payerSpecific = "when a payer-specific negotiated charge (dollar, percentage or algorithm) is given";
            if (charge) {
                if (!wide) {
                    if (!present[PAYER_NAME]) {
                        required(c[PAYER_NAME], "payer_name", payerSpecific);
                    }
                    if (!present[PLAN_NAME]) {
                        required(c[PLAN_NAME], "plan_name", payerSpecific);
                    }
                }
                if (!present[METHODOLOGY]) {
                    required(c[METHODOLOGY], name(group, METHODOLOGY), payerSpecific);
                }
            }
            if ("other".equals(texts[METHODOLOGY]) && !notes) {
                required(notesCol, notesName, "when the methodology is \"other\" (explain it there)");
            }
            if (!v3 && !present[DOLLAR] && percentOrAlgorithm && !present[ESTIMATED]) {
                required(c[ESTIMATED], name(group, ESTIMATED),
                        "when the negotiated charge is only a percentage or an algorithm (v2.2)");
            }
            if (v3) {
                if (percentOrAlgorithm && !present[COUNT]) {
                    required(c[COUNT], name(group, COUNT), "when a negotiated percentage or algorithm is given");
                }
                if (percentOrAlgorithm && !"0".equals(texts[COUNT])) {
                    for (int f : ALLOWED_AMOUNTS) {
                        if (!present[f]) {
                            required(c[f], name(group, f), "when a negotiated percentage or algorithm is given and"
                                    + " the count of allowed amounts is not 0");
                        }
                    }
                }
                if ("0".equals(texts[COUNT]) && !notes) {
                    required(notesCol, notesName, "when the count of allowed amounts is 0 (explain it there)");
                }
                if (!wide && present[PAYER_NAME] && present[PLAN_NAME] && !charge) {
                    required(c[DOLLAR], "standard_charge|negotiated_dollar", "(or a negotiated percentage or"
                            + " algorithm) when payer_name and plan_name are given (v3)");
                }
            }
        }
        nineNines(c, ESTIMATED, group);
        if (v3) {
            nineNines(c, MEDIAN, group);
            nineNines(c, P10, group);
            nineNines(c, P90, group);
            if ("999999999".equals(texts[COUNT])) {
                nineNinesFinding(c[COUNT], name(group, COUNT));
            }
        }
    }

    private void nineNines(int[] c, int field, CsvColumns.PayerGroup group) {
        if (Rule.isNineNines(amounts[field])) {
            nineNinesFinding(c[field], name(group, field));
        }
    }

    private void nineNinesFinding(int col, String name) {
        if (findings.accept(Rule.NINE_NINES)) {
            findings.add(new Finding(Rule.NINE_NINES, Severity.ALERT, location(col, name), name + " is 999999999 (nine"
                    + " 9s), a stand-in CMS asks hospitals to stop using: encode the actual amount."));
        }
    }

    private void checkItem(boolean modifierRow, boolean anyCharge, boolean anyDollar, boolean anyPayerNotes) {
        int[] item = cols.item;
        if (description.isEmpty()) {
            required(item[DESCRIPTION], "description", "for every item");
        }
        if (!hasCodeInfo) {
            if (modifierRow) {
                if (genericNotes.isEmpty() && !anyCharge && !anyPayerNotes) {
                    if (findings.accept(Rule.MODIFIER_MISSING_INFO)) {
                        findings.add(new Finding(Rule.MODIFIER_MISSING_INFO, Severity.ERROR,
                                location(item[GENERIC_NOTES], "additional_generic_notes"),
                                "a modifier row (modifiers but no code) needs a negotiated dollar, percentage,"
                                        + " algorithm or notes saying how the modifier changes the charge."));
                    }
                }
            } else if (findings.accept(Rule.CODE_PAIR_MISSING)) {
                findings.add(new Finding(Rule.CODE_PAIR_MISSING, Severity.ERROR, "line " + line, "the item has no code:"
                        + " give at least one code|i with its code|i|type (e.g. 70551 and CPT), or modifiers for a"
                        + " modifier row."));
            }
        }
        if (!modifierRow) {
            if (setting.isEmpty()) {
                required(item[SETTING], "setting", "(inpatient, outpatient or both)");
            }
            if (!grossPresent && !cashPresent && !anyCharge) {
                if (findings.accept(Rule.ITEM_REQUIRES_CHARGE)) {
                    findings.add(new Finding(Rule.ITEM_REQUIRES_CHARGE, Severity.ERROR,
                            location(item[GROSS], "standard_charge|gross"), "the item has no standard charge: give at"
                                    + " least one of gross charge, discounted cash price, or a payer-specific"
                                    + " negotiated dollar, percentage or algorithm."));
                }
            }
            if (anyDollar) {
                if (!minPresent) {
                    required(item[MIN], "standard_charge|min", "when a negotiated dollar amount is given");
                }
                if (!maxPresent) {
                    required(item[MAX], "standard_charge|max", "when a negotiated dollar amount is given");
                }
            }
        }
        boolean typePresent = drugType.isPresent();
        if (drugUnitPresent && !typePresent) {
            required(item[DRUG_TYPE], "drug_type_of_measurement", "when drug_unit_of_measurement is given");
        } else if (typePresent && !drugUnitPresent) {
            required(item[DRUG_UNIT], "drug_unit_of_measurement", "when drug_type_of_measurement is given");
        } else if (hasNdc && !typePresent) {
            required(item[DRUG_UNIT], "drug_unit_of_measurement", "when a code type is NDC");
            required(item[DRUG_TYPE], "drug_type_of_measurement", "when a code type is NDC");
        }
    }

    // ---- cells ----

    private String text(int col, LastCell last) {
        if (col < 0 || t.isBlank(col)) {
            return null;
        }
        return last.get(t, col);
    }

    private static Optional<String> optional(String value) {
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** A text cell through a cache of recent values; sets {@link #lastOptional}. */
    private String cachedText(int col, CellCache cache) {
        if (col < 0 || t.isBlank(col)) {
            lastOptional = Optional.empty();
            return null;
        }
        CellCache.Entry entry = cache.get(t, col);
        if (entry == null) {
            String value = t.cell(col);
            lastOptional = Optional.of(value);
            return value;
        }
        lastOptional = entry.optional;
        return entry.text;
    }

    /**
     * An enumeration cell, case-folded to the allowed value it matches (or as published, folded, with an InvalidEnum
     * finding); sets {@link #lastOptional}.
     */
    private String enumValue(int col, String name, List<String> allowed, boolean upper, CellCache cache) {
        if (col < 0 || t.isBlank(col)) {
            lastOptional = Optional.empty();
            return null;
        }
        CellCache.Entry entry = cache.get(t, col);
        String value;
        String canonical;
        boolean valid;
        if (entry != null && entry.checked) {
            value = entry.text;
            canonical = entry.derived;
            valid = entry.valid;
            lastOptional = entry.derivedOptional;
        } else {
            value = entry != null ? entry.text : t.cell(col);
            canonical = CsvVocabulary.canonical(value, allowed, upper);
            valid = allowed.contains(canonical);
            lastOptional = Optional.of(canonical);
            if (entry != null) {
                entry.derived = canonical;
                entry.derivedOptional = lastOptional;
                entry.valid = valid;
                entry.checked = true;
            }
        }
        if (!valid) {
            if (findings.accept(Rule.INVALID_ENUM)) {
                findings.add(new Finding(Rule.INVALID_ENUM, Severity.ERROR, location(col, name), name + " is \"" + value
                        + "\", not one of the allowed values: " + String.join(", ", allowed) + "."));
            }
        }
        return canonical;
    }

    /** Reads a number cell; a bad one is quarantined ({@link #leaveOut}) and gives null. Sets {@link #lastPresent}. */
    private BigDecimal number(int col, String name) {
        if (col < 0) {
            lastPresent = false;
            return null;
        }
        number.read(t, col);
        lastPresent = number.present();
        switch (number.status()) {
            case BLANK:
                return null;
            case PLACEHOLDER:
                placeholder(col, t.cell(col));
                return null;
            case BAD:
                leaveOut(col);
                return null;
            case LENIENT:
                if (findings.accept(Rule.INVALID_NUMBER_FORMAT)) {
                    findings.add(new Finding(Rule.INVALID_NUMBER_FORMAT, Severity.ERROR, location(col, name),
                            name + " is \"" + t.cell(col) + "\", read as " + number.value().toPlainString()
                                    + "; CMS wants plain digits with an optional decimal point: no $, thousands"
                                    + " separators, % or signs."));
                }
                break;
            default:
                break;
        }
        BigDecimal value = number.value();
        if (value.signum() <= 0) {
            if (findings.accept(Rule.NON_POSITIVE_NUMBER)) {
                findings.add(new Finding(Rule.NON_POSITIVE_NUMBER, Severity.ERROR, location(col, name), name + " is "
                        + t.cell(col) + "; CMS numbers must be positive (a zero or negative amount is a deficiency):"
                        + " leave the cell blank when there is no amount."));
            }
        }
        return value;
    }

    private void placeholder(int col, String value) {
        if (findings.accept(Rule.PLACEHOLDER_VALUE)) {
            findings.add(new Finding(Rule.PLACEHOLDER_VALUE, Severity.ALERT, location(col, cols.written[col]),
                    cols.written[col] + " is \"" + value + "\", read as no value; CMS asks to leave cells without data"
                            + " blank rather than writing N/A or similar."));
        }
    }

    private void required(int col, String name, String why) {
        if (findings.accept(Rule.REQUIRED_VALUE)) {
            String shown = col >= 0 ? cols.written[col] : name;
            findings.add(new Finding(Rule.REQUIRED_VALUE, Severity.ERROR, location(col, shown), shown + " is "
                    + (col >= 0 ? "blank" : "missing (no such column)") + " but is required " + why + ": fill it in."));
        }
    }

    private String location(int col, String name) {
        return "line " + line + ", column \"" + (col >= 0 ? cols.written[col] : name) + "\"";
    }

    // ---- output ----

    private void emit(Optional<String> payer, Optional<String> plan) {
        sink.row(new ChargeRow(description, codes, primaryCode, modifiers, setting, drugUnit, drugType, gross, cash,
                min, max, payer, plan, Optional.ofNullable(amounts[DOLLAR]), Optional.ofNullable(amounts[PERCENTAGE]),
                textValues[ALGORITHM], textValues[METHODOLOGY], Optional.ofNullable(amounts[ESTIMATED]),
                Optional.ofNullable(amounts[MEDIAN]), Optional.ofNullable(amounts[P10]), Optional.ofNullable(amounts[P90]),
                textValues[COUNT], billingClass, genericNotes, textValues[PAYER_NOTES], sourceLine, Optional.empty()));
        rows++;
    }

    /**
     * A number cell that is not a number: its value is left out of the row(s) it belongs to, and kept here with its
     * column and text (raw), with the CMS finding. Called once per cell: item cells once per record, a wide group's
     * once per group.
     */
    private void leaveOut(int col) {
        String name = cols.written[col];
        String value = t.cell(col);
        sink.rejected(new RejectedRow(location(col, name), RejectReason.BAD_NUMBER, value, name + " is \"" + value
                + "\", which is not a number: the value was left out (null) and the rest of the row kept in"
                + " silver.standard_charges. Write plain digits such as 1234.50 (no letters, spaces or second decimal"
                + " point), or leave the cell blank."));
        rejected++;
        if (findings.accept(Rule.INVALID_NUMBER_FORMAT)) {
            findings.add(new Finding(Rule.INVALID_NUMBER_FORMAT, Severity.ERROR, location(col, name), name + " is \""
                    + value + "\", not a number: CMS wants plain digits with an optional decimal point. The value is"
                    + " left out of the row (see silver.rejected_rows)."));
        }
    }

    private void reject(String location, RejectReason reason, String message) {
        sink.rejected(new RejectedRow(location, reason, t.raw(), message));
        rejected++;
    }
}
