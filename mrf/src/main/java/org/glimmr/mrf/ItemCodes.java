package org.glimmr.mrf;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * An item's codes after {@link CodeNormalizer}: the normalised codes (no-codes left out), the primary one chosen among
 * them by {@link PrimaryCode}, and every fix made to any of them.
 *
 * @param normalized each published code, in file order, with what it became
 * @param codes     the normalised codes, in file order, without the published ones that are no code
 * @param primary   the normalised code the item is compared by, with its published form, glued modifiers and
 *                  internal id; empty when no code is left
 * @param fixes     every kind of fix made to any of the item's codes, in {@link CodeFix} order
 */
public record ItemCodes(List<NormalizedCode> normalized, List<Code> codes, Optional<NormalizedCode> primary,
        List<CodeFix> fixes) {
    public ItemCodes {
        normalized = List.copyOf(normalized);
        codes = List.copyOf(codes);
        requireNonNull(primary, "primary is null");
        fixes = List.copyOf(fixes);
    }

    public static ItemCodes of(List<Code> published) {
        List<NormalizedCode> normalized = new ArrayList<>(published.size());
        List<Code> codes = new ArrayList<>(published.size());
        EnumSet<CodeFix> fixes = EnumSet.noneOf(CodeFix.class);
        for (Code code : published) {
            NormalizedCode n = CodeNormalizer.normalize(code);
            normalized.add(n);
            n.code().ifPresent(codes::add);
            fixes.addAll(n.fixes());
        }
        Optional<Code> chosen = PrimaryCode.choose(codes);
        // the chosen instance itself, so two equal codes resolve to the first
        Optional<NormalizedCode> primary = chosen.flatMap(c -> normalized.stream()
                .filter(n -> n.code().isPresent() && n.code().get() == c).findFirst());
        return new ItemCodes(normalized, codes, primary, List.copyOf(fixes));
    }

    /** The first of the item's codes that had {@code fix}. */
    public Optional<NormalizedCode> firstWith(CodeFix fix) {
        return normalized.stream().filter(n -> n.fixes().contains(fix)).findFirst();
    }

    /** The published form of the primary code; when no code is left, the parser's choice among the published ones. */
    public Optional<Code> publishedPrimary() {
        return primary.map(NormalizedCode::published)
                .or(() -> PrimaryCode.choose(normalized.stream().map(NormalizedCode::published).toList()));
    }
}
