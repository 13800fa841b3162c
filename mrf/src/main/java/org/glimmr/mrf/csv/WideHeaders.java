package org.glimmr.mrf.csv;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How a wide file's payer columns are read. A header is a payer column when, cleaned and compared ignoring case, it
 * starts with {@code standard_charge|} and ends with {@code |negotiated_dollar}, {@code |negotiated_percentage},
 * {@code |negotiated_algorithm} or {@code |methodology}, or starts with {@code estimated_amount|},
 * {@code median_amount|}, {@code 10th_percentile|}, {@code 90th_percentile|}, {@code count|} or
 * {@code additional_payer_notes|}. What lies between those words (the <em>middle</em>) names the payer and plan;
 * columns with the same middle (ignoring case and spaces) are one payer group, however many {@code |} it holds.
 *
 * <p>The middle is cut into parts at each {@code |} outside square brackets ({@code [A|B]|[PPO]} is two parts), each
 * part cleaned and its enclosing brackets dropped. One part is a payer without a plan; two are payer and plan, as the
 * template writes them, unless most groups of the file name a payer only: then both parts are one payer name that
 * holds a {@code |}. More parts mean a payer or plan name holds a {@code |}: in a file that names payers only, the
 * whole middle is the payer; otherwise the payer is the longest leading run of parts that another group of the file
 * names as its payer, else the plan is the longest trailing run another group names as its plan, else the first part
 * is the payer and the rest the plan. Every such reading is reported ({@link Split#guess()}).
 */
final class WideHeaders {
    /** {@code standard_charge|…|suffix} suffixes, by payer field. */
    private static final Map<String, Integer> SUFFIXES = Map.of("negotiated_dollar", CsvColumns.DOLLAR,
            "negotiated_percentage", CsvColumns.PERCENTAGE, "negotiated_algorithm", CsvColumns.ALGORITHM,
            "methodology", CsvColumns.METHODOLOGY);
    /** {@code prefix|…} prefixes, by payer field. */
    private static final Map<String, Integer> PREFIXES = Map.of("estimated_amount", CsvColumns.ESTIMATED,
            "median_amount", CsvColumns.MEDIAN, "10th_percentile", CsvColumns.P10, "90th_percentile", CsvColumns.P90,
            "count", CsvColumns.COUNT, "additional_payer_notes", CsvColumns.PAYER_NOTES);
    /** Words that say a header was meant as a payer column, for the message of one that is not read. */
    private static final List<String> PAYER_WORDS = List.of("negotiated", "methodolog", "median", "percentile",
            "estimated", "payer", "count|");

    private WideHeaders() {}

    /**
     * A payer column: its payer field, the name of that field as written ({@code standard_charge} or
     * {@code median_amount} …), and the middle's parts (cleaned, brackets dropped, case kept).
     */
    record Column(int col, int field, String fieldName, List<String> parts) {
        Column {
            parts = List.copyOf(parts);
        }

        /** The group key: the parts lower-cased, runs of spaces made one, joined by {@code |}. */
        String key() {
            StringBuilder b = new StringBuilder();
            for (String part : parts) {
                if (b.length() > 0) {
                    b.append('|');
                }
                b.append(part.toLowerCase(Locale.ROOT).replaceAll(" +", " "));
            }
            return b.toString();
        }

        boolean namesNothing() {
            return parts.stream().allMatch(String::isEmpty);
        }
    }

    /** The column as a payer column, if it is one; {@code header} is cleaned ({@link CsvVocabulary#clean}). */
    static Optional<Column> parse(int col, String header) {
        int first = header.indexOf('|');
        if (first < 0) {
            return Optional.empty();
        }
        String head = CsvVocabulary.clean(header.substring(0, first)).toLowerCase(Locale.ROOT);
        int last = header.lastIndexOf('|');
        if (head.equals("standard_charge") && last > first) {
            Integer field = SUFFIXES.get(CsvVocabulary.clean(header.substring(last + 1)).toLowerCase(Locale.ROOT));
            if (field != null) {
                return Optional.of(new Column(col, field, head, parts(header.substring(first + 1, last))));
            }
        }
        Integer field = PREFIXES.get(head);
        if (field != null) {
            return Optional.of(new Column(col, field, head, parts(header.substring(first + 1))));
        }
        return Optional.empty();
    }

    /** Whether a header that is not read still looks like it was meant as a payer column. */
    static boolean looksLikePayerColumn(String header) {
        String lower = header.toLowerCase(Locale.ROOT);
        return PAYER_WORDS.stream().anyMatch(lower::contains);
    }

    /** The middle cut at each {@code |} outside square brackets (at every {@code |} when the brackets do not pair). */
    static List<String> parts(String middle) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int from = 0;
        boolean paired = true;
        for (int i = 0; i < middle.length() && paired; i++) {
            char c = middle.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                paired = --depth >= 0;
            } else if (c == '|' && depth == 0) {
                parts.add(middle.substring(from, i));
                from = i + 1;
            }
        }
        if (!paired || depth != 0) {
            parts = new ArrayList<>(List.of(middle.split("\\|", -1)));
        } else {
            parts.add(middle.substring(from));
        }
        parts.replaceAll(CsvVocabulary::stripBrackets);
        return parts;
    }

    /**
     * Payer and plan of a group; {@code guess} explains a reading the header alone does not settle (a name holding a
     * {@code |}), empty when the template's reading applies.
     */
    record Split(String payer, String plan, Optional<String> guess) {
        Split {
            requireNonNull(payer, "payer is null");
            requireNonNull(plan, "plan is null");
            requireNonNull(guess, "guess is null");
        }
    }

    /** Splits the middles of one file, knowing all of them (see the class comment). */
    static final class Splitter {
        private final boolean payersOnly;
        private final Set<String> payers = new HashSet<>();
        private final Set<String> plans = new HashSet<>();

        /** {@code middles}: the parts of each distinct middle of the file. */
        Splitter(Collection<List<String>> middles) {
            int one = 0;
            int two = 0;
            for (List<String> parts : middles) {
                if (parts.size() == 1) {
                    one++;
                } else if (parts.size() == 2) {
                    two++;
                    payers.add(parts.get(0).toLowerCase(Locale.ROOT));
                    plans.add(parts.get(1).toLowerCase(Locale.ROOT));
                }
            }
            this.payersOnly = one > two;
        }

        Split split(List<String> parts) {
            int n = parts.size();
            if (n == 1) {
                return new Split(parts.get(0), "", Optional.empty());
            }
            if (payersOnly) {
                return new Split(String.join("|", parts), "", Optional.of("most payer groups of this file name a payer"
                        + " without a plan, so the whole is read as one payer name that holds a |"));
            }
            if (n == 2) {
                return new Split(parts.get(0), parts.get(1), Optional.empty());
            }
            for (int i = n - 1; i >= 1; i--) {
                String payer = String.join("|", parts.subList(0, i));
                if (payers.contains(payer.toLowerCase(Locale.ROOT))) {
                    return new Split(payer, String.join("|", parts.subList(i, n)), Optional.of("\"" + payer
                            + "\" is the payer of another group of this file"));
                }
            }
            for (int i = 1; i < n; i++) {
                String plan = String.join("|", parts.subList(i, n));
                if (plans.contains(plan.toLowerCase(Locale.ROOT))) {
                    return new Split(String.join("|", parts.subList(0, i)), plan, Optional.of("\"" + plan
                            + "\" is the plan of another group of this file"));
                }
            }
            return new Split(parts.get(0), String.join("|", parts.subList(1, n)), Optional.of("no other group of this"
                    + " file settles it, so the first part is taken as the payer and the rest as the plan"));
        }
    }
}
