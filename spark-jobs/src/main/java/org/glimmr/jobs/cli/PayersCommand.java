package org.glimmr.jobs.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.glimmr.common.GlimmrException;
import org.glimmr.common.payers.Payer;
import org.glimmr.common.payers.PayerMatch;
import org.glimmr.common.payers.PayerRegistry;
import org.glimmr.lakehouse.LakehouseTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "payers", mixinStandardHelpOptions = true,
        description = "The canonical payer registry (" + PayerRegistry.RESOURCE + ") and the payer names it does not match.",
        subcommands = {PayersCommand.Unmatched.class, PayersCommand.ListPayers.class, PayersCommand.Match.class})
public final class PayersCommand extends CommandGroup {
    /** Where a person adds what {@code unmatched} lists. */
    static final String REGISTRY_SOURCE = "spark-jobs/src/main/resources/" + PayerRegistry.RESOURCE;

    @Command(name = "unmatched", mixinStandardHelpOptions = true,
            description = {"Payer names of the current data that match no canonical payer, most rows first.",
                    "Read from silver.payer_names.",
                    "Review them, then add a payer or an alias to " + REGISTRY_SOURCE + "."})
    static final class Unmatched implements Callable<Integer> {
        @ParentCommand
        PayersCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--format", defaultValue = "table", description = "output: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
        SqlCommand.Format format;

        @Option(names = "--max-rows", defaultValue = "1000", description = "rows shown in table format (default ${DEFAULT-VALUE})")
        int maxRows;

        @Override
        public Integer call() {
            SparkSession spark = parent.glimmr.spark();
            String table = LakehouseTables.PAYER_NAMES.qualifiedName();
            if (!spark.catalog().tableExists(table)) {
                throw new GlimmrException(GlimmrException.ErrorCode.USAGE, table + " does not exist yet under "
                        + parent.glimmr.config().lakehouseRoot() + ". Fix: run ./glimmr aggregate, which fills it from silver.standard_charges.");
            }
            Dataset<Row> unmatched = spark.sql("SELECT payer_name, normalized_name, hospitals, rows FROM " + table
                    + " WHERE canonical_payer IS NULL ORDER BY rows DESC NULLS LAST, hospitals DESC NULLS LAST, payer_name");
            PrintWriter out = spec.commandLine().getOut();
            SqlCommand.print(unmatched, format, maxRows, out);
            if (format == SqlCommand.Format.table) {
                Row totals = spark.sql("SELECT count(*), count_if(canonical_payer IS NULL), coalesce(sum(rows), 0), "
                        + "coalesce(sum(CASE WHEN canonical_payer IS NULL THEN rows END), 0) FROM " + table).first();
                out.printf("%d of %d payer names unmatched, %d of %d rows.%n", totals.getLong(1), totals.getLong(0), totals.getLong(3),
                        totals.getLong(2));
                out.println("To map a name: add it as an alias (or a new payer) in " + REGISTRY_SOURCE
                        + ", check it with ./glimmr payers match 'NAME', then run ./glimmr aggregate again.");
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The canonical payers of the registry.")
    static final class ListPayers implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            List<Row> rows = new ArrayList<>();
            for (Payer p : PayerRegistry.load().payers()) {
                rows.add(RowFactory.create(p.id(), p.name(), p.type().id(), p.parent(), String.join("; ", p.aliases())));
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(ResultFormat.table(new String[] {"id", "name", "type", "parent", "aliases"}, rows));
            out.println(rows.size() + " payers, from " + PayerRegistry.RESOURCE);
            out.flush();
            return 0;
        }
    }

    @Command(name = "match", mixinStandardHelpOptions = true,
            description = "Shows what the registry makes of payer names, as the aggregate job would: to check a new alias.")
    static final class Match implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", arity = "1..*", description = "payer names as published")
        List<String> names;

        @Override
        public Integer call() {
            PayerRegistry registry = PayerRegistry.load();
            List<Row> rows = new ArrayList<>();
            for (String name : names) {
                PayerMatch m = registry.match(name);
                rows.add(RowFactory.create(m.payerName(), m.normalizedName(), m.canonicalId(), m.canonicalName(), m.payerTypeId(),
                        m.matchedById()));
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(ResultFormat.table(new String[] {"payer_name", "normalized_name", "canonical_payer", "canonical_name",
                    "payer_type", "matched_by"}, rows));
            out.flush();
            return 0;
        }
    }
}
