package org.glimmr.jobs.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.glimmr.common.GlimmrException;
import org.glimmr.generate.GenerationReport;
import org.glimmr.generate.GeneratorOptions;
import org.glimmr.generate.MrfGenerator;
import org.glimmr.mrf.Layout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Write a synthetic MRF of any layout and version, deterministic by seed, from kilobytes to tens of gigabytes.",
                "For tests and benchmarks. A name ending in .gz is gzip-compressed."})
public final class GenerateCommand implements Callable<Integer> {
    enum LayoutOption { csv_tall, csv_wide, json }

    @Spec
    CommandSpec spec;

    @Option(names = "--layout", required = true, description = "${COMPLETION-CANDIDATES}")
    LayoutOption layout;

    @Option(names = "--version", defaultValue = "3.0.0", description = "CMS template version: 2.0.0 or 3.0.0 (default ${DEFAULT-VALUE})")
    String version;

    @Option(names = "--size", defaultValue = "1MB", description = "target size, e.g. 200KB, 50MB, 2GB (default ${DEFAULT-VALUE})")
    String size;

    @Option(names = "--seed", defaultValue = "42", description = "random seed; the same options give the same bytes (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--payers", defaultValue = "12", description = "payers (default ${DEFAULT-VALUE})")
    int payers;

    @Option(names = "--plans", defaultValue = "3", description = "plans per payer (default ${DEFAULT-VALUE}); wide files get payers x plans column groups")
    int plans;

    @Option(names = "--hospital", description = "hospital name")
    String hospital;

    @Option(names = "--state", defaultValue = "CA", description = "two-letter state (default ${DEFAULT-VALUE})")
    String state;

    @Option(names = "--dirty", defaultValue = "0", description = "fraction of deliberately bad values, 0..1 (default ${DEFAULT-VALUE})")
    double dirty;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "local path or s3a:// URI to write")
    String output;

    @Override
    public Integer call() throws IOException {
        Layout l = switch (layout) {
            case csv_tall -> Layout.CSV_TALL;
            case csv_wide -> Layout.CSV_WIDE;
            case json -> Layout.JSON;
        };
        GeneratorOptions options;
        try {
            options = GeneratorOptions.defaults(l, version).withSeed(seed).withTargetBytes(parseSize(size))
                    .withPayers(payers, plans).withDirtyRate(dirty);
            if (hospital != null) {
                options = options.withHospital(hospital, state);
            } else {
                options = options.withHospital(GeneratorOptions.DEFAULT_HOSPITAL_NAME, state);
            }
        } catch (IllegalArgumentException e) {
            throw new GlimmrException(GlimmrException.ErrorCode.USAGE, e.getMessage());
        }
        GenerationReport report = write(options, output);
        spec.commandLine().getOut().printf("wrote %s: %s %s, %,d bytes, %,d items, %,d canonical rows, %,d bad values%n",
                output, layout, version, report.bytesWritten(), report.items(), report.canonicalRows(), report.badValues());
        return 0;
    }

    /** Writes through Hadoop's file systems, so local paths and s3a:// both work. */
    static GenerationReport write(GeneratorOptions options, String output) throws IOException {
        String uri = output.contains("://") ? output : "file:" + java.nio.file.Path.of(output).toAbsolutePath().normalize();
        Path path = new Path(uri);
        FileSystem fs = path.getFileSystem(new Configuration());
        try (OutputStream raw = new BufferedOutputStream(fs.create(path, true), 1 << 20);
                OutputStream out = output.endsWith(".gz") ? new GZIPOutputStream(raw, 1 << 16) : raw) {
            return MrfGenerator.generate(options, out);
        }
    }

    static long parseSize(String s) {
        String v = s.trim().toUpperCase(Locale.ROOT).replace(" ", "");
        long unit = 1;
        for (String[] u : new String[][] {{"KB", "1024"}, {"MB", "1048576"}, {"GB", "1073741824"}, {"K", "1024"},
                {"M", "1048576"}, {"G", "1073741824"}, {"B", "1"}}) {
            if (v.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                v = v.substring(0, v.length() - u[0].length());
                break;
            }
        }
        try {
            double n = Double.parseDouble(v);
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return (long) (n * unit);
        } catch (NumberFormatException e) {
            throw new GlimmrException(GlimmrException.ErrorCode.USAGE, "--size '" + s
                    + "' is not a size. Fix: write a positive number with KB, MB or GB, e.g. 50MB or 2GB.");
        }
    }
}
