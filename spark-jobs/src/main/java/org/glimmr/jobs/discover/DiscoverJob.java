package org.glimmr.jobs.discover;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.common.GlimmrException;
import org.glimmr.jobs.Parallel;
import org.glimmr.jobs.http.SafeHttpClient;
import org.glimmr.jobs.http.UnsafeUrlException;
import org.glimmr.jobs.http.Urls;
import org.glimmr.lakehouse.LakehouseCatalog;
import org.glimmr.lakehouse.LakehouseTables;

/**
 * Discover: for every hospital of {@code bronze.hospital_list}, read {@code /cms-hpt.txt} at the root of its
 * website and record each entry, or why there is none, in {@code bronze.mrf_sources} under the run's date. Hospitals
 * sharing a domain share one request. A rerun of a date replaces that date's rows; other dates stay as history.
 */
public final class DiscoverJob {
    /** A hospital of the list. */
    record Hospital(String key, String website) {}

    /** The fixed-form summary: hospitals per status, entries found. */
    public record Summary(int hospitals, Map<SourceStatus, Integer> byStatus, long entries, long mrfUrls, List<String> problems) {
        public Summary {
            byStatus = Map.copyOf(byStatus);
            problems = List.copyOf(problems);
        }

        public String render() {
            StringBuilder b = new StringBuilder(String.format("discover: %d hospitals; %d entries, %d distinct MRF URLs%n ",
                    hospitals, entries, mrfUrls));
            new java.util.TreeMap<>(byStatus).forEach((s, n) -> b.append(' ').append(s.label()).append('=').append(n));
            b.append('\n');
            problems.forEach(p -> b.append("  ").append(p).append('\n'));
            if (mrfUrls > 0) {
                b.append("Next: ./glimmr fetch\n");
            }
            return b.toString();
        }
    }

    private final SparkSession spark;
    private final GlimmrConfig config;
    private final PrintStream progress;
    private final Clock clock;

    public DiscoverJob(SparkSession spark, GlimmrConfig config, PrintStream progress, Clock clock) {
        this.spark = requireNonNull(spark, "spark is null");
        this.config = requireNonNull(config, "config is null");
        this.progress = requireNonNull(progress, "progress is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public Summary run(LocalDate runDate) {
        if (!LakehouseCatalog.exists(spark, config, LakehouseTables.HOSPITAL_LIST)) {
            throw new GlimmrException(GlimmrException.ErrorCode.USAGE, "the hospital list is empty ("
                    + LakehouseTables.HOSPITAL_LIST.qualifiedName() + " does not exist). Fix: ./glimmr hospitals import FILE.csv"
                    + " (samples/hospitals.csv, or CMS's Hospital General Information file with a website column; see README).");
        }
        List<Hospital> hospitals = spark.sql("SELECT hospital_key, website FROM " + LakehouseTables.HOSPITAL_LIST.sqlRef(config.lakehouseRoot())
                + " ORDER BY hospital_key").collectAsList().stream().map(r -> new Hospital(r.getString(0), r.getString(1))).toList();
        Timestamp now = Timestamp.from(clock.instant());
        Date date = Date.valueOf(runDate);

        Map<String, List<Hospital>> byTxt = new LinkedHashMap<>();
        List<Row> rows = new ArrayList<>();
        Map<SourceStatus, Integer> byStatus = new EnumMap<>(SourceStatus.class);
        for (Hospital h : hospitals) {
            if (h.website() == null || h.website().isBlank()) {
                rows.add(row(h, null, SourceStatus.NO_WEBSITE, null, null, "no website in the hospital list; add one and import again", now, date));
                byStatus.merge(SourceStatus.NO_WEBSITE, 1, Integer::sum);
                continue;
            }
            try {
                byTxt.computeIfAbsent(Urls.cmsHptTxt(h.website()).toString(), u -> new ArrayList<>()).add(h);
            } catch (UnsafeUrlException e) {
                rows.add(row(h, null, SourceStatus.REFUSED, null, null, "website: " + e.getMessage(), now, date));
                byStatus.merge(SourceStatus.REFUSED, 1, Integer::sum);
            }
        }
        progress.printf("discover: %d hospitals, %d cms-hpt.txt files to read%n", hospitals.size(), byTxt.size());
        Map<String, TxtLookup.Result> results = lookUp(byTxt.keySet());
        List<String> problems = new ArrayList<>();
        for (var e : byTxt.entrySet()) {
            TxtLookup.Result result = results.get(e.getKey());
            for (Hospital h : e.getValue()) {
                byStatus.merge(result.status(), 1, Integer::sum);
                rows.addAll(rows(h, result, now, date));
            }
            if (result.status() != SourceStatus.FOUND || !result.message().isEmpty()) {
                problems.add(result.status().label() + " " + e.getKey() + (result.message().isEmpty() ? "" : ": " + result.message()));
            }
        }
        write(rows, runDate);
        long entries = rows.stream().filter(r -> !r.isNullAt(5)).count();
        long urls = rows.stream().filter(r -> SourceStatus.FOUND.label().equals(r.getString(3))).map(r -> r.getString(8)).distinct().count();
        return new Summary(hospitals.size(), byStatus, entries, urls, problems);
    }

    private Map<String, TxtLookup.Result> lookUp(java.util.Collection<String> urls) {
        Map<String, TxtLookup.Result> results = Collections.synchronizedMap(new LinkedHashMap<>());
        try (SafeHttpClient http = new SafeHttpClient(config.fetch())) {
            TxtLookup lookup = new TxtLookup(http, config.fetch());
            Parallel.runAll(config.fetch().threads(), "glimmr-discover",
                    urls.stream().<Runnable>map(url -> () -> results.put(url, lookup.read(URI.create(url)))).toList());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return results;
    }

    private static List<Row> rows(Hospital h, TxtLookup.Result result, Timestamp now, Date date) {
        String txt = result.txtUrl().toString();
        if (result.parsed().isEmpty() || result.parsed().get().entries().isEmpty()) {
            return List.of(row(h, txt, result.status(), result.httpStatus().orElse(null), null, result.message(), now, date));
        }
        List<Row> rows = new ArrayList<>();
        for (CmsHptTxt.Entry e : result.parsed().get().entries()) {
            SourceStatus status = e.usable() ? SourceStatus.FOUND : SourceStatus.MALFORMED;
            List<String> notes = new ArrayList<>(e.problems());
            if (!result.message().isEmpty()) {
                notes.add("file: " + result.message());
            }
            rows.add(RowFactory.create(h.key(), h.website(), txt, status.label(), result.httpStatus().orElse(null), e.index(),
                    e.locationName().orElse(null), e.sourcePageUrl().orElse(null), e.mrfUrl().orElse(null),
                    e.contactName().orElse(null), e.contactEmail().orElse(null), notes.isEmpty() ? null : String.join("; ", notes), now, date));
        }
        return rows;
    }

    private static Row row(Hospital h, String txt, SourceStatus status, Integer http, Integer entry, String message, Timestamp now, Date date) {
        return RowFactory.create(h.key(), h.website(), txt, status.label(), http, entry, null, null, null, null, null,
                message == null || message.isEmpty() ? null : message, now, date);
    }

    private void write(List<Row> rows, LocalDate runDate) {
        LakehouseCatalog.ensure(spark, config, List.of(LakehouseTables.MRF_SOURCES));
        spark.createDataFrame(rows, LakehouseTables.MRF_SOURCES.schema()).write().format("delta").mode("overwrite")
                .option("replaceWhere", "run_date = DATE '" + runDate + "'")
                .save(LakehouseTables.MRF_SOURCES.location(config.lakehouseRoot()));
    }
}
