package org.glimmr.mrf.json;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.glimmr.mrf.CountingSink;
import org.glimmr.mrf.LocalByteSource;
import org.glimmr.mrf.MrfFile;
import org.glimmr.mrf.Split;
import org.glimmr.mrf.Utf8RepairingInputStream;

/**
 * Single-thread throughput, run by hand (not a test): {@code java … org.glimmr.mrf.json.JsonThroughput FILE [MB] [pretty]}
 * generates FILE when absent, then reports MB/s of (a) a bare Jackson token scan and (b) the full parse into a
 * counting sink, per run: by wall clock and by the process's CPU time (which counts GC and JIT too, and is steadier
 * on a busy machine). Run with {@code -XX:+UseSerialGC} so that GC work is not spread over idle cores.
 */
public final class JsonThroughput {
    private JsonThroughput() {}

    public static void main(String[] args) throws IOException {
        Path path = Path.of(args[0]);
        long megabytes = args.length > 1 ? Long.parseLong(args[1]) : 500;
        boolean pretty = args.length > 2 && args[2].equals("pretty");
        if (!Files.exists(path)) {
            long t = System.nanoTime();
            SyntheticJsonMrf.Written w = SyntheticJsonMrf.write(path, megabytes << 20, pretty);
            System.out.printf("generated %s: %d items, %d rows in %.1f s%n", path, w.items(), w.rows(),
                    (System.nanoTime() - t) / 1e9);
        }
        LocalByteSource source = new LocalByteSource(path);
        double mb = Files.size(path) / 1048576.0;
        String only = System.getProperty("only", "");
        if (!only.isEmpty()) {
            isolated(source, mb, only, Integer.getInteger("runs", 8));
            return;
        }
        int runs = Integer.getInteger("runs", 5);
        double[] best = new double[10];
        for (int run = 0; run < runs; run++) {
            double[] raw = time(() -> scan(source.open(0)));
            double[] repaired = time(() -> scan(new Utf8RepairingInputStream(source.open(0), true)));
            MrfFile[] file = new MrfFile[1];
            double[] opened = time(() -> {
                file[0] = JsonMrfFile.open(source);
                return true;
            });
            CountingSink sink = new CountingSink();
            Split whole = file[0].splits(Long.MAX_VALUE).get(0);
            double[] parsed = time(() -> {
                file[0].parse(whole, sink);
                return true;
            });
            double[] decoded = time(() -> decodeAll(source.open(0)));
            System.out.printf("run %d (%.0f MB), wall | cpu MB/s: bare scan %.0f | %.0f; bare scan through the UTF-8 "
                            + "repair stream %.0f | %.0f; open (index scan) %.0f | %.0f; parse %.0f | %.0f "
                            + "= %.0f%% | %.0f%% of the bare scan; %d rows%n",
                    run, mb, mb / raw[0], mb / raw[1], mb / repaired[0], mb / repaired[1], mb / opened[0],
                    mb / opened[1], mb / parsed[0], mb / parsed[1], 100 * raw[0] / parsed[0], 100 * raw[1] / parsed[1],
                    sink.rows);
            double[] now = {mb / raw[0], mb / raw[1], mb / repaired[0], mb / repaired[1], mb / opened[0],
                mb / opened[1], mb / parsed[0], mb / parsed[1], mb / decoded[0], mb / decoded[1]};
            for (int i = 0; i < best.length; i++) {
                best[i] = Math.max(best[i], now[i]);
            }
        }
        System.out.printf("best of %d, wall | cpu MB/s: (a) bare scan %.0f | %.0f; bare scan through the repair stream "
                        + "%.0f | %.0f; open %.0f | %.0f; (b) parse %.0f | %.0f; Jackson decoding every value %.0f | %.0f;"
                        + " (b)/(a) = %.0f%% | %.0f%%%n", runs, best[0], best[1], best[2], best[3], best[4], best[5],
                best[6], best[7], best[8], best[9], 100 * best[6] / best[0], 100 * best[7] / best[1]);
    }

    /**
     * One kind of work only ({@code bare} or {@code parse}), repeated in a JVM of its own so that the JIT compiles
     * Jackson for that use alone; prints each run's MB/s (CPU time) and the median.
     */
    private static void isolated(LocalByteSource source, double mb, String only, int runs) throws IOException {
        MrfFile file = JsonMrfFile.open(source);
        Split whole = file.splits(Long.MAX_VALUE).get(0);
        double[] rates = new double[runs];
        for (int run = 0; run < runs; run++) {
            double[] t = only.equals("bare") ? time(() -> scan(source.open(0))) : time(() -> {
                file.parse(whole, new CountingSink());
                return true;
            });
            rates[run] = mb / t[1];
        }
        double[] sorted = rates.clone();
        java.util.Arrays.sort(sorted);
        System.out.printf("%s: runs %s MB/s; median %.0f, best %.0f%n", only, java.util.Arrays.toString(
                java.util.Arrays.stream(rates).map(Math::rint).toArray()), sorted[runs / 2], sorted[runs - 1]);
    }

    /** A token loop that also decodes every string and number, as any reader of the values must. */
    private static boolean decodeAll(InputStream in) throws IOException {
        long sum = 0;
        try (JsonParser p = new com.fasterxml.jackson.core.JsonFactory().createParser(in)) {
            com.fasterxml.jackson.core.JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
                    sum += p.getText().length();
                } else if (t.isNumeric()) {
                    sum += p.getDecimalValue().scale();
                }
            }
        } catch (com.fasterxml.jackson.core.JsonParseException e) {
            return false;
        }
        return sum != Long.MIN_VALUE;
    }

    /** Some work; false when it could not read the whole file. */
    private interface Work {
        boolean run() throws IOException;
    }

    /** Seconds of wall clock and of process CPU time; infinite when the work stopped early (no figure). */
    private static double[] time(Work work) throws IOException {
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long t = System.nanoTime();
        long cpu = os.getProcessCpuTime();
        boolean complete = work.run();
        if (!complete) {
            return new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        }
        return new double[] {(System.nanoTime() - t) / 1e9, (os.getProcessCpuTime() - cpu) / 1e9};
    }

    /** A bare token loop; false when Jackson stops on bytes that are not UTF-8 (the file needs the repair). */
    private static boolean scan(InputStream in) throws IOException {
        long tokens = 0;
        try (JsonParser p = new com.fasterxml.jackson.core.JsonFactory().createParser(in)) {
            while (p.nextToken() != null) {
                tokens++;
            }
        } catch (com.fasterxml.jackson.core.JsonParseException e) {
            return false;
        }
        return tokens > 0;
    }
}
