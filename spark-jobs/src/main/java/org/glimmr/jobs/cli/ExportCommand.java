package org.glimmr.jobs.cli;

import java.util.concurrent.Callable;
import org.glimmr.jobs.export.ExportJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Load the gold tables into PostgreSQL in one swap: readers see the old or the new data.",
                "With them go the hospitals, files and findings the API shows: COPY into staging tables, then one",
                "transaction swaps them in, so readers see the old or the new data, never a mix.",
                "Target: glimmr.db.url, or the embedded PostgreSQL under the data directory (started when not running).",
                "Each run is recorded with the Delta table versions it exported in glimmr.export_runs."})
public final class ExportCommand implements Callable<Integer> {
    @ParentCommand
    CommandContext glimmr;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ExportJob.Summary summary = new ExportJob(glimmr.spark(), glimmr.config(), System.err).run();
        spec.commandLine().getOut().print(summary.render());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
