package org.glimmr.jobs.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.glimmr.common.GlimmrException;
import org.glimmr.jobs.aggregate.AggregateJob;
import org.glimmr.jobs.export.ExportJob;
import org.glimmr.jobs.ingest.IngestJob;
import org.glimmr.jobs.ingest.IngestSummary;
import org.glimmr.lakehouse.LakehouseCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run every stage on the bundled samples, then serve the API on the results.",
                "On the embedded defaults: create the tables, ingest the sample files (samples/mrf), aggregate, export",
                "into the embedded PostgreSQL; then say what was done and where to look. ./glimmr demo then starts the",
                "API on the results."})
public final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    CommandContext glimmr;

    @Spec
    CommandSpec spec;

    @Option(names = "--serve", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "after the jobs, ./glimmr starts the API on the results (default: yes; --no-serve stops after export)")
    boolean serve;

    @Option(names = "--as-of", paramLabel = "YYYY-MM-DD", description = "the date freshness is judged against (default: today, UTC)")
    LocalDate asOf;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path samples = Path.of(System.getProperty("glimmr.home", ".")).resolve("samples/mrf").toAbsolutePath().normalize();
        if (!Files.isDirectory(samples)) {
            throw new GlimmrException(GlimmrException.ErrorCode.INPUT, "the sample files are not at " + samples
                    + ". Fix: run ./glimmr demo from a Glimmr checkout (it sets glimmr.home).");
        }
        out.println("== Glimmr demo: data directory " + glimmr.config().dataDir());
        out.println("== 1. tables");
        List<String> created = LakehouseCatalog.createAll(glimmr.spark(), glimmr.config());
        out.println("   " + created.size() + " tables created under " + glimmr.config().lakehouseRoot());
        out.println("== 2. ingest " + samples);
        out.flush();
        IngestSummary summary = new IngestJob(glimmr.spark(), glimmr.config(), System.err, Clock.systemUTC()).run(samples.toString());
        out.print(summary.render().indent(3));
        out.println("== 3. aggregate (gold tables)");
        out.flush();
        Map<String, Long> gold = new AggregateJob(glimmr.spark(), glimmr.config(), AggregateCommand.registryMatcher(), System.err,
                Clock.systemUTC())
                .run(asOf != null ? asOf : LocalDate.now(java.time.ZoneOffset.UTC));
        gold.forEach((table, rows) -> out.printf("   %-28s %,d rows%n", table, rows));
        out.println("== 4. export into PostgreSQL (" + (glimmr.config().database().embedded()
                ? "embedded, data in " + glimmr.config().dataDir().resolve("postgres") : glimmr.config().database().jdbcUrl().orElseThrow()) + ")");
        out.flush();
        out.print(new ExportJob(glimmr.spark(), glimmr.config(), System.err).run().render().indent(3));
        out.println("== done. Look at the results:");
        out.println("   ./glimmr sql -e \"select hospital_name, layout, template_version, status, row_count from bronze.mrf_files\"");
        out.println("   ./glimmr sql -e \"select code_type, code, description, payer_name, plan_name, negotiated_dollar"
                + " from silver.standard_charges where code = '99213' order by negotiated_dollar\"");
        out.println("   ./glimmr sql -e \"select rule, severity, count(*) from silver.file_findings group by 1, 2\"");
        out.println("   ./glimmr sql -e \"select geography, payer, rates, min, median, max from gold.code_price_stats"
                + " where code = '99213' and measure = 'negotiated_dollar' order by 1, 2\"");
        out.println("   ./glimmr sql -e \"select hospital_name, state, rows, dollar_share, quality_score from gold.hospital_summary\"");
        out.println("   ./glimmr payers unmatched     (payer names the registry does not know yet)");
        out.println("   ./glimmr sql      (interactive)        ./glimmr tables list");
        out.println("   Delta tables: " + glimmr.config().lakehouseRoot() + "   notebooks: notebooks/README.md");
        if (serve) {
            out.println("== 5. the API starts next (./glimmr serve --demo-key); Ctrl-C stops it, ./glimmr serve starts it again");
        }
        out.flush();
        return 0;
    }
}
