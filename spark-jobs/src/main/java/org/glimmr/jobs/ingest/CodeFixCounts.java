package org.glimmr.jobs.ingest;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.glimmr.mrf.CodeFix;
import org.glimmr.mrf.Finding;
import org.glimmr.mrf.ItemCodes;
import org.glimmr.mrf.NormalizedCode;
import org.glimmr.mrf.Severity;

/**
 * Tallies the code fixes of a part's rows ({@link ChargeRows}): per {@link CodeFix}, the rows whose item had it and
 * the first code it was made to. The driver adds up the parts' tallies ({@link #sum}) into one alert per kind of fix
 * and file ({@link #findings}), so a hospital sees what was changed and how often.
 */
public final class CodeFixCounts {
    /** Rows with one kind of fix, and an example: {@code HCPCS "99213" -> CPT "99213"}. */
    public record Count(long rows, String example) implements Serializable {
        private static final long serialVersionUID = 1L;

        public Count {
            requireNonNull(example, "example is null");
        }
    }

    private final Map<CodeFix, long[]> rows = new EnumMap<>(CodeFix.class);
    private final Map<CodeFix, String> examples = new EnumMap<>(CodeFix.class);

    /** Counts one row of {@code item}. */
    void add(ItemCodes item) {
        for (CodeFix fix : item.fixes()) {
            long[] n = rows.get(fix);
            if (n == null) {
                rows.put(fix, new long[] {1});
                examples.put(fix, item.firstWith(fix).map(CodeFixCounts::example).orElse(""));
            } else {
                n[0]++;
            }
        }
    }

    /** What was counted, as values to send to the driver. */
    public Map<CodeFix, Count> counts() {
        Map<CodeFix, Count> out = new EnumMap<>(CodeFix.class);
        rows.forEach((fix, n) -> out.put(fix, new Count(n[0], examples.get(fix))));
        return Map.copyOf(out);
    }

    /** The parts' tallies added up; the example of the first part that has one. */
    public static Map<CodeFix, Count> sum(List<Map<CodeFix, Count>> parts) {
        Map<CodeFix, Count> total = new EnumMap<>(CodeFix.class);
        for (Map<CodeFix, Count> part : parts) {
            part.forEach((fix, c) -> total.merge(fix, c, (a, b) -> new Count(a.rows() + b.rows(), a.example())));
        }
        return total;
    }

    /** One alert per kind of fix, in {@link CodeFix} order: how many rows, what it means, an example. */
    public static List<Finding> findings(Map<CodeFix, Count> total) {
        List<Finding> out = new ArrayList<>();
        new EnumMap<>(total).forEach((fix, c) -> out.add(new Finding(fix.id(), Severity.ALERT, "file",
                String.format("%,d rows: %s; e.g. %s. The code as published is in published_codes of"
                        + " silver.standard_charges.", c.rows(), fix.description(), c.example()))));
        return out;
    }

    static String example(NormalizedCode n) {
        String published = n.published().type() + " \"" + n.published().code() + "\"";
        if (n.code().isEmpty()) {
            return published + " -> no code";
        }
        StringBuilder s = new StringBuilder(published).append(" -> ").append(n.code().get().type()).append(" \"")
                .append(n.code().get().code()).append('"');
        if (!n.modifiers().isEmpty()) {
            s.append(" with modifiers ").append(String.join(",", n.modifiers()));
        }
        n.internalId().ifPresent(id -> s.append(" and internal id ").append(id));
        return s.toString();
    }
}
