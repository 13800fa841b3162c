package org.glimmr.jobs.cli;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
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
                "Each table is recomputed whole; a rerun on the same silver data writes the same contents."})
public final class AggregateCommand implements Callable<Integer> {
    @ParentCommand
    CommandContext glimmr;

    @Spec
    CommandSpec spec;

    @Option(names = "--as-of", paramLabel = "YYYY-MM-DD",
            description = "the date freshness is judged against (default: today, UTC); Airflow passes the logical date")
    LocalDate asOf;

    /** The shipped payer registry as the aggregate job's matcher. */
    static PayerMatcher registryMatcher() {
        PayerRegistry registry = PayerRegistry.load();
        return name -> {
            PayerMatch m = registry.match(name);
            return new PayerMatcher.Match(m.normalizedName(), m.canonicalId(), m.canonicalName(), m.payerTypeId(), m.matchedById());
        };
    }

    @Override
    public Integer call() {
        LocalDate date = asOf != null ? asOf : LocalDate.now(ZoneOffset.UTC);
        Map<String, Long> rows = new AggregateJob(glimmr.spark(), glimmr.config(), registryMatcher(), System.err).run(date);
        var out = spec.commandLine().getOut();
        out.println("aggregate as of " + date + ":");
        rows.forEach((table, n) -> out.printf("  %-28s %,12d rows%n", table, n));
        out.flush();
        return 0;
    }
}
