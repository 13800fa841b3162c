package org.glimmr.jobs.fetch;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.common.GlimmrException;
import org.glimmr.jobs.Parallel;
import org.glimmr.jobs.http.Outcome;
import org.glimmr.jobs.http.SafeHttpClient;
import org.glimmr.jobs.http.UnsafeUrlException;
import org.glimmr.jobs.http.Urls;
import org.glimmr.lakehouse.LakehouseCatalog;
import org.glimmr.lakehouse.LakehouseTables;

/**
 * Fetch: every MRF URL of the latest discovery (or the URLs given) into the raw store, each try recorded in
 * {@code bronze.mrf_downloads}. Downloads run in this JVM (the driver on a cluster): they are network-bound, stream
 * straight into the raw store, and the per-host limit needs one place that sees every request. Each host gets at
 * most {@link GlimmrConfig.Fetch#perHost()} lanes, each lane fetching that host's URLs one after another, and
 * {@link GlimmrConfig.Fetch#threads()} lanes run at once.
 */
public final class FetchJob {
    /** A URL to fetch and the hospitals that list it. */
    public record Target(String url, List<String> hospitalKeys) {
        public Target {
            requireNonNull(url, "url is null");
            hospitalKeys = List.copyOf(hospitalKeys);
        }
    }

    private final SparkSession spark;
    private final GlimmrConfig config;
    private final PrintStream progress;
    private final Clock clock;

    public FetchJob(SparkSession spark, GlimmrConfig config, PrintStream progress, Clock clock) {
        this.spark = requireNonNull(spark, "spark is null");
        this.config = requireNonNull(config, "config is null");
        this.progress = requireNonNull(progress, "progress is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Fetches the URLs found by the latest discovery of each hospital up to {@code runDate}. */
    public FetchSummary run(LocalDate runDate) {
        return run(runDate, discovered(runDate));
    }

    public FetchSummary run(LocalDate runDate, List<Target> targets) {
        long started = System.nanoTime();
        String runId = "fetch-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(clock.instant());
        LakehouseCatalog.ensure(spark, config, List.of(LakehouseTables.MRF_DOWNLOADS));
        Map<String, Downloader.Previous> previous = previous(targets);
        progress.printf("fetch: %d URLs into %s%n", targets.size(), config.rawRoot());
        List<List<DownloadTry>> results;
        int swept;
        try (SafeHttpClient http = new SafeHttpClient(config.fetch());
                RawStore store = new RawStore(config.rawRoot(), spark.sparkContext().hadoopConfiguration())) {
            swept = store.sweepAbandoned(clock.instant().minus(RawStore.ABANDONED_AFTER));
            if (swept > 0) {
                progress.printf("fetch: deleted %d abandoned partial downloads (unwritten for %d h) from %s/%s/%s%n", swept,
                        RawStore.ABANDONED_AFTER.toHours(), config.rawRoot(), RawStore.FOLDER, RawStore.INCOMING);
            }
            Downloader downloader = new Downloader(http, store, config.fetch(), clock);
            results = downloadAll(downloader, targets, previous);
        } catch (IOException e) {
            throw new GlimmrException(GlimmrException.ErrorCode.STORAGE, "cannot use the raw store " + config.rawRoot() + ": "
                    + e.getMessage() + ". Fix: check " + GlimmrConfig.RAW_ROOT + " and, for s3a://, the endpoint and keys.", e);
        }
        List<DownloadTry> all = results.stream().flatMap(List::stream).toList();
        write(runId, runDate, all);
        List<DownloadTry> last = results.stream().map(r -> r.get(r.size() - 1))
                .sorted(Comparator.comparing(DownloadTry::mrfUrl)).toList();
        return new FetchSummary(runId, config.rawRoot().uri(), last, all.size(), (System.nanoTime() - started) / 1e9, swept);
    }

    private List<List<DownloadTry>> downloadAll(Downloader downloader, List<Target> targets, Map<String, Downloader.Previous> previous) {
        Map<String, Queue<Target>> byHost = new LinkedHashMap<>();
        for (Target t : targets) {
            byHost.computeIfAbsent(host(t.url()), h -> new ArrayDeque<>()).add(t);
        }
        List<List<DownloadTry>> results = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger done = new AtomicInteger();
        List<Runnable> lanes = new ArrayList<>();
        for (Queue<Target> queue : byHost.values()) {
            for (int lane = 0; lane < Math.min(config.fetch().perHost(), queue.size()); lane++) {
                lanes.add(() -> {
                    Target t;
                    while ((t = poll(queue)) != null) {
                        List<DownloadTry> tries = downloader.download(t.url(), t.hospitalKeys(), Optional.ofNullable(previous.get(t.url())));
                        results.add(tries);
                        DownloadTry last = tries.get(tries.size() - 1);
                        progress.printf("fetch: [%d/%d] %-12s %s%n", done.incrementAndGet(), targets.size(), last.outcome().label(), t.url());
                    }
                });
            }
        }
        Parallel.runAll(config.fetch().threads(), "glimmr-fetch", lanes);
        return results;
    }

    private static Optional<Timestamp> httpDate(String value) {
        try {
            return Optional.of(Timestamp.from(java.time.ZonedDateTime.parse(value.strip(),
                    DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()));
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty(); // kept as text in last_modified
        }
    }

    private static Target poll(Queue<Target> queue) {
        synchronized (queue) {
            return queue.poll();
        }
    }

    /** The lane key: host and port, lower case; a URL that does not parse gets a lane of its own. */
    private static String host(String url) {
        try {
            URI uri = Urls.parse(url);
            return uri.getHost().toLowerCase(Locale.ROOT) + ":" + uri.getPort();
        } catch (UnsafeUrlException e) {
            return "invalid:" + url;
        }
    }

    private List<Target> discovered(LocalDate runDate) {
        if (!LakehouseCatalog.exists(spark, config, LakehouseTables.MRF_SOURCES)) {
            throw new GlimmrException(GlimmrException.ErrorCode.USAGE, "no discovery has run yet (" + LakehouseTables.MRF_SOURCES.qualifiedName()
                    + " does not exist). Fix: run ./glimmr hospitals import FILE and ./glimmr discover first, or give URLs with --url.");
        }
        String sources = LakehouseTables.MRF_SOURCES.sqlRef(config.lakehouseRoot());
        List<Row> rows = spark.sql("WITH latest AS (SELECT hospital_key, max(run_date) AS run_date FROM " + sources
                + " WHERE run_date <= DATE '" + runDate + "' GROUP BY hospital_key) "
                + "SELECT s.mrf_url, sort_array(collect_set(s.hospital_key)) FROM " + sources + " s JOIN latest l"
                + " ON s.hospital_key = l.hospital_key AND s.run_date = l.run_date"
                + " WHERE s.status = 'found' AND s.mrf_url IS NOT NULL GROUP BY s.mrf_url ORDER BY s.mrf_url").collectAsList();
        return rows.stream().map(r -> new Target(r.getString(0), r.getList(1))).toList();
    }

    /** For each URL, what the store holds from its latest good try (for a conditional request). */
    private Map<String, Downloader.Previous> previous(List<Target> targets) {
        Map<String, Downloader.Previous> previous = new HashMap<>();
        if (targets.isEmpty()) {
            return previous;
        }
        List<Row> rows = spark.sql("SELECT mrf_url, etag, last_modified, sha256, files FROM (SELECT *, row_number() OVER"
                + " (PARTITION BY mrf_url ORDER BY attempt_at DESC) AS n FROM " + LakehouseTables.MRF_DOWNLOADS.sqlRef(config.lakehouseRoot())
                + " WHERE outcome IN ('" + Outcome.STORED.label() + "', '" + Outcome.UNCHANGED.label() + "', '"
                + Outcome.NOT_MODIFIED.label() + "')) WHERE n = 1").collectAsList();
        java.util.Set<String> wanted = targets.stream().map(Target::url).collect(java.util.stream.Collectors.toSet());
        for (Row r : rows) {
            if (wanted.contains(r.getString(0)) && r.getString(3) != null) {
                List<StoredFile> files = r.<Row>getList(4).stream().map(f -> new StoredFile(f.getString(0), f.getString(1),
                        f.getLong(2), Optional.ofNullable(f.getString(3)), false)).toList();
                previous.put(r.getString(0), new Downloader.Previous(Optional.ofNullable(r.getString(1)),
                        Optional.ofNullable(r.getString(2)), r.getString(3), files));
            }
        }
        return previous;
    }

    private void write(String runId, LocalDate runDate, List<DownloadTry> tries) {
        if (tries.isEmpty()) {
            return;
        }
        List<Row> rows = tries.stream().map(t -> RowFactory.create(t.mrfUrl(), t.hospitalKeys(), runId, Date.valueOf(runDate),
                t.tryNumber(), t.lastTry(), Timestamp.from(t.attemptAt()), t.finalUrl().orElse(null), t.httpStatus().orElse(null),
                t.outcome().label(), t.contentType().orElse(null), t.etag().orElse(null), t.lastModified().orElse(null),
                t.lastModified().flatMap(FetchJob::httpDate).orElse(null), t.sha256().orElse(null), t.sizeBytes(),
                t.files().stream().map(f -> RowFactory.create(f.sha256(), f.rawPath(), f.sizeBytes(), f.zipEntry().orElse(null))).toList(),
                t.message().orElse(null))).toList();
        spark.createDataFrame(rows, LakehouseTables.MRF_DOWNLOADS.schema()).write().format("delta").mode("append")
                .save(LakehouseTables.MRF_DOWNLOADS.location(config.lakehouseRoot()));
    }
}
