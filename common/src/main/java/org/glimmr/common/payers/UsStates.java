package org.glimmr.common.payers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** US states, DC and Puerto Rico: lower-case names and two-letter codes, for the Blue Cross Blue Shield rule. */
final class UsStates {
    private static final Map<String, String> CODE_BY_NAME = new LinkedHashMap<>();

    static {
        String[] pairs = {
            "alabama", "al", "alaska", "ak", "arizona", "az", "arkansas", "ar", "california", "ca", "colorado", "co",
            "connecticut", "ct", "delaware", "de", "district of columbia", "dc", "florida", "fl", "georgia", "ga",
            "hawaii", "hi", "idaho", "id", "illinois", "il", "indiana", "in", "iowa", "ia", "kansas", "ks",
            "kentucky", "ky", "louisiana", "la", "maine", "me", "maryland", "md", "massachusetts", "ma",
            "michigan", "mi", "minnesota", "mn", "mississippi", "ms", "missouri", "mo", "montana", "mt",
            "nebraska", "ne", "nevada", "nv", "new hampshire", "nh", "new jersey", "nj", "new mexico", "nm",
            "new york", "ny", "north carolina", "nc", "north dakota", "nd", "ohio", "oh", "oklahoma", "ok",
            "oregon", "or", "pennsylvania", "pa", "puerto rico", "pr", "rhode island", "ri", "south carolina", "sc",
            "south dakota", "sd", "tennessee", "tn", "texas", "tx", "utah", "ut", "vermont", "vt", "virginia", "va",
            "washington", "wa", "west virginia", "wv", "wisconsin", "wi", "wyoming", "wy"};
        for (int i = 0; i < pairs.length; i += 2) {
            CODE_BY_NAME.put(pairs[i], pairs[i + 1]);
        }
    }

    static final Set<String> CODES = Set.copyOf(CODE_BY_NAME.values());

    /** The regular-expression alternation of every state name and code, for {@code {state}} in registry patterns. */
    static final String ALTERNATION = "(?:" + String.join("|", CODE_BY_NAME.keySet().stream()
            .flatMap(name -> Stream.of(name, CODE_BY_NAME.get(name))).sorted().toList()) + ")";

    private UsStates() {}

    /**
     * The state named by the tokens at {@code from} (a full name of one to three words, or a code), with the
     * number of tokens it took; empty when there is none.
     */
    static Optional<Map.Entry<String, Integer>> at(List<String> tokens, int from) {
        for (int words = 3; words >= 1; words--) {
            if (from + words <= tokens.size()) {
                String name = String.join(" ", tokens.subList(from, from + words));
                String code = CODE_BY_NAME.get(name);
                if (code != null) {
                    return Optional.of(Map.entry(code, words));
                }
            }
        }
        if (from < tokens.size() && CODES.contains(tokens.get(from))) {
            return Optional.of(Map.entry(tokens.get(from), 1));
        }
        return Optional.empty();
    }
}
