package org.glimmr.jobs.cli;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import org.glimmr.common.payers.PayerMatch;
import org.glimmr.common.payers.PayerRegistry;
import org.glimmr.jobs.aggregate.AggregateJob;
import org.glimmr.jobs.aggregate.PayerMatcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "aggregate", mixinStandardHelpOptions = true,
        description = {"Build the gold tables from silver: payer rates, hospital prices, price statistics, summaries.",
                "Canonical payers (silver.payer_names), every payer rate (gold.negotiated_rates), per-hospital prices",
                "(gold.hospital_code_prices), statistics across hospitals by payer and state (gold.code_price_stats) and",
                "hospital summaries with a data-quality score (gold.hospital_summary).",
                "Incremental: only the hospitals whose current file changed since the last run, and the statistics",
                "they touch, are recomputed (--full rebuilds everything); every run is a row of gold.aggregate_runs."})
public final class AggregateCommand implements Callable<Integer> {
    @ParentCommand
    CommandContext glimmr;

    @Spec
    CommandSpec spec;

    @Option(names = "--as-of", paramLabel = "YYYY-MM-DD",
            description = "the date freshness is judged against (default: today, UTC); Airflow passes the logical date")
    LocalDate asOf;

    @Option(names = "--full", description = "rebuild every gold table, even where an incremental run would do")
    boolean full;

    /** The shipped payer registry as the aggregate job's matcher (also the aggregate benchmark's). */
    public static PayerMatcher registryMatcher() {
        return new RegistryMatcher(PayerRegistry.load());
    }

    /** Matches with a registry; its fingerprint is the registry's. */
    private record RegistryMatcher(PayerRegistry registry) implements PayerMatcher {
        private static final long serialVersionUID = 1L;

        @Override
        public Match match(String name) {
            PayerMatch m = registry.match(name);
            return new Match(m.normalizedName(), m.canonicalId(), m.canonicalName(), m.payerTypeId(), m.matchedById());
        }

        @Override
        public String fingerprint() {
            return registry.fingerprint();
        }
    }

    @Override
    public Integer call() {
        LocalDate date = asOf != null ? asOf : LocalDate.now(ZoneOffset.UTC);
        AggregateJob.Result result = new AggregateJob(glimmr.spark(), glimmr.config(), registryMatcher(), System.err,
                Clock.systemUTC()).run(date, full);
        var out = spec.commandLine().getOut();
        out.println("aggregate as of " + date + ": " + result.mode() + " (" + result.reason() + ")");
        result.rows().forEach((table, n) -> out.printf("  %-28s %,12d rows%n", table, n));
        out.flush();
        return 0;
    }
}
