package org.glimmr.common.payers;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The normalisation rules, applied alike to raw payer names and to the registry's names and aliases, in two steps.
 *
 * <p>{@link #normalize} makes the readable {@code normalized_name}:
 * <ol>
 *   <li>Unicode NFKC (full-width letters, ligatures, non-breaking spaces become plain), then lower case;</li>
 *   <li>a bracketed or parenthesised id is dropped: {@code MEDICARE [2001]}, {@code AETNA (12345)},
 *       {@code (#A-77)}, {@code [ID: 42]} (the content has a digit and at most an "id"/"no" label); other
 *       brackets only lose the bracket characters, their words stay;</li>
 *   <li>{@code &} becomes "and"; apostrophes vanish ({@code Workers' Comp} = {@code workers comp});</li>
 *   <li>every other character that is not a letter or digit ({@code . , - / _ :} …) separates words; runs of
 *       spaces become one.</li>
 * </ol>
 *
 * <p>{@link #key} turns that into the matching key:
 * <ol>
 *   <li>Blue Cross Blue Shield spellings fold into one word: "blue cross (and) blue shield", "bluecross
 *       blueshield", "bc(and)bs" become {@code bcbs}; "blue cross" alone {@code bluecross}, "blue shield" alone
 *       {@code blueshield}; a joined state code ({@code BCBSTX}) is split; and the state after such a word
 *       ("of Texas", "TX") becomes its code: "Blue Cross and Blue Shield of Texas" and "BCBS TX" both key to
 *       {@code bcbs tx}. States are only read there: elsewhere "la" or "co" are not states;</li>
 *   <li>the words "and", "the", "of" are dropped;</li>
 *   <li>plan-type words are dropped wherever they stand, since they name a plan, not a payer: HMO, PPO, EPO,
 *       POS, HDHP, PFFS, OAP;</li>
 *   <li>legal suffixes at the end are dropped, repeatedly: Inc, Incorporated, LLC, Ltd, Corp, Corporation, Co,
 *       Company, LP, LLP, PLC, PLLC, PC, except a state code after a Blue word ("BCBS CO" is Colorado) ("UnitedHealthcare Insurance Company Inc" keys to
 *       {@code unitedhealthcare insurance}).</li>
 * </ol>
 * Everything here is deterministic and stateless.
 */
public final class PayerNames {
    private static final Pattern BRACKETED = Pattern.compile("[\\[(]([^\\[\\]()]*)[\\])]");
    private static final Pattern ID = Pattern.compile("\\s*(?:(?:id|no|#)\\s*[:#.]?\\s*)?#?[a-z0-9-]*[0-9][a-z0-9-]*\\s*");
    private static final Pattern APOSTROPHES = Pattern.compile("['\u2018\u2019`\u00b4]");
    private static final Pattern SEPARATORS = Pattern.compile("[^a-z0-9]+");
    private static final Pattern JOINED_BCBS_STATE = Pattern.compile("bcbs([a-z]{2})");

    private static final Set<String> STOP_WORDS = Set.of("and", "the", "of");
    private static final Set<String> PLAN_TYPES = Set.of("hmo", "ppo", "epo", "pos", "hdhp", "pffs", "oap");
    private static final Set<String> BLUE_WORDS = Set.of("bcbs", "bluecross", "blueshield");
    private static final Set<String> LEGAL_SUFFIXES = Set.of("inc", "incorporated", "llc", "ltd", "corp", "corporation",
            "co", "company", "lp", "llp", "plc", "pllc", "pc");

    /** Phrases in a name that state a line of business, checked in this order (word-aligned, on the normalized name). */
    private static final List<Map.Entry<String, PayerType>> LINES_OF_BUSINESS = List.of(
            Map.entry("workers comp", PayerType.WORKERS_COMP),
            Map.entry("workers compensation", PayerType.WORKERS_COMP),
            Map.entry("work comp", PayerType.WORKERS_COMP),
            Map.entry("workcomp", PayerType.WORKERS_COMP),
            Map.entry("medicaid", PayerType.MEDICAID_MANAGED_CARE),
            Map.entry("medi cal", PayerType.MEDICAID_MANAGED_CARE),
            Map.entry("community plan", PayerType.MEDICAID_MANAGED_CARE),
            Map.entry("medicare", PayerType.MEDICARE_ADVANTAGE),
            Map.entry("mapd", PayerType.MEDICARE_ADVANTAGE),
            Map.entry("dsnp", PayerType.MEDICARE_ADVANTAGE),
            Map.entry("d snp", PayerType.MEDICARE_ADVANTAGE),
            Map.entry("covered california", PayerType.COMMERCIAL),
            Map.entry("covered ca", PayerType.COMMERCIAL));

    private PayerNames() {}

    /** The readable normalized name (step one above); empty for a blank name. */
    public static String normalize(String raw) {
        String s = Normalizer.normalize(raw, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        Matcher m = BRACKETED.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, ID.matcher(m.group(1)).matches() ? " " : Matcher.quoteReplacement(" " + m.group(1) + " "));
        }
        m.appendTail(out);
        s = out.toString().replace("&", " and ");
        s = APOSTROPHES.matcher(s).replaceAll("");
        return SEPARATORS.matcher(s).replaceAll(" ").strip();
    }

    /** The matching key of a raw name or alias (both steps above); empty when nothing is left. */
    public static String key(String raw) {
        return keyOfNormalized(normalize(raw));
    }

    /** The matching key of a name already {@link #normalize normalized}. */
    static String keyOfNormalized(String normalized) {
        if (normalized.isEmpty()) {
            return "";
        }
        List<String> tokens = foldBlue(Arrays.asList(normalized.split(" ")));
        List<String> kept = new ArrayList<>(tokens.size());
        for (String t : tokens) {
            if (!STOP_WORDS.contains(t) && !PLAN_TYPES.contains(t)) {
                kept.add(t);
            }
        }
        while (!kept.isEmpty() && LEGAL_SUFFIXES.contains(kept.get(kept.size() - 1)) && !isBlueState(kept)) {
            kept.remove(kept.size() - 1);
        }
        return String.join(" ", kept);
    }

    /**
     * The line of business a name states, if any ("Anthem Workers Comp", "Aetna Medicare", "LA Care Medi-Cal"):
     * the first phrase of the list above found as whole words in the normalized name.
     */
    public static Optional<PayerType> lineOfBusiness(String normalizedName) {
        String padded = " " + normalizedName + " ";
        for (Map.Entry<String, PayerType> phrase : LINES_OF_BUSINESS) {
            if (padded.contains(" " + phrase.getKey() + " ")) {
                return Optional.of(phrase.getValue());
            }
        }
        return Optional.empty();
    }

    private static List<String> foldBlue(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        int i = 0;
        while (i < tokens.size()) {
            int bcbs = bcbsLength(tokens, i);
            String word;
            if (bcbs > 0) {
                word = "bcbs";
                i += bcbs;
            } else if (at(tokens, i, "blue", "cross")) {
                word = "bluecross";
                i += 2;
            } else if (at(tokens, i, "blue", "shield")) {
                word = "blueshield";
                i += 2;
            } else {
                Matcher joined = JOINED_BCBS_STATE.matcher(tokens.get(i));
                if (joined.matches() && UsStates.CODES.contains(joined.group(1))) {
                    out.add("bcbs");
                    out.add(joined.group(1));
                    i++;
                    continue;
                }
                out.add(tokens.get(i));
                i++;
                continue;
            }
            out.add(word);
            // the state after a Blue word: "of texas", "texas", "tx"
            int from = at(tokens, i, "of") ? i + 1 : i;
            Optional<Map.Entry<String, Integer>> state = UsStates.at(tokens, from);
            if (state.isPresent()) {
                out.add(state.get().getKey());
                i = from + state.get().getValue();
            }
        }
        return out;
    }

    /** Whether the last token is the state of a Blue word ("bcbs co" is Colorado, not a company). */
    private static boolean isBlueState(List<String> tokens) {
        return tokens.size() >= 2 && BLUE_WORDS.contains(tokens.get(tokens.size() - 2));
    }

    /** Tokens taken by a "blue cross blue shield" spelling at {@code i}, 0 when there is none. */
    private static int bcbsLength(List<String> tokens, int i) {
        for (String[] spelling : BCBS_SPELLINGS) {
            if (at(tokens, i, spelling)) {
                return spelling.length;
            }
        }
        return 0;
    }

    private static final String[][] BCBS_SPELLINGS = {
        {"blue", "cross", "and", "blue", "shield"}, {"blue", "cross", "blue", "shield"},
        {"bluecross", "and", "blueshield"}, {"bluecross", "blueshield"}, {"bc", "and", "bs"}, {"bc", "bs"}, {"bcbs"}};

    private static boolean at(List<String> tokens, int i, String... words) {
        if (i + words.length > tokens.size()) {
            return false;
        }
        for (int k = 0; k < words.length; k++) {
            if (!tokens.get(i + k).equals(words[k])) {
                return false;
            }
        }
        return true;
    }
}
