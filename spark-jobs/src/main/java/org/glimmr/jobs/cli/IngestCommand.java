package org.glimmr.jobs.cli;

import java.time.Clock;
import java.util.concurrent.Callable;
import org.glimmr.jobs.ingest.IngestJob;
import org.glimmr.jobs.ingest.IngestSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Parse MRFs of every CMS layout and version (plain, .gz or .zip) into the lakehouse.",
                "CSV tall, CSV wide and JSON, CMS template 2.x and 3.0, into bronze.mrf_files, silver.standard_charges,",
                "silver.rejected_rows, silver.file_findings and silver.hospitals.",
                "Files already ingested (same bytes) are skipped; a hospital's newer file replaces its current rows."})
public final class IngestCommand implements Callable<Integer> {
    @ParentCommand
    CommandContext glimmr;

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "PATH",
            description = "a file, a folder (read recursively) or an s3a://bucket/prefix")
    String input;

    @Override
    public Integer call() {
        IngestSummary summary = new IngestJob(glimmr.spark(), glimmr.config(), System.err, Clock.systemUTC()).run(input);
        spec.commandLine().getOut().print(summary.render());
        spec.commandLine().getOut().flush();
        return summary.filesSeen() > 0 && summary.rejected() == summary.filesSeen() - summary.skipped() && summary.rejected() > 0 ? 3 : 0;
    }
}
