package org.glimmr.jobs.cli;

import java.util.concurrent.Callable;
import org.glimmr.jobs.export.ExportJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Load the gold tables into PostgreSQL in one transaction: readers see the old or the new data.",
                "With them go the hospitals, files and findings the API shows. Incremental: only the hospitals, states",
                "and codes that aggregate changed since the last export are replaced, in one transaction; full (--full,",
                "the first export, after a full aggregate): COPY into staging tables, then one transaction swaps them in.",
                "Target: glimmr.db.url, or the embedded PostgreSQL under the data directory (started when not running).",
                "Each run is recorded with the Delta table versions it exported in glimmr.export_runs."})
public final class ExportCommand implements Callable<Integer> {
    @ParentCommand
    CommandContext glimmr;

    @Spec
    CommandSpec spec;

    @Option(names = "--full", description = "reload every curated table, even where an incremental export would do")
    boolean full;

    @Override
    public Integer call() {
        ExportJob.Summary summary = new ExportJob(glimmr.spark(), glimmr.config(), System.err).run(full);
        spec.commandLine().getOut().print(summary.render());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
