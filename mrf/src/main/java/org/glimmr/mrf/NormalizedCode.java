package org.glimmr.mrf;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A published code and what {@link CodeNormalizer} made of it.
 *
 * @param published  the code as the parser read it
 * @param code       the code to compare by (system and value); empty when the published one is no code ({@code None})
 * @param modifiers  modifiers that were glued to the code ({@code 99213-25} gives {@code 25})
 * @param internalId a bracketed internal id that followed the code ({@code 10019-553-03 [293981]} gives {@code 293981})
 * @param fixes      what was changed, in {@link CodeFix} order; empty when the code was published as normalised
 */
public record NormalizedCode(Code published, Optional<Code> code, List<String> modifiers, Optional<String> internalId,
        List<CodeFix> fixes) {
    public NormalizedCode {
        requireNonNull(published, "published is null");
        requireNonNull(code, "code is null");
        modifiers = List.copyOf(modifiers);
        requireNonNull(internalId, "internalId is null");
        fixes = List.copyOf(fixes);
    }
}
