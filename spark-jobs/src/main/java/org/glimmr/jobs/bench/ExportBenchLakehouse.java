package org.glimmr.jobs.bench;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.generate.GeneratorOptions;
import org.glimmr.generate.MrfGenerator;
import org.glimmr.jobs.aggregate.AggregateJob;
import org.glimmr.jobs.aggregate.PayerMatcher;
import org.glimmr.jobs.ingest.IngestJob;
import org.glimmr.mrf.Layout;

/**
 * The export benchmark's lakehouse: {@code hospitals} generated tall CSV files (CMS template 3.0.0, one per hospital,
 * spread over the states), put through the real ingest (one batch) and a full aggregate, so that gold is what the
 * pipeline makes. It lives in a folder of its own with its own embedded PostgreSQL (never the user's lakehouse or
 * database) and is built once per size: a later run finds it and goes on from where the last one left it.
 *
 * <p>{@link #newFile()} gives the first hospital a new file (a new seed, so new prices, and a later
 * {@code last_updated_on}, so that ingest makes it the hospital's current file) and runs the real ingest and the real
 * incremental aggregate, as a hospital publishing again would.
 */
final class ExportBenchLakehouse {
    /** States the hospitals are spread over, round robin: as many hospitals per state as the real list has, roughly. */
    static final List<String> STATES = List.of("AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL",
            "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY",
            "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY");
    private static final LocalDate AS_OF = LocalDate.parse("2026-12-01");
    /** After every date the generator writes into a v3 file (a day of 2026): a new file is then always the newest. */
    private static final LocalDate NEW_FILES_FROM = LocalDate.parse("2027-01-01");
    /** The hospital that publishes new files; generated with this name and the first state. */
    static final String CHANGING_HOSPITAL = name(0);

    private final SparkSession spark;
    private final PayerMatcher payers;
    private final Path dir;
    private final int hospitals;
    private final long fileBytes;
    private final PrintStream out;
    private final GlimmrConfig config;

    /**
     * @param base      the caller's configuration: only its Spark master is kept
     * @param dir       the benchmark's folder; the lakehouse and its database go under it, in a folder per size
     * @param fileBytes size of each hospital's generated file
     */
    ExportBenchLakehouse(SparkSession spark, GlimmrConfig base, PayerMatcher payers, Path dir, int hospitals, long fileBytes,
            PrintStream out) {
        this.spark = requireNonNull(spark, "spark is null");
        this.payers = requireNonNull(payers, "payers is null");
        if (hospitals < 2) {
            throw new IllegalArgumentException("hospitals must be at least 2, got " + hospitals);
        }
        if (fileBytes < 1024) {
            throw new IllegalArgumentException("fileBytes must be at least 1024, got " + fileBytes);
        }
        this.hospitals = hospitals;
        this.fileBytes = fileBytes;
        this.out = requireNonNull(out, "out is null");
        this.dir = requireNonNull(dir, "dir is null").toAbsolutePath().resolve("export-" + hospitals + "h-" + fileBytes + "b");
        // the embedded PostgreSQL on a free port: a server the user runs on the configured port is never touched
        this.config = GlimmrConfig.load(Map.of("GLIMMR_DATA_DIR", this.dir.toString(),
                "GLIMMR_SPARK_MASTER", requireNonNull(base, "base is null").sparkMaster(),
                "GLIMMR_DB_EMBEDDED_PORT", String.valueOf(freePort())), this.dir);
    }

    /** The configuration of the benchmark's own lakehouse and embedded database. */
    GlimmrConfig config() {
        return config;
    }

    Path dir() {
        return dir;
    }

    int hospitals() {
        return hospitals;
    }

    /** Builds the lakehouse unless an earlier run did: files, one ingest, one full aggregate. */
    void ensure() throws IOException {
        Path done = dir.resolve("built");
        if (Files.exists(done)) {
            out.printf("export benchmark: the lakehouse of %d hospitals in %s is there from an earlier run%n", hospitals, dir);
            return;
        }
        Path in = dir.resolve("in");
        Files.createDirectories(in);
        long started = System.nanoTime();
        long rows = 0;
        for (int h = 0; h < hospitals; h++) {
            rows += generate(in.resolve(String.format("hospital-%04d.csv", h)), h, h + 1);
        }
        out.printf("export benchmark: %d files of %,d bytes generated (%,d canonical rows) in %.1f s%n", hospitals, fileBytes, rows,
                seconds(started));
        started = System.nanoTime();
        new IngestJob(spark, config, null, Clock.systemUTC()).run(in.toString());
        out.printf("export benchmark: ingested in %.1f s%n", seconds(started));
        started = System.nanoTime();
        AggregateJob.Result aggregate = new AggregateJob(spark, config, payers, new PrintStream(PrintStream.nullOutputStream()),
                Clock.systemUTC()).run(AS_OF, true);
        out.printf("export benchmark: full aggregate in %.1f s: %s%n", seconds(started), aggregate.rows());
        Files.writeString(done, "hospitals=" + hospitals + " fileBytes=" + fileBytes + "\n", StandardCharsets.UTF_8);
    }

    /**
     * The first hospital publishes a new file: generated with another seed, ingested, then the incremental aggregate.
     * Returns what the aggregate did. The file is one more than every new file made before on this lakehouse, in this
     * run or an earlier one: ingest skips bytes it has seen, and a file is current only when it is the newest.
     */
    AggregateJob.Result newFile() throws IOException {
        Path root = dir.resolve("new");
        Files.createDirectories(root);
        int version;
        try (Stream<Path> made = Files.list(root)) {
            version = (int) made.count() + 1;
        }
        Path in = root.resolve("v" + version);
        Files.createDirectories(in);
        Path file = in.resolve("hospital-0000.csv");
        generate(file, 0, 1_000_000L + version);
        dated(file, NEW_FILES_FROM.plusDays(version));
        long started = System.nanoTime();
        new IngestJob(spark, config, null, Clock.systemUTC()).run(in.toString());
        double ingest = seconds(started);
        started = System.nanoTime();
        AggregateJob.Result result = new AggregateJob(spark, config, payers, new PrintStream(PrintStream.nullOutputStream()),
                Clock.systemUTC()).run(AS_OF, false);
        out.printf("export benchmark: hospital 0's new file ingested in %.1f s, aggregate %s (%s) in %.1f s%n", ingest,
                result.mode(), result.reason(), seconds(started));
        return result;
    }

    private long generate(Path file, int hospital, long seed) throws IOException {
        GeneratorOptions options = GeneratorOptions.defaults(Layout.CSV_TALL, "3.0.0").withSeed(seed).withTargetBytes(fileBytes)
                .withHospital(name(hospital), STATES.get(hospital % STATES.size()));
        return MrfGenerator.writeTo(options, file).canonicalRows();
    }

    private static String name(int hospital) {
        return "Bench Hospital " + hospital;
    }

    /**
     * Sets a generated tall CSV file's {@code last_updated_on}: the second field of its second row, after the hospital's
     * name (which has no comma).
     */
    static void dated(Path file, LocalDate date) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int row2 = indexOf(bytes, (byte) '\n', 0) + 1;
        int from = indexOf(bytes, (byte) ',', row2) + 1;
        int to = indexOf(bytes, (byte) ',', from);
        if (row2 == 0 || from == 0 || to < 0) {
            throw new IllegalStateException(file + " has no second row with a last_updated_on field");
        }
        try (var out = Files.newOutputStream(file)) {
            out.write(bytes, 0, from);
            out.write(date.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(bytes, to, bytes.length - to);
        }
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port for the benchmark's PostgreSQL", e);
        }
    }

    static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
