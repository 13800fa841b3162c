package org.glimmr.jobs.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.glimmr.generate.GenerationReport;
import org.glimmr.generate.GeneratorOptions;
import org.glimmr.generate.MrfGenerator;
import org.glimmr.mrf.Layout;

/**
 * The ingest benchmark: for each layout, a generated file of the given size, and for each real file given, in separate
 * JVMs (own heap, own cores): (a) our ingest into Delta, (b) our parse alone, (c) Jackson's token scan (JSON), (d)
 * Spark's own reader (CSV tall; JSON multiLine), (e) Spark writing as many canonical rows to Delta from memory, (f) our
 * ingest on 1 core against (a) on 2. With a baseline build, (a), (b) and (f) also run on that build's classes in the
 * same rounds, turn about, so a before/after comparison is measured in one run. Prints a table and the ratios, and
 * writes them as Markdown.
 */
public final class IngestBenchmark {
    /** What the cases run on: {@link #CURRENT} (this build) or {@link #BASELINE} (the build given as baseline). */
    public static final String CURRENT = "";
    public static final String BASELINE = "baseline";

    /**
     * One measured case: {@code runs} holds each round's seconds in order, {@code peakHeap} the largest of the rounds;
     * a case that failed in any round is reported failed. {@code input} names the file: a layout for a generated one,
     * the layout and file name for a real one; {@code build} is {@link #CURRENT} or {@link #BASELINE}.
     */
    public record Result(String input, String label, String what, int cores, List<Double> runs, long rows, long peakHeap,
            long bytes, String failure, String build, List<Double> cpuRuns) {
        public Result {
            runs = List.copyOf(runs);
            cpuRuns = List.copyOf(cpuRuns);
        }

        /** A result of this build. */
        public Result(String input, String label, String what, int cores, List<Double> runs, long rows, long peakHeap,
                long bytes, String failure) {
            this(input, label, what, cores, runs, rows, peakHeap, bytes, failure, CURRENT, List.of());
        }

        public Result(String input, String label, String what, int cores, List<Double> runs, long rows, long peakHeap,
                long bytes, String failure, String build) {
            this(input, label, what, cores, runs, rows, peakHeap, bytes, failure, build, List.of());
        }

        /** The median CPU seconds of the whole measuring JVM over the rounds; NaN when not measured. */
        public double cpuSeconds() {
            List<Double> known = cpuRuns.stream().filter(c -> !c.isNaN()).toList();
            return failure != null || known.isEmpty() ? Double.NaN : median(known);
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

    /** A file to measure: generated for a layout, or a real one (a {@code .gz} unpacked so that it can be split). */
    record Input(String name, Layout layout, Path file) {
        /** A folder of files ingested in one batch: only the ingest cases, (a) and (f), apply. */
        boolean batch() {
            return Files.isDirectory(file);
        }
    }

    private static final String TIME = "/usr/bin/time";

    private final Path dir;
    private final long size;
    private final String heap;
    private final String version;
    private final PrintStream out;
    private final int rounds;
    /** The class path of the baseline build, or empty. */
    private Optional<String> baselineClassPath = Optional.empty();

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

    /**
     * Also measures (a), (b) and (f) on another build of Glimmr: a checkout whose {@code spark-jobs/target} holds
     * {@code glimmr-spark-jobs.jar} and {@code runtime-classpath.txt} (what {@code ./glimmr} builds), e.g. the commit
     * before a change. Neither side's JVMs then map a class-data archive, so both load their classes alike.
     */
    public IngestBenchmark withBaseline(Path checkout) throws IOException {
        Path target = checkout.resolve("spark-jobs").resolve("target");
        Path jar = target.resolve("glimmr-spark-jobs.jar");
        Path classPath = target.resolve("runtime-classpath.txt");
        if (!Files.isRegularFile(jar) || !Files.isRegularFile(classPath)) {
            throw new IOException("the baseline " + checkout + " is not built: " + jar + " and " + classPath + " must"
                    + " exist. Fix: build it (mvn -B -q -DskipTests package, or ./glimmr --help there)");
        }
        baselineClassPath = Optional.of(jar.toAbsolutePath() + java.io.File.pathSeparator
                + Files.readString(classPath, StandardCharsets.UTF_8).trim());
        return this;
    }

    public List<Result> run(List<Layout> layouts) throws Exception {
        return run(layouts, java.util.Set.of("a", "b", "c", "d", "e", "f"));
    }

    public List<Result> run(List<Layout> layouts, java.util.Set<String> cases) throws Exception {
        return run(layouts, List.of(), cases);
    }

    /**
     * Runs the {@code cases} (letters a to g) for each layout; (e) and (g) need (a)'s row count, so either alone runs
     * (a) too. (g) is not in the default set: it is (e) written into the table ingest writes, to separate what the
     * table's definition costs or saves from what ingest adds.
     */
    /**
     * Runs the {@code cases} on a generated file of each of {@code layouts} and on each of {@code realFiles} (plain,
     * or {@code .gz}, unpacked once into the benchmark folder so that ingest can split it as it splits any plain file).
     */
    public List<Result> run(List<Layout> layouts, List<Path> realFiles, java.util.Set<String> cases) throws Exception {
        Files.createDirectories(dir);
        List<Input> inputs = new ArrayList<>();
        for (Layout layout : layouts) {
            inputs.add(new Input(layout.value(), layout, generate(layout)));
        }
        List<Input> reals = new ArrayList<>();
        for (Path real : realFiles) {
            real(real).ifPresent(reals::add);
        }
        inputs.addAll(reals);
        if (reals.size() > 1) {
            // the real files together, as ingest reads a folder: the fixed cost of a batch is paid once
            Path batch = dir.resolve("files-batch");
            deleteTree(batch);
            Files.createDirectories(batch);
            for (Input r : reals) {
                Files.createSymbolicLink(batch.resolve(r.file().getFileName()), r.file().toAbsolutePath());
            }
            inputs.add(new Input("all " + reals.size() + " real files, one batch", Layout.UNKNOWN, batch));
        }
        List<Result> all = new ArrayList<>();
        for (Input input : inputs) {
            Layout layout = input.layout();
            Path file = input.file();
            long bytes = input.batch() ? reals.stream().mapToLong(r -> r.file().toFile().length()).sum() : Files.size(file);
            List<List<Result>> byRound = new ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                if (rounds > 1) {
                    out.printf("bench: %s round %d of %d%n", input.name(), r, rounds);
                }
                // with a baseline, the two builds take turns: baseline first in odd rounds, this build first in even ones
                List<String> builds = baselineClassPath.isEmpty() ? List.of(CURRENT)
                        : r % 2 == 1 ? List.of(BASELINE, CURRENT) : List.of(CURRENT, BASELINE);
                List<Result> round = new ArrayList<>();
                Result ingest2 = null;
                if (cases.contains("a") || cases.contains("e") || cases.contains("g")) {
                    for (String build : builds) {
                        Result a = measure(input, "(a) ingest end to end into Delta", "ingest", 2, bytes, 0, build);
                        if (build.equals(CURRENT)) {
                            ingest2 = a;
                        }
                        round.add(a);
                    }
                }
                if (cases.contains("b") && !input.batch()) {
                    for (String build : builds) {
                        round.add(measure(input, "(b) parse alone", "parse", 1, bytes, 0, build));
                    }
                }
                if (layout == Layout.JSON) {
                    if (cases.contains("c")) {
                        round.add(measure(input, "(c) Jackson token scan (ceiling)", "jackson", 1, bytes, 0, CURRENT));
                    }
                    if (cases.contains("d")) {
                        round.add(measure(input, "(d) Spark read.json multiLine", "spark-json", 2, bytes, 0, CURRENT));
                    }
                } else if (layout == Layout.CSV_TALL && cases.contains("d")) {
                    round.add(measure(input, "(d) Spark read.csv", "spark-csv", 2, bytes, 0, CURRENT));
                }
                if (cases.contains("e") && !input.batch()) {
                    round.add(measure(input, "(e) Spark writes same rows to Delta from memory", "delta-write", 2, bytes,
                            Math.max(1, ingest2.rows()), CURRENT));
                }
                if (cases.contains("f")) {
                    for (String build : builds) {
                        round.add(measure(input, "(f) ingest on 1 core", "ingest", 1, bytes, 0, build));
                    }
                }
                if (cases.contains("g") && !input.batch()) {
                    round.add(measure(input, "(g) as (e), into silver.standard_charges as defined", "delta-write-table", 2,
                            bytes, Math.max(1, ingest2.rows()), CURRENT));
                }
                byRound.add(round);
            }
            all.addAll(combine(byRound));
            print(all, out);
        }
        return all;
    }

    /**
     * A real file as a benchmark input: a {@code .gz} is unpacked (once) into the benchmark folder; a file that is not
     * an MRF (a digest or notes beside the files) is left out, saying so.
     */
    private Optional<Input> real(Path file) throws IOException {
        Path plain = file;
        String name = file.getFileName().toString();
        if (name.toLowerCase(Locale.ROOT).endsWith(".gz")) {
            Path unpacked = dir.resolve("files").resolve(name.substring(0, name.length() - 3));
            if (!Files.exists(unpacked)) {
                Files.createDirectories(unpacked.getParent());
                Path part = unpacked.resolveSibling(unpacked.getFileName() + ".part");
                try (InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
                    Files.copy(in, part, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                Files.move(part, unpacked, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                out.println("bench: unpacked " + file + " into " + unpacked);
            }
            plain = unpacked;
        }
        org.glimmr.mrf.MrfFile mrf = org.glimmr.mrf.Mrf.open(new org.glimmr.mrf.LocalByteSource(plain));
        if (mrf.rejection().isPresent() || mrf.header().map(h -> h.hospitalName().isBlank()).orElse(true)) {
            out.println("bench: leaving out " + file + ": not an MRF (" + mrf.rejection().map(r -> r.reason().name())
                    .orElse("no hospital_name") + ")");
            return Optional.empty();
        }
        return Optional.of(new Input(mrf.layout().value() + " " + plain.getFileName(), mrf.layout(), plain));
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
            combined.add(new Result(first.input(), first.label(), first.what(), first.cores(),
                    runs.stream().flatMap(r -> r.runs().stream()).toList(), first.rows(),
                    runs.stream().mapToLong(Result::peakHeap).max().orElse(0), first.bytes(), failure.orElse(null),
                    first.build(), runs.stream().flatMap(r -> r.cpuRuns().stream()).toList()));
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

    private Result measure(Input input, String label, String what, int cores, long bytes, long rows, String build)
            throws IOException, InterruptedException {
        Path file = input.file();
        Path work = dir.resolve("work-" + what + "-" + cores + (build.isEmpty() ? "" : "-" + build));
        deleteTree(work);
        Files.createDirectories(work);
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/taskset"))) {
            // pin the JVM to its cores: GC and helper threads must not borrow the other core
            command.addAll(List.of("/usr/bin/taskset", "-c", cores == 1 ? "0" : "0-" + (cores - 1)));
        }
        if (Files.isExecutable(Path.of(TIME))) {
            // the CPU time of the whole measuring JVM (start, Spark session and all), which a busy machine's other
            // work stretches far less than the wall-clock time
            command.addAll(List.of(TIME, "-f", "CPU user=%U sys=%S"));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(childJvmArguments().stream()
                .filter(a -> baselineClassPath.isEmpty() || !a.startsWith("-XX:SharedArchiveFile")).toList());
        command.add("-Xmx" + heap);
        command.add("-XX:ActiveProcessorCount=" + cores);
        command.add("-cp");
        command.add(build.equals(BASELINE) ? baselineClassPath.orElseThrow() : System.getProperty("java.class.path"));
        command.add(BenchMeasure.class.getName());
        command.addAll(List.of(what, file.toString(), String.valueOf(cores), work.toString(), String.valueOf(rows)));
        out.printf("bench: %s %s%s on %d core(s), heap %s ...%n", input.name(), label, build.isEmpty() ? "" : " [" + build
                + " build]", cores, heap);
        Path log = work.resolve("measure.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(60, TimeUnit.MINUTES);
        if (!done) {
            p.destroyForcibly();
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        Optional<String> line = text.lines().filter(l -> l.startsWith("RESULT ")).reduce((a, b) -> b);
        double cpu = text.lines().filter(l -> l.startsWith("CPU user=")).reduce((a, b) -> b)
                .map(l -> l.replaceAll("CPU user=([0-9.]+) sys=([0-9.]+).*", "$1 $2").split(" "))
                .map(t -> Double.parseDouble(t[0]) + Double.parseDouble(t[1])).orElse(Double.NaN);
        Result result;
        if (done && p.exitValue() == 0 && line.isPresent()) {
            Map<String, String> m = BenchMeasure.parse(line.get());
            result = new Result(input.name(), label, what, cores, List.of(Double.parseDouble(m.get("seconds"))),
                    Long.parseLong(m.get("rows")), Long.parseLong(m.get("peakHeap")), bytes, null, build, List.of(cpu));
        } else {
            String failure = !done ? "timed out" : text.contains("OutOfMemoryError") ? "failed: out of memory with -Xmx" + heap
                    : "failed (exit " + p.exitValue() + "), see " + log;
            result = new Result(input.name(), label, what, cores, List.of(Double.NaN), 0, 0, bytes, failure, build,
                    List.of(cpu));
        }
        if (result.failure() == null) {
            deleteTree(work);
        }
        return result;
    }

    /**
     * This JVM's options for the JVMs that measure, less heap, cores and agents, which each case sets or must not
     * have. A class-data archive this JVM maps (the launcher's, see {@code glimmr}) goes to every case alike; one it
     * would write at exit does not: the cases must not write archives, let alone the same file at once.
     */
    static List<String> childJvmArguments() {
        List<String> args = new ArrayList<>();
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-Xmx") && !arg.startsWith("-Xms") && !arg.startsWith("-XX:ActiveProcessorCount")
                    && !arg.startsWith("-agentlib") && !arg.startsWith("-javaagent")
                    && !arg.startsWith("-XX:ArchiveClassesAtExit")) {
                args.add(arg);
            }
        }
        return args;
    }

    /** For the report: the class-data archive every measuring JVM maps, or "none". */
    public String archiveOfTheCases() {
        return baselineClassPath.isPresent() ? "none (a baseline build is measured: neither build maps one)" : classDataArchive();
    }

    /** The class-data archive this JVM maps, or "none". */
    public static String classDataArchive() {
        return childJvmArguments().stream().filter(a -> a.startsWith("-XX:SharedArchiveFile="))
                .map(a -> Path.of(a.substring(a.indexOf('=') + 1)).getFileName().toString()).reduce((a, b) -> b)
                .orElse("none");
    }

    static void print(List<Result> results, PrintStream out) {
        out.println(render(results));
    }

    public static String render(List<Result> results) {
        StringBuilder b = new StringBuilder();
        boolean rounds = results.stream().anyMatch(r -> r.runs().size() > 1);
        b.append("| file | case | cores | s").append(rounds ? " (median) | s of each round" : "")
                .append(" | MB/s | MB/s per core | rows/s | rows/s per core | peak heap MB | CPU s of the JVM |\n");
        b.append("|---|---|---|---|").append(rounds ? "---|" : "").append("---|---|---|---|---|---|\n");
        for (Result r : results) {
            String each = rounds ? " | " + r.runs().stream().map(x -> x.isNaN() ? "–" : String.format(Locale.ROOT, "%.1f", x))
                    .collect(java.util.stream.Collectors.joining(", ")) : "";
            String label = r.label() + (r.build().isEmpty() ? "" : ", " + r.build() + " build");
            if (r.failure() != null) {
                b.append(String.format(Locale.ROOT, "| %s | %s | %d | %s%s | | | | | | |%n", r.input(), label, r.cores(),
                        r.failure(), each));
                continue;
            }
            boolean tokens = r.what().equals("jackson");
            b.append(String.format(Locale.ROOT, "| %s | %s | %d | %.1f%s | %.1f | %.1f | %s | %s | %d | %s |%n", r.input(),
                    label, r.cores(), r.seconds(), each, r.mbPerSecond(), r.mbPerSecond() / r.cores(),
                    tokens ? "-" : String.format(Locale.ROOT, "%,.0f", r.rowsPerSecond()),
                    tokens ? "-" : String.format(Locale.ROOT, "%,.0f", r.rowsPerSecond() / r.cores()), r.peakHeap() >> 20,
                    r.cpuSeconds() > 0 ? String.format(Locale.ROOT, "%.1f", r.cpuSeconds()) : "–"));
        }
        b.append('\n');
        Map<String, List<Result>> byLayout = new LinkedHashMap<>();
        results.forEach(r -> byLayout.computeIfAbsent(r.input(), k -> new ArrayList<>()).add(r));
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
            ratio(b, "(a) this build vs the baseline build, rows/s (speed-up)", a, find(e.getValue(), "ingest", 2, BASELINE),
                    Result::rowsPerSecond);
            ratio(b, "(a) this build vs the baseline build, CPU seconds of the whole JVM (baseline / this; above 1 is less"
                    + " CPU)", find(e.getValue(), "ingest", 2, BASELINE), a, Result::cpuSeconds);
            ratio(b, "(b) this build vs the baseline build, parse MB/s (speed-up)", parse, find(e.getValue(), "parse", 1,
                    BASELINE), Result::mbPerSecond);
            ratio(b, "(f) this build vs the baseline build, rows/s on 1 core (speed-up)", f, find(e.getValue(), "ingest", 1,
                    BASELINE), Result::rowsPerSecond);
        }
        return b.toString();
    }

    private static Optional<Result> find(List<Result> results, String what, int cores) {
        return find(results, what, cores, CURRENT);
    }

    private static Optional<Result> find(List<Result> results, String what, int cores, String build) {
        return results.stream().filter(r -> r.what().equals(what) && r.cores() == cores && r.build().equals(build))
                .findFirst();
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
        double ratio = metric.applyAsDouble(num.get()) / metric.applyAsDouble(den.get());
        if (!Double.isNaN(ratio)) {
            b.append(String.format(Locale.ROOT, "  %s: %.2f%n", label, ratio));
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
