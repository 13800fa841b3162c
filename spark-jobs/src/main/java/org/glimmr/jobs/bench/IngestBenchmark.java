package org.glimmr.jobs.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.glimmr.generate.GenerationReport;
import org.glimmr.generate.GeneratorOptions;
import org.glimmr.generate.MrfGenerator;
import org.glimmr.mrf.Layout;

/**
 * The ingest benchmark: for each layout, a generated file of the given size, and in separate JVMs (own heap, own
 * cores): (a) our ingest into Delta, (b) our parse alone, (c) Jackson's token scan (JSON), (d) Spark's own reader
 * (CSV tall; JSON multiLine), (e) Spark writing as many canonical rows to Delta from memory, (f) our ingest on 1
 * core against (a) on 2. Prints a table and the ratios, and writes them as Markdown.
 */
public final class IngestBenchmark {
    /**
     * One measured case: {@code runs} holds each round's seconds in order, {@code peakHeap} the largest of the rounds;
     * a case that failed in any round is reported failed.
     */
    public record Result(String layout, String label, String what, int cores, List<Double> runs, long rows, long peakHeap,
            long bytes, String failure) {
        public Result {
            runs = List.copyOf(runs);
        }

        /** The median of the rounds' seconds; NaN when the case failed. */
        public double seconds() {
            return failure != null ? Double.NaN : median(runs);
        }

        double mbPerSecond() {
            return bytes / 1e6 / seconds();
        }

        double rowsPerSecond() {
            return rows / seconds();
        }
    }

    private final Path dir;
    private final long size;
    private final String heap;
    private final String version;
    private final PrintStream out;
    private final int rounds;

    public IngestBenchmark(Path dir, long size, String heap, String version, PrintStream out) {
        this(dir, size, heap, version, 1, out);
    }

    /**
     * @param rounds how many times each layout's cases run, one round after the other (a, b, …, f, then again), so
     *               that a slow spell of a shared machine falls on all cases alike; each case reports its median
     */
    public IngestBenchmark(Path dir, long size, String heap, String version, int rounds, PrintStream out) {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
        }
        this.rounds = rounds;
        this.dir = dir;
        this.size = size;
        this.heap = heap;
        this.version = version;
        this.out = out;
    }

    public List<Result> run(List<Layout> layouts) throws Exception {
        return run(layouts, java.util.Set.of("a", "b", "c", "d", "e", "f"));
    }

    /**
     * Runs the {@code cases} (letters a to g) for each layout; (e) and (g) need (a)'s row count, so either alone runs
     * (a) too. (g) is not in the default set: it is (e) written into the table ingest writes, to separate what the
     * table's definition costs or saves from what ingest adds.
     */
    public List<Result> run(List<Layout> layouts, java.util.Set<String> cases) throws Exception {
        Files.createDirectories(dir);
        List<Result> all = new ArrayList<>();
        for (Layout layout : layouts) {
            Path file = generate(layout);
            long bytes = Files.size(file);
            List<List<Result>> byRound = new ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                if (rounds > 1) {
                    out.printf("bench: %s round %d of %d%n", layout.value(), r, rounds);
                }
                List<Result> round = new ArrayList<>();
                Result ingest2 = null;
                if (cases.contains("a") || cases.contains("e") || cases.contains("g")) {
                    ingest2 = measure(layout, "(a) ingest end to end into Delta", "ingest", file, 2, bytes, 0);
                    round.add(ingest2);
                }
                if (cases.contains("b")) {
                    round.add(measure(layout, "(b) parse alone", "parse", file, 1, bytes, 0));
                }
                if (layout == Layout.JSON) {
                    if (cases.contains("c")) {
                        round.add(measure(layout, "(c) Jackson token scan (ceiling)", "jackson", file, 1, bytes, 0));
                    }
                    if (cases.contains("d")) {
                        round.add(measure(layout, "(d) Spark read.json multiLine", "spark-json", file, 2, bytes, 0));
                    }
                } else if (layout == Layout.CSV_TALL && cases.contains("d")) {
                    round.add(measure(layout, "(d) Spark read.csv", "spark-csv", file, 2, bytes, 0));
                }
                if (cases.contains("e")) {
                    round.add(measure(layout, "(e) Spark writes same rows to Delta from memory", "delta-write", file, 2, bytes,
                            Math.max(1, ingest2.rows())));
                }
                if (cases.contains("f")) {
                    round.add(measure(layout, "(f) ingest on 1 core", "ingest", file, 1, bytes, 0));
                }
                if (cases.contains("g")) {
                    round.add(measure(layout, "(g) as (e), into silver.standard_charges as defined", "delta-write-table", file,
                            2, bytes, Math.max(1, ingest2.rows())));
                }
                byRound.add(round);
            }
            all.addAll(combine(byRound));
            print(all, out);
        }
        return all;
    }

    /** Each case's rounds as one result: the median seconds, every round's seconds, the largest peak heap. */
    static List<Result> combine(List<List<Result>> byRound) {
        List<Result> combined = new ArrayList<>();
        for (int i = 0; i < byRound.get(0).size(); i++) {
            List<Result> runs = new ArrayList<>();
            for (List<Result> round : byRound) {
                runs.add(round.get(i));
            }
            Result first = runs.get(0);
            Optional<String> failure = runs.stream().map(Result::failure).filter(java.util.Objects::nonNull).findFirst();
            combined.add(new Result(first.layout(), first.label(), first.what(), first.cores(),
                    runs.stream().flatMap(r -> r.runs().stream()).toList(), first.rows(),
                    runs.stream().mapToLong(Result::peakHeap).max().orElse(0), first.bytes(), failure.orElse(null)));
        }
        return combined;
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private Path generate(Layout layout) throws IOException {
        String ext = layout == Layout.JSON ? "json" : "csv";
        Path file = dir.resolve(String.format(Locale.ROOT, "bench-%s-v%s-%dMB.%s", layout.value(), version.charAt(0),
                size >> 20, ext));
        if (Files.exists(file) && Files.size(file) >= size * 0.98) {
            out.println("bench: reusing " + file);
            return file;
        }
        out.println("bench: generating " + file + " ...");
        GeneratorOptions options = GeneratorOptions.defaults(layout, version).withTargetBytes(size).withSeed(7);
        if (layout == Layout.CSV_WIDE) {
            options = options.withPayers(60, 5); // 300 payer x plan column groups
        } else {
            options = options.withPayers(40, 4);
        }
        GenerationReport report = MrfGenerator.writeTo(options, file);
        out.printf("bench: %,d bytes, %,d canonical rows%n", report.bytesWritten(), report.canonicalRows());
        return file;
    }

    private Result measure(Layout layout, String label, String what, Path file, int cores, long bytes, long rows)
            throws IOException, InterruptedException {
        Path work = dir.resolve("work-" + what + "-" + cores);
        ChildJvm.deleteTree(work);
        Files.createDirectories(work);
        out.printf("bench: %s %s on %d core(s), heap %s ...%n", layout.value(), label, cores, heap);
        ChildJvm.Outcome outcome = ChildJvm.run(BenchMeasure.class,
                List.of(what, file.toString(), String.valueOf(cores), work.toString(), String.valueOf(rows)), cores,
                Optional.of(heap), List.of(), work.resolve("measure.log"), 60);
        if (!outcome.ok()) {
            return new Result(layout.value(), label, what, cores, List.of(Double.NaN), 0, 0, bytes, outcome.failure());
        }
        Map<String, String> m = outcome.result();
        ChildJvm.deleteTree(work);
        return new Result(layout.value(), label, what, cores, List.of(Double.parseDouble(m.get("seconds"))),
                Long.parseLong(m.get("rows")), Long.parseLong(m.get("peakHeap")), bytes, null);
    }

    /** For the report: the class-data archive every measuring JVM maps, or "none". */
    public static String classDataArchive() {
        return ChildJvm.classDataArchive();
    }

    static void print(List<Result> results, PrintStream out) {
        out.println(render(results));
    }

    public static String render(List<Result> results) {
        StringBuilder b = new StringBuilder();
        boolean rounds = results.stream().anyMatch(r -> r.runs().size() > 1);
        b.append("| layout | case | cores | s").append(rounds ? " (median) | s of each round" : "")
                .append(" | MB/s | MB/s per core | rows/s | rows/s per core | peak heap MB |\n");
        b.append("|---|---|---|---|").append(rounds ? "---|" : "").append("---|---|---|---|---|\n");
        for (Result r : results) {
            String each = rounds ? " | " + r.runs().stream().map(x -> x.isNaN() ? "–" : String.format(Locale.ROOT, "%.1f", x))
                    .collect(java.util.stream.Collectors.joining(", ")) : "";
            if (r.failure() != null) {
                b.append(String.format(Locale.ROOT, "| %s | %s | %d | %s%s | | | | | |%n", r.layout(), r.label(), r.cores(),
                        r.failure(), each));
                continue;
            }
            boolean tokens = r.what().equals("jackson");
            b.append(String.format(Locale.ROOT, "| %s | %s | %d | %.1f%s | %.1f | %.1f | %s | %s | %d |%n", r.layout(), r.label(),
                    r.cores(), r.seconds(), each, r.mbPerSecond(), r.mbPerSecond() / r.cores(),
                    tokens ? "-" : String.format(Locale.ROOT, "%,.0f", r.rowsPerSecond()),
                    tokens ? "-" : String.format(Locale.ROOT, "%,.0f", r.rowsPerSecond() / r.cores()), r.peakHeap() >> 20));
        }
        b.append('\n');
        Map<String, List<Result>> byLayout = new LinkedHashMap<>();
        results.forEach(r -> byLayout.computeIfAbsent(r.layout(), k -> new ArrayList<>()).add(r));
        for (var e : byLayout.entrySet()) {
            Optional<Result> a = find(e.getValue(), "ingest", 2);
            Optional<Result> f = find(e.getValue(), "ingest", 1);
            Optional<Result> parse = find(e.getValue(), "parse", 1);
            Optional<Result> jackson = find(e.getValue(), "jackson", 1);
            Optional<Result> delta = find(e.getValue(), "delta-write", 2);
            Optional<Result> spark = e.getValue().stream().filter(r -> r.what().startsWith("spark-")).findFirst();
            b.append("ratios for ").append(e.getKey()).append(":\n");
            ratio(b, "(a)/(e) ingest rows/s vs Spark+Delta write from memory (target >= 0.70)", a, delta, Result::rowsPerSecond);
            ratio(b, "(a)/(g) ingest rows/s vs the same write into silver.standard_charges as defined", a,
                    find(e.getValue(), "delta-write-table", 2), Result::rowsPerSecond);
            ratio(b, "(b)/(c) parse MB/s vs Jackson token scan (target >= 0.50)", parse, jackson, Result::mbPerSecond);
            if (spark.isPresent() && spark.get().failure() != null) {
                b.append("  (a) vs (d): Spark's reader ").append(spark.get().failure()).append("; ours ingested the file\n");
            } else {
                ratio(b, "(a)/(d) ingest MB/s vs Spark's own reader" + (e.getKey().equals("json") ? " (target >= 3)" : ""),
                        a, spark, Result::mbPerSecond);
            }
            ratio(b, "(f) speed-up of one large file, 2 cores vs 1 (target >= 1.6)", a, f, Result::mbPerSecond);
        }
        return b.toString();
    }

    private static Optional<Result> find(List<Result> results, String what, int cores) {
        return results.stream().filter(r -> r.what().equals(what) && r.cores() == cores).findFirst();
    }

    private static void ratio(StringBuilder b, String label, Optional<Result> num, Optional<Result> den,
            java.util.function.ToDoubleFunction<Result> metric) {
        if (num.isEmpty() || den.isEmpty()) {
            return;
        }
        if (num.get().failure() != null || den.get().failure() != null) {
            b.append("  ").append(label).append(": n/a (").append(num.get().failure() != null ? num.get().failure() : den.get().failure()).append(")\n");
            return;
        }
        b.append(String.format(Locale.ROOT, "  %s: %.2f%n", label, metric.applyAsDouble(num.get()) / metric.applyAsDouble(den.get())));
    }
}
