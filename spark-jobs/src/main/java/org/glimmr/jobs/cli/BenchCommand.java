package org.glimmr.jobs.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.glimmr.common.GlimmrException;
import org.glimmr.jobs.bench.ExportBenchmark;
import org.glimmr.jobs.bench.IngestBenchmark;
import org.glimmr.mrf.Layout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark ingest or export against baselines measured in the same run.",
                "  ingest: generated files of each layout; our ingest, our parse, Jackson's scan, Spark's readers,",
                "          Spark writing the same rows to Delta from memory, and 1 vs 2 cores. Each case in its own JVM.",
                "  export: on a lakehouse of generated hospitals, a full export against plain COPY of the same rows, an",
                "          incremental export after one hospital's new file against the full one, the API's SQL on",
                "          partitioned and unpartitioned tables (pgbench); on request our COPY against Spark's JDBC writer."})
public final class BenchCommand implements Callable<Integer> {
    @ParentCommand
    CommandContext glimmr;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "WHAT", description = "ingest | export")
    String what;

    @Option(names = "--rows", defaultValue = "1000000", description = "export, case writers: rows to load (default ${DEFAULT-VALUE})")
    long rows;

    @Option(names = "--hospitals", defaultValue = "200", description = "export: hospitals of the generated lakehouse (default ${DEFAULT-VALUE})")
    int hospitals;

    @Option(names = "--hospital-size", defaultValue = "1MB",
            description = "export: size of each hospital's generated tall CSV file (default ${DEFAULT-VALUE})")
    String hospitalSize;

    @Option(names = "--pgbench-seconds", defaultValue = "20", description = "export, case partitions: seconds per pgbench run"
            + " (default ${DEFAULT-VALUE})")
    int pgbenchSeconds;

    @Option(names = "--clients", defaultValue = "8", description = "export, case partitions: pgbench clients, as many as the"
            + " API's connection pool (default ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--size", defaultValue = "1GB", description = "size of each generated file (default ${DEFAULT-VALUE})")
    String size;

    @Option(names = "--heap", defaultValue = "1g", description = "-Xmx of each measured JVM (default ${DEFAULT-VALUE})")
    String heap;

    @Option(names = "--layouts", defaultValue = "csv_tall,csv_wide,json", split = ",", description = "layouts (default ${DEFAULT-VALUE})")
    List<String> layouts;

    @Option(names = "--template", defaultValue = "3.0.0", description = "CMS template version of the files (default ${DEFAULT-VALUE})")
    String template;

    @Option(names = "--cases", split = ",",
            description = "ingest: which cases to run, of a (ingest, 2 cores), b (parse), c (Jackson scan), d (Spark's reader),"
                    + " e (Spark+Delta from memory), f (ingest, 1 core), g (e into silver.standard_charges as defined);"
                    + " default a to f. export: full, incremental, partitions, writers; default the first three")
    List<String> cases;

    @Option(names = "--rounds", defaultValue = "1",
            description = "run the chosen cases this many times, one round after the other, and report each case's"
                    + " median (on a shared machine whose speed drifts, 3 or 5; default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--dir", defaultValue = "data/bench", description = "where files and results go (default ${DEFAULT-VALUE})")
    Path dir;

    @Override
    public Integer call() throws Exception {
        if (what.equals("export")) {
            return export();
        }
        if (!what.equals("ingest")) {
            throw new GlimmrException(GlimmrException.ErrorCode.USAGE,
                    "unknown benchmark '" + what + "'. Fix: glimmr bench ingest, or glimmr bench export");
        }
        GenerateCommand.requireGenerator("bench ingest");
        List<Layout> chosen = new ArrayList<>();
        for (String l : layouts) {
            chosen.add(switch (l.trim()) {
                case "csv_tall" -> Layout.CSV_TALL;
                case "csv_wide" -> Layout.CSV_WIDE;
                case "json" -> Layout.JSON;
                default -> throw new GlimmrException(GlimmrException.ErrorCode.USAGE,
                        "unknown layout '" + l + "'. Fix: use csv_tall, csv_wide, json");
            });
        }
        java.util.Set<String> which = new java.util.TreeSet<>();
        for (String c : cases == null ? List.of("a", "b", "c", "d", "e", "f") : cases) {
            if (!c.trim().matches("[a-g]")) {
                throw new GlimmrException(GlimmrException.ErrorCode.USAGE, "unknown case '" + c + "'. Fix: use letters a to g, "
                        + "e.g. --cases a,e");
            }
            which.add(c.trim());
        }
        if (rounds < 1) {
            throw new GlimmrException(GlimmrException.ErrorCode.USAGE, "--rounds " + rounds + " is not a number of rounds. "
                    + "Fix: use 1 or more, e.g. --rounds 3");
        }
        var results = new IngestBenchmark(dir, GenerateCommand.parseSize(size), heap, template, rounds, System.out)
                .run(chosen, which);
        Path report = dir.resolve("ingest-benchmark-" + LocalDate.now() + "-" + size + "-" + String.join("+", layouts) + ".md");
        Files.writeString(report, "# Ingest benchmark " + LocalDate.now() + "\n\n" + Runtime.getRuntime().availableProcessors()
                + " cores; file size " + size + "; heap per JVM " + heap + (rounds > 1 ? "; median of " + rounds + " rounds" : "")
                + "; class-data archive of every JVM: " + IngestBenchmark.classDataArchive() + "\n\n" + IngestBenchmark.render(results), StandardCharsets.UTF_8);
        spec.commandLine().getOut().println("written to " + report);
        return 0;
    }

    private int export() throws Exception {
        GenerateCommand.requireGenerator("bench export");
        ExportBenchmark.Options options;
        try {
            options = new ExportBenchmark.Options(hospitals, GenerateCommand.parseSize(hospitalSize), rounds,
                    java.util.Set.copyOf(cases == null ? ExportBenchmark.DEFAULT_CASES : cases.stream().map(String::trim).toList()),
                    rows, pgbenchSeconds, clients);
        } catch (IllegalArgumentException e) {
            throw new GlimmrException(GlimmrException.ErrorCode.USAGE, e.getMessage() + ". Fix: see glimmr bench --help");
        }
        Files.createDirectories(dir);
        var report = new ExportBenchmark(glimmr.spark(), glimmr.config(), AggregateCommand.registryMatcher(), dir, System.out)
                .run(options);
        Path file = dir.resolve("export-benchmark-" + LocalDate.now() + ".md");
        Files.writeString(file, "# Export benchmark " + LocalDate.now() + "\n\n" + ExportBenchmark.render(report), StandardCharsets.UTF_8);
        spec.commandLine().getOut().print(ExportBenchmark.render(report));
        spec.commandLine().getOut().println("written to " + file);
        return 0;
    }
}
