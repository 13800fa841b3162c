package org.glimmr.jobs.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.jobs.ingest.ChargeRows;
import org.glimmr.jobs.ingest.IngestJob;
import org.glimmr.jobs.ingest.IngestSummary;
import org.glimmr.jobs.ingest.SplitTask;
import org.glimmr.lakehouse.LakehouseCatalog;
import org.glimmr.lakehouse.LakehouseSession;
import org.glimmr.lakehouse.LakehouseTables;
import org.glimmr.mrf.ChargeRow;
import org.glimmr.mrf.Finding;
import org.glimmr.mrf.LocalByteSource;
import org.glimmr.mrf.Mrf;
import org.glimmr.mrf.MrfFile;
import org.glimmr.mrf.MrfSink;
import org.glimmr.mrf.RejectedRow;
import org.glimmr.mrf.Split;

/**
 * One benchmark measurement, run in a JVM of its own (so heap and cores are its own):
 * {@code BenchMeasure <case> <file> <cores> <workDir> [rows]}. Prints one line {@code RESULT case=… seconds=… rows=… peakHeap=…}.
 */
public final class BenchMeasure {
    private BenchMeasure() {}

    public static void main(String[] args) throws Exception {
        String what = args[0];
        Path file = Path.of(args[1]);
        int cores = Integer.parseInt(args[2]);
        Path work = Path.of(args[3]);
        long wantRows = args.length > 4 ? Long.parseLong(args[4]) : 0;
        long rows;
        long started;
        double seconds;
        try (HeapSampler heap = new HeapSampler()) {
            switch (what) {
                case "parse" -> {
                    started = System.nanoTime();
                    rows = parseAlone(file);
                }
                case "jackson" -> {
                    started = System.nanoTime();
                    rows = jacksonScan(file);
                }
                case "ingest", "spark-csv", "spark-json", "delta-write", "delta-write-table" -> {
                    GlimmrConfig config = GlimmrConfig.load(Map.of("GLIMMR_DATA_DIR", work.toString(),
                            "GLIMMR_SPARK_MASTER", "local[" + cores + "]"), work);
                    SparkSession spark = LakehouseSession.create(config, "glimmr-bench-" + what);
                    if (what.equals("ingest") || what.equals("delta-write-table")) {
                        // a lakehouse has its tables (glimmr tables) before it ingests: creating them is not ingest
                        LakehouseCatalog.createAll(spark, config);
                    }
                    started = System.nanoTime();
                    rows = switch (what) {
                        case "ingest" -> {
                            IngestSummary s = new IngestJob(spark, config, null, Clock.systemUTC()).run(file.toString());
                            yield s.rows();
                        }
                        case "spark-csv" -> {
                            Dataset<Row> df = spark.read().option("mode", "PERMISSIVE").csv(file.toString());
                            df.write().format("noop").mode("overwrite").save();
                            yield df.count();
                        }
                        case "spark-json" -> {
                            Dataset<Row> df = spark.read().option("multiLine", "true").json(file.toString())
                                    .selectExpr("explode(standard_charge_information) AS item")
                                    .selectExpr("item.description", "explode(item.standard_charges) AS sc")
                                    .selectExpr("description", "sc.setting", "explode_outer(sc.payers_information) AS p")
                                    .selectExpr("description", "setting", "p.*");
                            df.write().format("noop").mode("overwrite").save();
                            yield df.count();
                        }
                        default -> {
                            started = System.nanoTime();
                            yield deltaWriteFromMemory(spark, config, file, wantRows, cores, what.equals("delta-write-table"));
                        }
                    };
                    seconds = (System.nanoTime() - started) / 1e9;
                    System.out.printf("RESULT case=%s seconds=%.3f rows=%d peakHeap=%d%n", what, seconds, rows, heap.peak());
                    spark.stop();
                    return;
                }
                default -> throw new IllegalArgumentException("unknown case " + what);
            }
            seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("RESULT case=%s seconds=%.3f rows=%d peakHeap=%d%n", what, seconds, rows, heap.peak());
        }
    }

    /**
     * Our parsers alone on one thread, reading the file as one part the way ingest reads a file it does not split
     * (a JSON file is then read once, not scanned first): rows counted and dropped.
     */
    static long parseAlone(Path file) throws Exception {
        MrfFile mrf = Mrf.open(new LocalByteSource(file), Long.MAX_VALUE / 4);
        long[] rows = {0};
        MrfSink sink = new MrfSink() {
            @Override
            public void row(ChargeRow row) {
                rows[0]++;
            }

            @Override
            public void rejected(RejectedRow rejected) {}

            @Override
            public void finding(Finding finding) {}
        };
        for (Split split : mrf.splits(Long.MAX_VALUE / 4)) {
            mrf.parse(split, sink);
        }
        return rows[0];
    }

    /** The ceiling for JSON: Jackson's token scan, nothing built. Returns tokens. */
    static long jacksonScan(Path file) throws Exception {
        long tokens = 0;
        try (InputStream in = Files.newInputStream(file); JsonParser p = new JsonFactory().createParser(in)) {
            while (p.nextToken() != null) {
                tokens++;
            }
        }
        return tokens;
    }

    /**
     * Spark writing the same canonical rows to Delta from memory: the first rows of the file are parsed once on the
     * driver, then every task cycles through them to make {@code rows} rows, built as ingest builds them
     * ({@link ChargeRows}, Spark's internal rows), into a new Delta table with Delta's defaults (statistics on the first 32 columns, no clustering, no
     * change data feed): the baseline for ingest's rows/s. With {@code intoTable}, into {@code silver.standard_charges}
     * itself instead (its statistics columns, clustering, change data feed and {@code replaceWhere}, as ingest writes
     * it), to show what the table's own definition costs or saves.
     */
    static long deltaWriteFromMemory(SparkSession spark, GlimmrConfig config, Path file, long rows, int cores, boolean intoTable)
            throws Exception {
        MrfFile mrf = Mrf.open(new LocalByteSource(file));
        List<ChargeRow> sample = new ArrayList<>();
        MrfSink sink = new MrfSink() {
            @Override
            public void row(ChargeRow row) {
                if (sample.size() < 20_000) {
                    sample.add(row);
                }
            }

            @Override
            public void rejected(RejectedRow rejected) {}

            @Override
            public void finding(Finding finding) {}
        };
        List<Split> splits = mrf.splits(16L << 20);
        mrf.parse(splits.get(0), sink);
        SplitTask task = new SplitTask(null, "0".repeat(64), "bench-hospital", mrf.layout(),
                mrf.header().orElseThrow().templateVersion(), null, true, "", splits.get(0));
        List<InternalRow> sampleRows = new ArrayList<>();
        ChargeRows chargeRows = new ChargeRows(task, r -> { });
        for (ChargeRow r : sample) {
            sampleRows.add(chargeRows.row(r));
        }
        int parts = cores * 4;
        long perPart = rows / parts;
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        var broadcast = jsc.broadcast(sampleRows);
        List<Integer> partIds = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            partIds.add(i);
        }
        var rdd = jsc.parallelize(partIds, parts).flatMap(i -> {
            List<InternalRow> s = broadcast.value();
            return new java.util.Iterator<InternalRow>() {
                long n;

                @Override
                public boolean hasNext() {
                    return n < perPart;
                }

                @Override
                public InternalRow next() {
                    return s.get((int) (n++ % s.size()));
                }
            };
        });
        var write = ChargeRows.dataFrame(spark, rdd).write().format("delta").mode("overwrite");
        if (intoTable) {
            write.option("replaceWhere", "hospital_id = '" + task.hospitalId() + "'")
                    .save(LakehouseTables.STANDARD_CHARGES.location(config.lakehouseRoot()));
        } else {
            write.save(config.lakehouseRoot().resolve("bench/delta_write"));
        }
        return perPart * parts;
    }

    static Map<String, String> parse(String line) {
        Map<String, String> m = new HashMap<>();
        for (String kv : line.substring("RESULT ".length()).split(" ")) {
            int eq = kv.indexOf('=');
            m.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return m;
    }
}
