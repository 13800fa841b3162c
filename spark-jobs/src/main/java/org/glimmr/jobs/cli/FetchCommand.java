package org.glimmr.jobs.cli;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import org.glimmr.jobs.fetch.FetchJob;
import org.glimmr.jobs.fetch.FetchSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = {"Download the MRFs that discover found (or the URLs given) into the raw store.",
                "The raw store (glimmr.raw.root) is content-addressed by SHA-256; downloads use conditional requests,",
                "retries, size and safety limits;",
                "every try is recorded in bronze.mrf_downloads. Then: ./glimmr ingest --input <raw root>."})
public final class FetchCommand implements Callable<Integer> {
    @ParentCommand
    CommandContext glimmr;

    @Spec
    CommandSpec spec;

    @Option(names = "--run-date", paramLabel = "YYYY-MM-DD",
            description = "logical date: fetch what the latest discovery up to this date found (default: today, UTC)")
    LocalDate runDate;

    @Option(names = "--url", paramLabel = "URL", description = "fetch these URLs instead of the discovered ones (repeatable)")
    List<String> urls;

    @Override
    public Integer call() {
        Clock clock = Clock.systemUTC();
        LocalDate date = runDate == null ? LocalDate.now(ZoneOffset.UTC) : runDate;
        FetchJob job = new FetchJob(glimmr.spark(), glimmr.config(), System.err, clock);
        FetchSummary summary = urls == null || urls.isEmpty() ? job.run(date)
                : job.run(date, urls.stream().distinct().map(u -> new FetchJob.Target(u, List.of())).toList());
        spec.commandLine().getOut().print(summary.render());
        spec.commandLine().getOut().flush();
        return !summary.lastTries().isEmpty() && summary.succeeded() == 0 ? 3 : 0;
    }
}
