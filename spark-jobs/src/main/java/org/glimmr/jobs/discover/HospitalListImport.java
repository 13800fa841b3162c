package org.glimmr.jobs.discover;

import static java.util.Objects.requireNonNull;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import io.delta.tables.DeltaTable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.common.GlimmrException;
import org.glimmr.jobs.http.UnsafeUrlException;
import org.glimmr.jobs.http.Urls;
import org.glimmr.jobs.ingest.HospitalIds;
import org.glimmr.lakehouse.LakehouseCatalog;
import org.glimmr.lakehouse.LakehouseTables;

/**
 * {@code hospitals import}: a CSV of hospitals into {@code bronze.hospital_list}, merged by key (CCN when given,
 * else the hash of normalised name and state, as {@code silver.hospitals.hospital_id}), so importing twice changes
 * nothing. Columns are found by name, case and spacing aside: {@code name} (or CMS's {@code Facility Name}),
 * {@code state}, {@code website} (optional), {@code ccn} (or CMS's {@code Facility ID}, optional); other columns are
 * ignored. A known website or CCN is never erased by a file that lacks it. A bad row is reported with its line and
 * the others are imported.
 */
public final class HospitalListImport {
    private static final Map<String, String> COLUMNS = Map.ofEntries(
            Map.entry("name", "name"), Map.entry("hospital name", "name"), Map.entry("facility name", "name"),
            Map.entry("state", "state"), Map.entry("license state", "state"),
            Map.entry("website", "website"), Map.entry("web site", "website"), Map.entry("url", "website"),
            Map.entry("website url", "website"),
            Map.entry("ccn", "ccn"), Map.entry("facility id", "ccn"), Map.entry("cms certification number", "ccn"),
            Map.entry("provider id", "ccn"));
    private static final Set<String> STATES = Set.of("AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI",
            "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ",
            "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI",
            "WY", "PR", "VI", "GU", "AS", "MP");

    /** What an import did. */
    public record Result(String source, int rowsRead, int hospitals, long inserted, long updated, List<String> problems) {
        public Result {
            problems = List.copyOf(problems);
        }

        public String render() {
            StringBuilder b = new StringBuilder(String.format("hospitals import %s: %d rows read, %d hospitals (%d new, %d changed)%n",
                    source, rowsRead, hospitals, inserted, updated));
            problems.forEach(p -> b.append("  ").append(p).append('\n'));
            return b.toString();
        }
    }

    private record Hospital(String key, String name, String state, String website, String ccn) {}

    private final SparkSession spark;
    private final GlimmrConfig config;
    private final Clock clock;

    public HospitalListImport(SparkSession spark, GlimmrConfig config, Clock clock) {
        this.spark = requireNonNull(spark, "spark is null");
        this.config = requireNonNull(config, "config is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public Result run(String file) {
        String uri = file.contains("://") || file.startsWith("file:") ? file : "file:" + java.nio.file.Path.of(file).toAbsolutePath().normalize();
        Path path = new Path(uri);
        Map<String, Hospital> hospitals = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        int read = 0;
        try (Reader reader = new InputStreamReader(path.getFileSystem(spark.sparkContext().hadoopConfiguration()).open(path), StandardCharsets.UTF_8)) {
            CsvParserSettings settings = new CsvParserSettings();
            settings.setLineSeparatorDetectionEnabled(true);
            settings.setMaxCharsPerColumn(1 << 16);
            settings.setNullValue("");
            CsvParser parser = new CsvParser(settings);
            parser.beginParsing(reader);
            Map<String, Integer> columns = columns(file, parser.parseNext());
            String[] cells;
            while ((cells = parser.parseNext()) != null) {
                long line = parser.getContext().currentLine();
                if (cells.length == 1 && cells[0].isBlank()) {
                    continue;
                }
                read++;
                Optional<Hospital> h = hospital(cells, columns, line, problems);
                if (h.isPresent()) {
                    Hospital before = hospitals.put(h.get().key(), h.get());
                    if (before != null) {
                        problems.add("line " + line + ": same hospital as an earlier line (key " + h.get().key() + "); the later line wins");
                    }
                }
            }
        } catch (FileNotFoundException e) {
            throw new GlimmrException(GlimmrException.ErrorCode.INPUT, "hospital list " + file + " does not exist. Fix: give a CSV"
                    + " file (e.g. samples/hospitals.csv).");
        } catch (IOException e) {
            throw new GlimmrException(GlimmrException.ErrorCode.STORAGE, "cannot read " + file + ": " + e.getMessage(), e);
        }
        long[] counts = merge(new ArrayList<>(hospitals.values()), file);
        return new Result(file, read, hospitals.size(), counts[0], counts[1], problems);
    }

    private static Map<String, Integer> columns(String file, String[] header) {
        Map<String, Integer> columns = new LinkedHashMap<>();
        if (header != null) {
            for (int i = 0; i < header.length; i++) {
                String name = header[i] == null ? "" : header[i].replace("\uFEFF", "").strip().toLowerCase(Locale.ROOT).replaceAll("[\\s_]+", " ");
                String column = COLUMNS.get(name);
                if (column != null) {
                    columns.putIfAbsent(column, i);
                }
            }
        }
        if (!columns.containsKey("name") || !columns.containsKey("state")) {
            throw new GlimmrException(GlimmrException.ErrorCode.INPUT, "hospital list " + file + " has no 'name' and 'state' columns"
                    + " in its first line (found: " + (header == null ? "an empty file" : String.join(", ", header)) + "). Fix: a CSV"
                    + " with a header line naming name, state, website (optional) and ccn (optional); CMS's 'Facility Name',"
                    + " 'State' and 'Facility ID' are read too.");
        }
        return columns;
    }

    private static Optional<Hospital> hospital(String[] cells, Map<String, Integer> columns, long line, List<String> problems) {
        String name = cell(cells, columns, "name");
        String state = cell(cells, columns, "state").toUpperCase(Locale.ROOT);
        String website = cell(cells, columns, "website");
        String ccn = cell(cells, columns, "ccn").toUpperCase(Locale.ROOT);
        if (name.isEmpty()) {
            problems.add("line " + line + ": no hospital name; row skipped. Fix: fill the name column");
            return Optional.empty();
        }
        if (!STATES.contains(state)) {
            problems.add("line " + line + ": state '" + state + "' of " + name + " is not a two-letter US state or territory;"
                    + " row skipped. Fix: write e.g. CA");
            return Optional.empty();
        }
        if (ccn.matches("[0-9]{5}")) {
            ccn = "0" + ccn; // a spreadsheet dropped the leading zero
        }
        if (!ccn.isEmpty() && !ccn.matches("[0-9A-Z]{6}")) {
            problems.add("line " + line + ": CCN '" + ccn + "' of " + name + " is not 6 letters or digits; kept without a CCN");
            ccn = "";
        }
        if (!website.isEmpty()) {
            try {
                Urls.cmsHptTxt(website);
            } catch (UnsafeUrlException e) {
                problems.add("line " + line + ": website of " + name + ": " + e.getMessage() + "; kept without a website");
                website = "";
            }
        }
        String key = ccn.isEmpty() ? HospitalIds.of(name, state, "") : ccn;
        return Optional.of(new Hospital(key, name, state, website.isEmpty() ? null : website, ccn.isEmpty() ? null : ccn));
    }

    private static String cell(String[] cells, Map<String, Integer> columns, String column) {
        Integer i = columns.get(column);
        return i == null || i >= cells.length || cells[i] == null ? "" : cells[i].strip();
    }

    /** Merges by key; returns {inserted, updated}. */
    private long[] merge(List<Hospital> hospitals, String source) {
        LakehouseCatalog.ensure(spark, config, List.of(LakehouseTables.HOSPITAL_LIST));
        if (hospitals.isEmpty()) {
            return new long[] {0, 0};
        }
        Timestamp now = Timestamp.from(clock.instant());
        List<Row> rows = hospitals.stream().map(h -> RowFactory.create(h.key(), h.name(), h.state(), h.website(), h.ccn(), source, now)).toList();
        String location = LakehouseTables.HOSPITAL_LIST.location(config.lakehouseRoot());
        DeltaTable table = DeltaTable.forPath(spark, location);
        Map<String, String> update = Map.of(
                "name", "s.name", "state", "s.state",
                "website", "coalesce(s.website, t.website)", "ccn", "coalesce(s.ccn, t.ccn)",
                "source", "s.source", "imported_at", "s.imported_at");
        table.as("t").merge(spark.createDataFrame(rows, LakehouseTables.HOSPITAL_LIST.schema()).as("s"), "t.hospital_key = s.hospital_key")
                .whenMatched("t.name <> s.name OR t.state <> s.state OR coalesce(s.website, t.website) IS DISTINCT FROM t.website"
                        + " OR coalesce(s.ccn, t.ccn) IS DISTINCT FROM t.ccn")
                .updateExpr(update)
                .whenNotMatched().insertAll()
                .execute();
        Map<String, String> metrics = table.history(1).select("operationMetrics").first().getJavaMap(0);
        return new long[] {Long.parseLong(metrics.getOrDefault("numTargetRowsInserted", "0")),
                Long.parseLong(metrics.getOrDefault("numTargetRowsUpdated", "0"))};
    }
}
