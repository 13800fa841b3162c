package org.glimmr.jobs.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.jobs.aggregate.AggregateJob;
import org.glimmr.jobs.cli.AggregateCommand;
import org.glimmr.lakehouse.LakehouseSession;
import org.glimmr.lakehouse.LakehouseTables;
import org.glimmr.lakehouse.TableDefinition;

/**
 * One measurement of the aggregate benchmark, in a JVM of its own (own heap, own JIT, a cold Spark and Delta as a
 * scheduled {@code glimmr aggregate} has): {@code AggregateMeasure full|incremental <dataDir> <asOf>} runs Glimmr's
 * aggregate on the lakehouse under {@code dataDir}; {@code AggregateMeasure duckdb <dataDir> <threads> <memory>} runs
 * DuckDB on the Parquet files the full run listed. Prints one line
 * {@code RESULT case=… seconds=… cpu=… peakHeap=… maxHeap=… peakRss=… [steps=…] [prices=… stats=… silverRows=…]}.
 */
public final class AggregateMeasure {
    /** Where a full run leaves the list of silver's live files for DuckDB, under the data directory. */
    static final String DUCKDB_INPUTS = "duckdb-inputs.txt";
    /** Where DuckDB writes its tables, under the data directory. */
    static final String DUCKDB_OUT = "duckdb";

    private AggregateMeasure() {}

    public static void main(String[] args) throws Exception {
        List<SparkSession> started = new ArrayList<>();
        Map<String, String> result = measure(List.of(args), config -> {
            SparkSession spark = LakehouseSession.create(config, "glimmr-bench-aggregate-" + args[0]);
            started.add(spark);
            return spark;
        });
        started.forEach(SparkSession::stop);
        System.out.println("RESULT " + result.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" ")));
    }

    /**
     * One measurement (the arguments of {@link #main}) and its {@code RESULT} values. Glimmr's cases get their session
     * from {@code sessions}, given the lakehouse's configuration: {@link #main} starts a cold one, a test passes its
     * own.
     */
    static Map<String, String> measure(List<String> args, Function<GlimmrConfig, SparkSession> sessions) throws Exception {
        String what = args.get(0);
        Path data = Path.of(args.get(1)).toAbsolutePath();
        Map<String, String> result = new LinkedHashMap<>();
        result.put("case", what);
        try (HeapSampler heap = new HeapSampler()) {
            switch (what) {
                case "full", "incremental" -> {
                    LocalDate asOf = LocalDate.parse(args.get(2));
                    GlimmrConfig config = GlimmrConfig.load(Map.of("GLIMMR_DATA_DIR", data.toString()), data);
                    SparkSession spark = sessions.apply(config);
                    long cpu0 = processCpuNanos();
                    StepClock steps = new StepClock();
                    long started = System.nanoTime();
                    AggregateJob.Result run = new AggregateJob(spark, config, AggregateCommand.registryMatcher(),
                            new PrintStream(steps, true, StandardCharsets.UTF_8), Clock.systemUTC())
                            .run(asOf, what.equals("full"));
                    stop(result, started, cpu0, heap);
                    if (!run.mode().equals(what)) {
                        throw new IllegalStateException("asked for a " + what + " run, the job made a " + run.mode()
                                + " one (" + run.reason() + ")");
                    }
                    result.put("steps", steps.steps());
                    if (what.equals("full")) {
                        // what DuckDB reads: the live files of the tables this run read, payer names as it wrote them
                        new DuckDbAggregate.Inputs(liveFiles(spark, config, LakehouseTables.STANDARD_CHARGES),
                                liveFiles(spark, config, LakehouseTables.HOSPITALS),
                                liveFiles(spark, config, LakehouseTables.PAYER_NAMES)).write(data.resolve(DUCKDB_INPUTS));
                    }
                }
                case "duckdb" -> {
                    DuckDbAggregate.Inputs inputs = DuckDbAggregate.Inputs.read(data.resolve(DUCKDB_INPUTS));
                    long cpu0 = processCpuNanos();
                    long started = System.nanoTime();
                    DuckDbAggregate.Output out = DuckDbAggregate.run(inputs, data.resolve(DUCKDB_OUT),
                            Integer.parseInt(args.get(2)), args.get(3));
                    stop(result, started, cpu0, heap);
                    result.put("silverRows", String.valueOf(out.silverRows()));
                    result.put("prices", String.valueOf(out.prices()));
                    result.put("stats", String.valueOf(out.stats()));
                }
                default -> throw new IllegalArgumentException("unknown case " + what);
            }
        }
        return result;
    }

    private static void stop(Map<String, String> result, long started, long cpu0, HeapSampler heap) {
        result.put("seconds", String.format(Locale.ROOT, "%.3f", (System.nanoTime() - started) / 1e9));
        result.put("cpu", String.format(Locale.ROOT, "%.3f", (processCpuNanos() - cpu0) / 1e9));
        result.put("peakHeap", String.valueOf(heap.peak()));
        result.put("maxHeap", String.valueOf(Runtime.getRuntime().maxMemory()));
        result.put("peakRss", String.valueOf(peakRss()));
    }

    /** The table's live Parquet files (what a reader of its current version reads), as local paths. */
    static List<String> liveFiles(SparkSession spark, GlimmrConfig config, TableDefinition table) {
        return Arrays.stream(spark.read().format("delta").load(table.location(config.lakehouseRoot())).inputFiles())
                .map(f -> f.startsWith("file:") ? Path.of(URI.create(f)).toString() : f).sorted().toList();
    }

    /** CPU time of the whole process (every thread: tasks, JIT, collector), or -1 where the JVM does not say. */
    static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    /** The process's peak resident set (VmHWM) in bytes: heap, native memory (DuckDB's), code; -1 off Linux. */
    static long peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /**
     * The aggregate job's progress, timed: the line that names the run's mode ends the step {@code start} (reading
     * versions, checking the tables, recording the run), and each {@code aggregate: <table> N rows … in S s} line gives
     * that table's step its own time (steps that run together overlap). A line without a time ends a step that began
     * where the one before ended. Lines are echoed to standard error.
     */
    static final class StepClock extends OutputStream {
        private static final Pattern STEP = Pattern.compile(
                "^aggregate: (?:(full|incremental)\\b|(\\S+)\\s+[0-9,]+ rows.*?(?: in ([0-9.]+) s)?$)");
        private final long start = System.nanoTime();
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private final Map<String, Double> seconds = new LinkedHashMap<>();
        private long last = start;

        @Override
        public synchronized void write(int b) {
            if (b != '\n') {
                line.write(b);
                return;
            }
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            long now = System.nanoTime();
            System.err.printf(Locale.ROOT, "[%7.1f s] %s%n", (now - start) / 1e9, text);
            Matcher m = STEP.matcher(text);
            if (m.find()) {
                double took = m.group(3) != null ? Double.parseDouble(m.group(3)) : (now - last) / 1e9;
                seconds.merge(m.group(1) != null ? "start" : m.group(2), took, Double::sum);
                last = now;
            }
        }

        /** {@code table:seconds,…} in the order written; {@code end} is the time after the last table. */
        synchronized String steps() {
            List<String> parts = new ArrayList<>();
            seconds.forEach((t, s) -> parts.add(String.format(Locale.ROOT, "%s:%.2f", t, s)));
            parts.add(String.format(Locale.ROOT, "end:%.2f", (System.nanoTime() - last) / 1e9));
            return String.join(",", parts);
        }
    }
}
