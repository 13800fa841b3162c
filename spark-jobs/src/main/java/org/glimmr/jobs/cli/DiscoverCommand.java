package org.glimmr.jobs.cli;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import org.glimmr.jobs.discover.DiscoverJob;
@Command(name = "discover", mixinStandardHelpOptions = true,
        description = {"Read /cms-hpt.txt at the root of every listed hospital's website and record its entries, or why",
                "there are none (found, missing, blocked, malformed, unreachable, refused, no_website), in bronze.mrf_sources.",
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
