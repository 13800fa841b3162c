package org.glimmr.jobs.fetch;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.glimmr.jobs.http.Outcome;

/**
 * The fixed-form summary of a fetch run: per URL, the outcome of its last try; {@code swept}: abandoned partial
 * downloads of earlier, killed runs deleted from the raw store's hidden {@code .incoming} folder.
 */
public record FetchSummary(String runId, String rawRoot, List<DownloadTry> lastTries, int tries, double seconds, int swept) {
    public FetchSummary {
        lastTries = List.copyOf(lastTries);
    }

    public Map<Outcome, Long> byOutcome() {
        Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
        lastTries.forEach(t -> counts.merge(t.outcome(), 1L, Long::sum));
        return counts;
    }

    public long newFiles() {
        return lastTries.stream().flatMap(t -> t.files().stream()).filter(StoredFile::isNew).count();
    }

    public long succeeded() {
        return lastTries.stream().filter(t -> t.outcome().success()).count();
    }

    public String render() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("fetch %s: %d URLs, %d tries, %.1f s; %d new files in %s%n", runId, lastTries.size(), tries,
                seconds, newFiles(), rawRoot));
        b.append(" ");
        byOutcome().forEach((o, n) -> b.append(' ').append(o.label()).append('=').append(n));
        b.append('\n');
        if (swept > 0) {
            b.append(String.format("  deleted %d abandoned partial downloads of killed runs%n", swept));
        }
        for (DownloadTry t : lastTries) {
            if (!t.outcome().success() || t.outcome() == Outcome.STORED) {
                b.append(String.format("  %-12s %s%s%n", t.outcome().label(), t.mrfUrl(),
                        t.message().map(m -> "\n               " + m).orElse("")));
            }
        }
        if (succeeded() > 0) {
            b.append("Next: ./glimmr ingest --input ").append(rawRoot.replaceFirst("^file:", "")).append('\n');
        }
        return b.toString();
    }
}
