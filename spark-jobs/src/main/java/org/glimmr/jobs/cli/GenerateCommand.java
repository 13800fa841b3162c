package org.glimmr.jobs.cli;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.glimmr.common.GlimmrException;
import org.glimmr.mrf.Layout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Write a synthetic MRF of any layout and version, deterministic by seed.",
                "From kilobytes to tens of gigabytes, for tests and benchmarks. A name ending in .gz is gzip-compressed."})
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
        requireGenerator("generate");
        Layout l = switch (layout) {
            case csv_tall -> Layout.CSV_TALL;
            case csv_wide -> Layout.CSV_WIDE;
            case json -> Layout.JSON;
        };
        String written = SyntheticFile.write(l, version, parseSize(size), seed, payers, plans,
                hospital, state, dirty, output);
        spec.commandLine().getOut().printf("wrote %s: %s %s, %s%n", output, layout, version, written);
        return 0;
    }

    /**
     * The generator (module glimmr-generator) is on {@code ./glimmr}'s class path but left out of the cluster jar:
     * synthetic files and benchmarks are made on a workstation, never by a cluster job. (No method of a command may
     * name a generator type: the command line reflects on every command's methods when it starts.)
     */
    static void requireGenerator(String command) {
        if (GenerateCommand.class.getClassLoader().getResource("org/glimmr/generate/MrfGenerator.class") == null) {
            throw new GlimmrException(GlimmrException.ErrorCode.USAGE, "glimmr " + command + " is not in the cluster jar"
                    + " (it makes synthetic files, which no cluster job needs). Fix: run ./glimmr " + command
                    + " from a Glimmr checkout.");
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
