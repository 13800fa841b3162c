package org.glimmr.mrf.csv;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.glimmr.mrf.Layout;

/**
 * The meaning of each row-3 column, worked out once so a record is mapped with array lookups only: a column per
 * item field ({@link #item}), per code index, and per payer field of each payer/plan group. A tall file has one
 * group whose payer and plan come from the {@code payer_name}/{@code plan_name} cells; a wide file has one group
 * per payer/plan found in the headers ({@code standard_charge|P|Q|negotiated_dollar}, {@code median_amount|P|Q},
 * {@code 10th_percentile|P} …, read by {@link WideHeaders}). Every non-blank header is read, a duplicate
 * ({@link #duplicates}) or listed in {@link #unmapped} with why it is not read.
 */
final class CsvColumns {
    static final int DESCRIPTION = 0;
    static final int SETTING = 1;
    static final int MODIFIERS = 2;
    static final int DRUG_UNIT = 3;
    static final int DRUG_TYPE = 4;
    static final int GROSS = 5;
    static final int CASH = 6;
    static final int MIN = 7;
    static final int MAX = 8;
    static final int GENERIC_NOTES = 9;
    static final int BILLING_CLASS = 10;
    static final int ITEM_FIELDS = 11;
    static final List<String> ITEM_NAMES = List.of("description", "setting", "modifiers", "drug_unit_of_measurement",
            "drug_type_of_measurement", "standard_charge|gross", "standard_charge|discounted_cash",
            "standard_charge|min", "standard_charge|max", "additional_generic_notes", "billing_class");

    static final int PAYER_NAME = 0;
    static final int PLAN_NAME = 1;
    static final int DOLLAR = 2;
    static final int PERCENTAGE = 3;
    static final int ALGORITHM = 4;
    static final int METHODOLOGY = 5;
    static final int ESTIMATED = 6;
    static final int MEDIAN = 7;
    static final int P10 = 8;
    static final int P90 = 9;
    static final int COUNT = 10;
    static final int PAYER_NOTES = 11;
    static final int PAYER_FIELDS = 12;
    /** Tall names of the payer fields. */
    static final List<String> TALL_NAMES = List.of("payer_name", "plan_name", "standard_charge|negotiated_dollar",
            "standard_charge|negotiated_percentage", "standard_charge|negotiated_algorithm",
            "standard_charge|methodology", "estimated_amount", "median_amount", "10th_percentile", "90th_percentile",
            "count", "additional_payer_notes");
    /** One payer/plan column group (or, in a tall file, the single group of payer columns). */
    static final class PayerGroup {
        final String payer;
        final String plan;
        /** Column of each payer field, -1 when absent. */
        final int[] cols;
        /** The columns that exist, to test for a non-blank value. */
        final int[] present;
        /** Payer and plan as row values (empty when blank), made once for every row of the group. */
        final Optional<String> payerValue;
        final Optional<String> planValue;

        PayerGroup(String payer, String plan, int[] cols) {
            this.payer = requireNonNull(payer, "payer is null");
            this.plan = requireNonNull(plan, "plan is null");
            this.payerValue = payer.isEmpty() ? Optional.empty() : Optional.of(payer);
            this.planValue = plan.isEmpty() ? Optional.empty() : Optional.of(plan);
            this.cols = cols.clone();
            this.present = Arrays.stream(cols).filter(c -> c >= 0).toArray();
        }

        /** The canonical wide header of a payer field for this group, for messages about a missing column. */
        String wideName(int field) {
            String pq = plan.isEmpty() ? payer : payer + "|" + plan;
            return switch (field) {
                case DOLLAR -> "standard_charge|" + pq + "|negotiated_dollar";
                case PERCENTAGE -> "standard_charge|" + pq + "|negotiated_percentage";
                case ALGORITHM -> "standard_charge|" + pq + "|negotiated_algorithm";
                case METHODOLOGY -> "standard_charge|" + pq + "|methodology";
                default -> TALL_NAMES.get(field) + "|" + pq;
            };
        }
    }

    final Layout layout;
    /** Cells in row 3, counting blank ones. */
    final int width;
    /** Each column's header as written (trimmed). */
    final String[] written;
    /** Column of each item field, -1 when absent. */
    final int[] item;
    /** Code indexes (the i of {@code code|i}), ascending, with their code and type columns (-1 when absent). */
    final int[] codeIndexes;
    final int[] codeCols;
    final int[] typeCols;
    /** Tall: one group; wide: one per payer/plan; ambiguous: the wide groups. */
    final List<PayerGroup> groups;
    /** For each column, the index in {@link #groups} of the wide group it belongs to, else -1. */
    final int[] groupOf;
    final boolean tallPayerColumns;
    /** Headers that still hold CMS template placeholders. */
    final List<String> placeholders;
    /** Headers that repeat an earlier one, as written. */
    final List<String> duplicates;
    /** v3-only columns found (median_amount, 10th_percentile, 90th_percentile, count). */
    final List<String> v3Markers;
    /** v2-only columns found (estimated_amount). */
    final List<String> v2Markers;
    /** Non-blank columns that are not read (besides {@link #duplicates}), by column, with why. */
    final Map<Integer, String> unmapped;
    /** How the payer and plan of wide groups whose headers do not settle them were read, one line per group. */
    final List<String> payerPlanGuesses;

    private CsvColumns(Layout layout, int width, String[] written, int[] item, int[] codeIndexes, int[] codeCols,
            int[] typeCols, List<PayerGroup> groups, boolean tallPayerColumns, List<String> placeholders,
            List<String> duplicates, List<String> v3Markers, List<String> v2Markers, Map<Integer, String> unmapped,
            List<String> payerPlanGuesses) {
        this.layout = layout;
        this.width = width;
        this.written = written;
        this.item = item;
        this.codeIndexes = codeIndexes;
        this.codeCols = codeCols;
        this.typeCols = typeCols;
        this.groups = List.copyOf(groups);
        this.groupOf = new int[width];
        Arrays.fill(groupOf, -1);
        if (layout == Layout.CSV_WIDE) {
            for (int g = 0; g < groups.size(); g++) {
                for (int col : groups.get(g).present) {
                    groupOf[col] = g;
                }
            }
        }
        this.tallPayerColumns = tallPayerColumns;
        this.placeholders = List.copyOf(placeholders);
        this.duplicates = List.copyOf(duplicates);
        this.v3Markers = List.copyOf(v3Markers);
        this.v2Markers = List.copyOf(v2Markers);
        this.unmapped = java.util.Collections.unmodifiableMap(new TreeMap<>(unmapped));
        this.payerPlanGuesses = List.copyOf(payerPlanGuesses);
    }

    /** The header of a column as written, or the canonical name when the column is absent. */
    String name(int col, String canonical) {
        return col >= 0 ? written[col] : canonical;
    }

    static CsvColumns read(String[] row) {
        String[] written = new String[row.length];
        boolean[] mapped = new boolean[row.length];
        int[] item = new int[ITEM_FIELDS];
        Arrays.fill(item, -1);
        int modifierFallback = -1;
        int[] tall = new int[PAYER_FIELDS];
        Arrays.fill(tall, -1);
        TreeMap<Integer, int[]> codes = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        List<String> placeholders = new ArrayList<>();
        List<String> duplicates = new ArrayList<>();
        Set<String> v3 = new java.util.LinkedHashSet<>();
        Set<String> v2 = new java.util.LinkedHashSet<>();
        Map<Integer, String> unmapped = new TreeMap<>();
        List<WideHeaders.Column> wideColumns = new ArrayList<>();
        for (int col = 0; col < row.length; col++) {
            String header = CsvVocabulary.clean(row[col]);
            written[col] = header;
            if (header.isEmpty()) {
                continue;
            }
            if (CsvVocabulary.hasPlaceholder(header)) {
                placeholders.add(header); // and read on, so a template's layout is still recognised
            }
            String[] parts = CsvVocabulary.parts(header);
            String key = String.join("|", parts);
            if (!seen.add(key)) {
                duplicates.add(header);
                continue;
            }
            int field = ITEM_NAMES.indexOf(key);
            if (field >= 0) {
                item[field] = col;
                continue;
            }
            if (key.equals("modifier")) {
                modifierFallback = col;
                continue;
            }
            int payerField = TALL_NAMES.indexOf(key);
            if (payerField >= 0) {
                tall[payerField] = col;
                markVersion(payerField, TALL_NAMES.get(payerField), v3, v2);
                continue;
            }
            if (parts[0].equals("code") && (parts.length == 2 || (parts.length == 3 && parts[2].equals("type")))
                    && !parts[1].isEmpty() && parts[1].chars().allMatch(Character::isDigit) && parts[1].length() < 6) {
                int[] pair = codes.computeIfAbsent(Integer.parseInt(parts[1]), k -> new int[] {-1, -1});
                pair[parts.length - 2] = col;
                continue;
            }
            Optional<WideHeaders.Column> wide = WideHeaders.parse(col, header);
            if (wide.isEmpty()) {
                unmapped.put(col, WideHeaders.looksLikePayerColumn(header)
                        ? "it looks like a payer column but is not written standard_charge|<payer>|<plan>|"
                                + "negotiated_dollar (or …|negotiated_percentage, …|negotiated_algorithm, …|methodology,"
                                + " median_amount|<payer>|<plan>, 10th_percentile|…, 90th_percentile|…, count|…,"
                                + " additional_payer_notes|…, estimated_amount|…)"
                        : "it is not a column of the CMS templates");
            } else if (wide.get().namesNothing()) {
                unmapped.put(col, "it names no payer and no plan between its field names, so its values belong to"
                        + " no payer");
            } else {
                wideColumns.add(wide.get());
            }
        }
        if (item[MODIFIERS] < 0) {
            item[MODIFIERS] = modifierFallback;
        } else if (modifierFallback >= 0) {
            unmapped.put(modifierFallback, "the modifiers column is read instead");
        }
        // wide groups: one per distinct middle, split into payer and plan knowing every middle of the file
        Map<String, List<WideHeaders.Column>> byMiddle = new LinkedHashMap<>();
        for (WideHeaders.Column c : wideColumns) {
            byMiddle.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(c);
        }
        WideHeaders.Splitter splitter = new WideHeaders.Splitter(
                byMiddle.values().stream().map(cs -> cs.get(0).parts()).toList());
        List<PayerGroup> wideGroups = new ArrayList<>();
        List<String> guesses = new ArrayList<>();
        for (List<WideHeaders.Column> columns : byMiddle.values()) {
            WideHeaders.Split split = splitter.split(columns.get(0).parts());
            int[] cols = new int[PAYER_FIELDS];
            Arrays.fill(cols, -1);
            for (WideHeaders.Column c : columns) {
                if (cols[c.field()] >= 0) {
                    duplicates.add(written[c.col()]);
                    continue;
                }
                cols[c.field()] = c.col();
                markVersion(c.field(), c.fieldName(), v3, v2);
            }
            wideGroups.add(new PayerGroup(split.payer(), split.plan(), cols));
            split.guess().ifPresent(why -> guesses.add("column \"" + written[columns.get(0).col()] + "\" (and the"
                    + " other columns of its group) read as payer \"" + split.payer() + "\"" + (split.plan().isEmpty()
                    ? " without a plan" : ", plan \"" + split.plan() + "\"") + ": " + why));
        }
        int[] codeIndexes = codes.keySet().stream().mapToInt(Integer::intValue).toArray();
        int[] codeCols = codes.values().stream().mapToInt(pair -> pair[0]).toArray();
        int[] typeCols = codes.values().stream().mapToInt(pair -> pair[1]).toArray();
        boolean tallPayer = tall[PAYER_NAME] >= 0 && tall[PLAN_NAME] >= 0;
        List<PayerGroup> groups = new ArrayList<>();
        Layout layout;
        if (tallPayer == !wideGroups.isEmpty()) {
            layout = Layout.UNKNOWN;
        } else {
            layout = tallPayer ? Layout.CSV_TALL : Layout.CSV_WIDE;
        }
        if (layout == Layout.CSV_TALL) {
            groups.add(new PayerGroup("", "", tall));
        } else {
            groups.addAll(wideGroups);
            if (layout == Layout.CSV_WIDE) {
                for (int col : tall) {
                    if (col >= 0) {
                        unmapped.put(col, "it is a column of the tall layout, but this file is wide (its payers and"
                                + " plans are in the column headers)");
                    }
                }
            }
        }
        CsvColumns columns = new CsvColumns(layout, row.length, written, item, codeIndexes, codeCols, typeCols, groups,
                tallPayer, placeholders, duplicates, List.copyOf(v3), List.copyOf(v2), unmapped, guesses);
        // whatever the rules above missed is still named: no non-blank column goes unread without a word
        java.util.BitSet read = columns.readColumns();
        Set<String> duplicated = new HashSet<>(duplicates);
        for (int col = 0; col < row.length; col++) {
            if (!written[col].isEmpty() && !read.get(col) && !duplicated.contains(written[col])
                    && !unmapped.containsKey(col)) {
                unmapped.put(col, "Glimmr has no use for it in a " + layout.value() + " file");
            }
        }
        return new CsvColumns(layout, row.length, written, item, codeIndexes, codeCols, typeCols, groups, tallPayer,
                placeholders, duplicates, List.copyOf(v3), List.copyOf(v2), unmapped, guesses);
    }

    /** The columns a data record is read from: item fields, codes and the payer groups' columns. */
    java.util.BitSet readColumns() {
        java.util.BitSet read = new java.util.BitSet(width);
        java.util.stream.IntStream.of(item).filter(c -> c >= 0).forEach(read::set);
        java.util.stream.IntStream.of(codeCols).filter(c -> c >= 0).forEach(read::set);
        java.util.stream.IntStream.of(typeCols).filter(c -> c >= 0).forEach(read::set);
        if (layout != Layout.UNKNOWN) {
            groups.forEach(g -> java.util.stream.IntStream.of(g.present).forEach(read::set));
        }
        return read;
    }

    private static void markVersion(int field, String name, Set<String> v3, Set<String> v2) {
        if (field == MEDIAN || field == P10 || field == P90 || field == COUNT) {
            v3.add(name);
        } else if (field == ESTIMATED) {
            v2.add(name);
        }
    }

    /** The largest code index, at least 1 (the validator's {@code code|1} minimum). */
    int codeCount() {
        return codeIndexes.length == 0 ? 1 : Math.max(1, codeIndexes[codeIndexes.length - 1]);
    }

    /** Required row-3 columns that are missing, as canonical names, for the given template version. */
    List<String> missing(String templateVersion) {
        boolean v3 = templateVersion.equals(CsvVocabulary.V3);
        List<String> missing = new ArrayList<>();
        for (int field : new int[] {DESCRIPTION, SETTING, GROSS, CASH, MIN, MAX, GENERIC_NOTES, DRUG_UNIT, DRUG_TYPE,
                MODIFIERS}) {
            if (item[field] < 0) {
                missing.add(ITEM_NAMES.get(field));
            }
        }
        for (int i = 1; i <= codeCount(); i++) {
            int k = Arrays.binarySearch(codeIndexes, i);
            if (k < 0 || codeCols[k] < 0) {
                missing.add("code|" + i);
            }
            if (k < 0 || typeCols[k] < 0) {
                missing.add("code|" + i + "|type");
            }
        }
        int[] payerFields = v3
                ? new int[] {DOLLAR, PERCENTAGE, ALGORITHM, METHODOLOGY, MEDIAN, P10, P90, COUNT}
                : new int[] {DOLLAR, PERCENTAGE, ALGORITHM, METHODOLOGY, ESTIMATED};
        if (layout == Layout.CSV_TALL) {
            for (int field : payerFields) {
                if (groups.get(0).cols[field] < 0) {
                    missing.add(TALL_NAMES.get(field));
                }
            }
        } else if (layout == Layout.CSV_WIDE) {
            for (PayerGroup group : groups) {
                for (int field : payerFields) {
                    if (group.cols[field] < 0) {
                        missing.add(group.wideName(field));
                    }
                }
                if (group.cols[PAYER_NOTES] < 0) {
                    missing.add(group.wideName(PAYER_NOTES));
                }
            }
        }
        return missing;
    }
}
