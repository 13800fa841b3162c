package org.glimmr.jobs.ingest;

import java.util.List;
import java.util.Map;

/**
 * The fixed-form summary of an ingest run.
 *
 * @param skipped files whose bytes were ingested before (same sha256): nothing done
 */
public record IngestSummary(
        String runId,
        int filesSeen,
        int skipped,
        int ok,
        int partial,
        int rejected,
        long rows,
        long rejectedRows,
        Map<String, Long> rejectedByReason,
        long findingErrors,
        long findingAlerts,
        long encodingRepairs,
        long bytes,
        double seconds,
        List<FileResult> files) {

    public IngestSummary {
        rejectedByReason = Map.copyOf(rejectedByReason);
        files = List.copyOf(files);
    }

    /** One file's result, for the printed summary. */
    public record FileResult(String uri, String sha256, String layout, String templateVersion, String status,
            long rows, long rejectedRows, String hospitalName, boolean current, String reason) {}

    public String render() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("ingest %s: %d files seen, %d already ingested (skipped); %d ok, %d partial, %d rejected%n",
                runId, filesSeen, skipped, ok, partial, rejected));
        b.append(String.format("  rows written: %,d   rejected rows: %,d   findings: %,d errors, %,d alerts   encoding repairs: %,d%n",
                rows, rejectedRows, findingErrors, findingAlerts, encodingRepairs));
        if (!rejectedByReason.isEmpty()) {
            b.append("  rejected rows by reason:");
            new java.util.TreeMap<>(rejectedByReason).forEach((k, v) -> b.append(String.format(" %s=%,d", k, v)));
            b.append('\n');
        }
        b.append(String.format("  %.1f s, %.1f MB read%n", seconds, bytes / 1e6));
        for (FileResult f : files) {
            b.append(String.format("  %-8s %-9s %-6s %,10d rows %,7d rejected  %s%s%n", f.status(), f.layout(),
                    f.templateVersion() == null ? "-" : f.templateVersion(), f.rows(), f.rejectedRows(),
                    f.uri().replaceFirst("^file:", ""), f.current() || f.status().equals("rejected") ? "" : " (older file of its hospital: not current)"));
            if (f.reason() != null && !f.status().equals("ok")) {
                b.append("           ").append(f.reason()).append('\n');
            }
        }
        return b.toString();
    }
}
