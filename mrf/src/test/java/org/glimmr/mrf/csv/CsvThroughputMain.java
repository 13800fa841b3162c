package org.glimmr.mrf.csv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.glimmr.mrf.CountingSink;
import org.glimmr.mrf.LocalByteSource;
import org.glimmr.mrf.Mrf;
import org.glimmr.mrf.MrfFile;
import org.glimmr.mrf.Split;

/**
 * Measures the CSV parse alone, not a unit test: {@code CsvThroughputMain [tall|wide] [MB] [file]} generates a file
 * (or reuses it), then times the split scan and the parse of the whole file as one split into a counting sink, best of three, in MB/s.
 */
public final class CsvThroughputMain {
    private CsvThroughputMain() {}

    /** A bare tokenizer baseline on the same machine at the same time: univocity over the decoded stream. */
    private static long univocityRecords(Path file) throws IOException {
        com.univocity.parsers.csv.CsvParserSettings settings = new com.univocity.parsers.csv.CsvParserSettings();
        settings.setMaxColumns(100_000);
        settings.setMaxCharsPerColumn(-1);
        settings.getFormat().setLineSeparator("\n");
        com.univocity.parsers.csv.CsvParser parser = new com.univocity.parsers.csv.CsvParser(settings);
        long records = 0;
        try (java.io.Reader reader = new java.io.InputStreamReader(new org.glimmr.mrf.Utf8RepairingInputStream(
                Files.newInputStream(file), true), java.nio.charset.StandardCharsets.UTF_8)) {
            parser.beginParsing(reader);
            while (parser.parseNext() != null) {
                records++;
            }
            parser.stopParsing();
        }
        return records;
    }

    public static void main(String[] args) throws IOException {
        String kind = args.length > 0 ? args[0] : "tall";
        long megabytes = args.length > 1 ? Long.parseLong(args[1]) : 300;
        Path file = Path.of(args.length > 2 ? args[2] : System.getProperty("java.io.tmpdir") + "/glimmr-csv-" + kind
                + "-" + megabytes + ".csv");
        if (!Files.exists(file)) {
            long t0 = System.nanoTime();
            GeneratedCsv.Written w = kind.equals("wide")
                    ? GeneratedCsv.wide(file, 500, 40, megabytes << 20, 1)
                    : GeneratedCsv.tall(file, megabytes << 20, 1);
            System.out.printf("generated %s: %d MB, %d records in %.1f s%n", file, w.bytes() >> 20, w.records(),
                    (System.nanoTime() - t0) / 1e9);
        }
        double mb = Files.size(file) / 1048576.0;
        for (int round = 0; round < 3; round++) {
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long c0 = threads.getCurrentThreadCpuTime();
            long u0 = System.nanoTime();
            long records = univocityRecords(file);
            long u1 = System.nanoTime();
            long c1 = threads.getCurrentThreadCpuTime();
            System.out.printf("reference: univocity-parsers tokenizing the same file (no rows built): %.2f s = %.0f MB/s"
                    + " (%.0f MB per CPU-second), %d records%n", (u1 - u0) / 1e9, mb / ((u1 - u0) / 1e9),
                    mb / ((c1 - c0) / 1e9), records);
            MrfFile mrf = Mrf.open(new LocalByteSource(file));
            long t0 = System.nanoTime();
            java.util.List<Split> splits = mrf.splits(128L << 20);
            long t1 = System.nanoTime();
            CountingSink sink = new CountingSink();
            long c2 = threads.getCurrentThreadCpuTime();
            mrf.parse(new Split(0, 0, Long.MAX_VALUE, 1, 0), sink);
            long t2 = System.nanoTime();
            long c3 = threads.getCurrentThreadCpuTime();
            System.out.printf("%s %.0f MB: split scan %.2f s (%.0f MB/s, %d splits); parse %.2f s = %.0f MB/s"
                            + " (%.0f MB per CPU-second); %d rows, %d rejected, %d findings%n", kind, mb, (t1 - t0) / 1e9,
                    mb / ((t1 - t0) / 1e9), splits.size(), (t2 - t1) / 1e9, mb / ((t2 - t1) / 1e9),
                    mb / ((c3 - c2) / 1e9), sink.rows, sink.rejected, sink.findings);
        }
    }
}
