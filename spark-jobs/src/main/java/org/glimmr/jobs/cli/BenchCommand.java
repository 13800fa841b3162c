package org.glimmr.jobs.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.glimmr.common.GlimmrException;
import org.glimmr.jobs.bench.AggregateBenchmark;
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
        description = {"Benchmark ingest, aggregate or export against baselines measured in the same run.",
                "  ingest:    generated files of each layout (and real files: --files); our ingest, our parse, Jackson's",
                "             scan, Spark's readers, Spark writing the same rows to Delta from memory, 1 vs 2 cores, and",
                "             another build of Glimmr in the same rounds (--baseline). Each case in its own JVM.",
                "  aggregate: a generated silver per number of hospitals; the full aggregate, an incremental one after one",
                "             hospital's newer file, and DuckDB computing the same statistics from the same Parquet files.",
                "             Each case in its own JVM.",
                "  export:    on a lakehouse of generated hospitals, a full export against plain COPY of the same rows,",
                "             an incremental export after one hospital's new file against the full one, the API's SQL on",
                "             partitioned and unpartitioned tables (pgbench); on request our COPY against Spark's JDBC writer."})
public final class BenchCommand implements Callable<Integer> {
    @ParentCommand
    CommandContext glimmr;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "WHAT", description = "ingest | aggregate | export")
    String what;

    @Option(names = "--rows", defaultValue = "1000000", description = "export, case writers: rows to load (default ${DEFAULT-VALUE})")
    long rows;

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

    @Option(names = "--heap", defaultValue = "1g",
            description = "-Xmx of each measured JVM (ingest: default ${DEFAULT-VALUE}; aggregate: the JVM's default, as ./glimmr runs)")
    String heap;

    @Option(names = "--hospitals", split = ",", description = "aggregate: the sizes, in hospitals (default 50,100,200,400);"
            + " export: hospitals of the generated lakehouse, one number (default 200)")
    List<Integer> hospitals;

    @Option(names = "--rows-per-hospital", defaultValue = "50000",
            description = "aggregate: silver rows of each hospital's file, about (default ${DEFAULT-VALUE})")
    int rowsPerHospital;

    @Option(names = "--states", defaultValue = "10",
            description = "aggregate: how many states the hospitals are spread over (default ${DEFAULT-VALUE})")
    int states;

    @Option(names = "--profile",
            description = "aggregate: record each of Glimmr's cases with Java Flight Recorder (aggregate/profiles/ under --dir)")
    boolean profile;

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

    @Option(names = "--files", paramLabel = "DIR", description = "ingest: also every MRF in DIR (plain or .gz; a .gz is"
            + " unpacked once into --dir so that it can be split); without --layouts, only these")
    Path files;

    @Option(names = "--baseline", paramLabel = "CHECKOUT", description = "ingest: also run (a), (b) and (f) on another build"
            + " of Glimmr, turn about with this one: a checkout built with mvn -DskipTests package (e.g. the commit before"
            + " a change, from git worktree add)")
    Path baseline;

    @Override
    public Integer call() throws Exception {
        if (rounds < 1) {
            throw new GlimmrException(GlimmrException.ErrorCode.USAGE, "--rounds " + rounds + " is not a number of rounds. "
                    + "Fix: use 1 or more, e.g. --rounds 3");
        }
        if (what.equals("export")) {
            return export();
        }
        if (what.equals("aggregate")) {
            return aggregate();
        }
        if (!what.equals("ingest")) {
            throw new GlimmrException(GlimmrException.ErrorCode.USAGE,
                    "unknown benchmark '" + what + "'. Fix: glimmr bench ingest, glimmr bench aggregate or glimmr bench export");
        }
        GenerateCommand.requireGenerator("bench ingest");
        List<Layout> chosen = new ArrayList<>();
        boolean generated = files == null || spec.commandLine().getParseResult().hasMatchedOption("--layouts");
        for (String l : generated ? layouts : List.<String>of()) {
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
        List<Path> real = new ArrayList<>();
        if (files != null) {
            try (var list = Files.list(files)) {
                list.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().matches("(?i).*\\.(csv|json)(\\.gz)?"))
                        .sorted().forEach(real::add);
            }
            if (real.isEmpty()) {
                throw new GlimmrException(GlimmrException.ErrorCode.USAGE, "--files " + files + " holds no .csv, .json,"
                        + " .csv.gz or .json.gz file. Fix: point it at a folder of MRFs");
            }
        }
        IngestBenchmark bench = new IngestBenchmark(dir, GenerateCommand.parseSize(size), heap, template, rounds, System.out);
        if (baseline != null) {
            bench.withBaseline(baseline);
        }
        var results = bench.run(chosen, real, which);
        String what = String.join("+", generated ? layouts : List.of()) + (files == null ? "" : (generated ? "+" : "") + "files")
                + (baseline == null ? "" : "-vs-baseline");
        Path report = dir.resolve("ingest-benchmark-" + LocalDate.now() + "-" + size + "-" + what + ".md");
        Files.writeString(report, "# Ingest benchmark " + LocalDate.now() + "\n\n" + Runtime.getRuntime().availableProcessors()
                + " cores; generated file size " + size + (files == null ? "" : "; real files from " + files)
                + (baseline == null ? "" : "; baseline build " + baseline.toAbsolutePath()) + "; heap per JVM " + heap
                + (rounds > 1 ? "; median of " + rounds + " rounds" : "") + "; class-data archive of every JVM: "
                + bench.archiveOfTheCases() + "\n\n" + IngestBenchmark.render(results), StandardCharsets.UTF_8);
        spec.commandLine().getOut().println("written to " + report);
        return 0;
    }

    private int aggregate() throws Exception {
        GenerateCommand.requireGenerator("bench aggregate");
        AggregateBenchmark.Options options;
        try {
            options = new AggregateBenchmark.Options(hospitals == null ? List.of(50, 100, 200, 400) : hospitals, rowsPerHospital, states, rounds,
                    spec.commandLine().getParseResult().hasMatchedOption("--heap") ? Optional.of(heap) : Optional.empty(),
                    profile);
        } catch (IllegalArgumentException e) {
            throw new GlimmrException(GlimmrException.ErrorCode.USAGE, e.getMessage() + ". Fix: e.g. --hospitals 50,100"
                    + " --rows-per-hospital 50000 --states 10 --rounds 3");
        }
        var sizes = new AggregateBenchmark(glimmr.spark(), dir, options, System.out).run();
        String sizesText = options.hospitals().stream().map(String::valueOf).collect(Collectors.joining("+"));
        Path report = dir.resolve("aggregate-benchmark-" + LocalDate.now() + "-" + sizesText + "h-" + rowsPerHospital + "r.md");
        Files.writeString(report, "# Aggregate benchmark " + LocalDate.now() + "\n\n" + Runtime.getRuntime().availableProcessors()
                + " cores; " + options.rowsPerHospital() + " rows per hospital, " + options.states() + " states; heap per JVM "
                + options.heap().orElse("the JVM's default") + (rounds > 1 ? "; median of " + rounds + " rounds" : "")
                + "; class-data archive of every JVM: " + IngestBenchmark.classDataArchive() + "\n\n"
                + AggregateBenchmark.render(sizes, options), StandardCharsets.UTF_8);
        spec.commandLine().getOut().println("written to " + report);
        return 0;
    }

    private int export() throws Exception {
        GenerateCommand.requireGenerator("bench export");
        ExportBenchmark.Options options;
        try {
            options = new ExportBenchmark.Options(exportHospitals(), GenerateCommand.parseSize(hospitalSize), rounds,
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

    /** export's one number of hospitals: 200 unless given. */
    private int exportHospitals() {
        if (hospitals == null) {
            return 200;
        }
        if (hospitals.size() != 1) {
            throw new GlimmrException(GlimmrException.ErrorCode.USAGE, "bench export takes one number of hospitals, got "
                    + hospitals + ". Fix: e.g. --hospitals 200");
        }
        return hospitals.get(0);
    }
}
