package org.glimmr.jobs.cli;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import org.glimmr.jobs.discover.DiscoverJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "discover", mixinStandardHelpOptions = true,
        description = {"Read each listed hospital's /cms-hpt.txt and record its MRF links in bronze.mrf_sources.",
                "The file is read at the root of the hospital's website; each entry, or why there is none (found, missing,",
                "blocked, malformed, unreachable, refused, no_website), is a row of bronze.mrf_sources.",
                "A rerun of a date replaces that date's rows; earlier dates stay as history."})
public final class DiscoverCommand implements Callable<Integer> {
    @ParentCommand
    CommandContext glimmr;

    @Spec
    CommandSpec spec;

    @Option(names = "--run-date", paramLabel = "YYYY-MM-DD", description = "logical date of this discovery (default: today, UTC)")
    LocalDate runDate;

    @Override
    public Integer call() {
        LocalDate date = runDate == null ? LocalDate.now(ZoneOffset.UTC) : runDate;
        DiscoverJob.Summary summary = new DiscoverJob(glimmr.spark(), glimmr.config(), System.err, Clock.systemUTC()).run(date);
        spec.commandLine().getOut().print(summary.render());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
