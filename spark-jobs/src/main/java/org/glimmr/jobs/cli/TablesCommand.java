package org.glimmr.jobs.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.glimmr.common.GlimmrException;
import org.glimmr.lakehouse.LakehouseCatalog;
import org.glimmr.lakehouse.LakehouseTables;
import org.glimmr.lakehouse.TableDefinition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "tables", mixinStandardHelpOptions = true,
        description = "Create, list or describe the lakehouse's Delta tables.",
        subcommands = {TablesCommand.Create.class, TablesCommand.ListTables.class, TablesCommand.Describe.class})
public final class TablesCommand extends CommandGroup {
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create the missing tables and give existing ones their defined properties.",
                    "Every bronze, silver and gold table that does not exist yet is created; existing tables get the",
                    "properties Glimmr defines for them (idempotent; run it after upgrading Glimmr)."})
    static final class Create implements Callable<Integer> {
        @ParentCommand
        TablesCommand parent;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            var glimmr = parent.glimmr;
            List<String> created = LakehouseCatalog.createAll(glimmr.spark(), glimmr.config());
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%d tables created, %d already there, under %s%n", created.size(),
                    LakehouseTables.ALL.size() - created.size(), glimmr.config().lakehouseRoot());
            created.forEach(t -> out.println("  created " + t));
            LakehouseCatalog.addMissingColumns(glimmr.spark(), glimmr.config()).forEach(c -> out.println("  added " + c));
            LakehouseCatalog.alignProperties(glimmr.spark(), glimmr.config()).forEach(p -> out.println("  set " + p));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the tables, where they live and their Delta version.")
    static final class ListTables implements Callable<Integer> {
        @ParentCommand
        TablesCommand parent;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            var glimmr = parent.glimmr;
            // everything that can fail (configuration, storage) before the first line is printed
            var status = LakehouseCatalog.status(glimmr.spark(), glimmr.config());
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-28s %-8s %-8s %s%n", "table", "exists", "version", "location");
            for (var s : status) {
                out.printf("%-28s %-8s %-8s %s%n", s.definition().qualifiedName(), s.exists() ? "yes" : "no",
                        s.version().map(String::valueOf).orElse("-"), s.location());
            }
            out.println("Create missing tables with: glimmr tables create");
            return 0;
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true, description = "Columns and comments of one table.")
    static final class Describe implements Callable<Integer> {
        @ParentCommand
        TablesCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "TABLE", description = "e.g. silver.standard_charges")
        String name;

        @Override
        public Integer call() {
            TableDefinition table = LakehouseTables.byName(name).orElseThrow(() -> new GlimmrException(
                    GlimmrException.ErrorCode.USAGE, "no table named '" + name + "'. Fix: use one of "
                            + LakehouseTables.ALL.stream().map(TableDefinition::qualifiedName).toList()));
            PrintWriter out = spec.commandLine().getOut();
            out.println(table.qualifiedName() + ": " + table.comment());
            out.println("location: " + table.location(parent.glimmr.config().lakehouseRoot()));
            if (!table.clusterBy().isEmpty()) {
                out.println("clustered by: " + String.join(", ", table.clusterBy()));
            }
            for (var field : table.schema().fields()) {
                out.printf("  %-24s %-28s %s%n", field.name(), field.dataType().simpleString(),
                        field.getComment().getOrElse(() -> ""));
            }
            if (parent.glimmr.spark().catalog().tableExists(table.qualifiedName())) {
                Row count = parent.glimmr.spark().sql("SELECT count(*) FROM " + table.qualifiedName()).first();
                out.println("rows: " + count.getLong(0));
            } else {
                out.println("(not created yet: glimmr tables create)");
            }
            return 0;
        }
    }
}
