package org.glimmr.jobs.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.glimmr.common.GlimmrException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {"Spark SQL over the lakehouse, tables by name (bronze.*, silver.*, gold.*).",
                "With -e runs the statement(s) and exits; without, an interactive prompt (end statements with ';', quit with 'exit')."})
public final class SqlCommand implements Callable<Integer> {
    enum Format { table, csv, json }

    @ParentCommand
    CommandContext glimmr;

    @Spec
    CommandSpec spec;

    @Option(names = {"-e", "--execute"}, paramLabel = "SQL", description = "statement(s) to run, separated by ';'")
    String query;

    @Option(names = "--format", defaultValue = "table", description = "output: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}); csv and json stream every row")
    Format format;

    @Option(names = "--max-rows", defaultValue = "1000", description = "rows shown in table format (default ${DEFAULT-VALUE})")
    int maxRows;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        SparkSession spark = glimmr.spark();
        quietTaskFailures();
        if (query != null) {
            for (String statement : SqlStatements.split(query)) {
                print(spark.sql(statement), format, maxRows, out);
            }
            out.flush();
            return 0;
        }
        return interactive(spark, out);
    }

    private int interactive(SparkSession spark, PrintWriter out) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        out.println("Glimmr SQL over " + glimmr.config().lakehouseRoot() + ". Try: show tables in silver; — 'exit' quits.");
        StringBuilder pending = new StringBuilder();
        while (true) {
            out.print(pending.isEmpty() ? "glimmr-sql> " : "         -> ");
            out.flush();
            String line = in.readLine();
            if (line == null || (pending.isEmpty() && line.trim().matches("(?i)exit|quit|\\\\q"))) {
                return 0;
            }
            pending.append(line).append('\n');
            if (!line.trim().endsWith(";")) {
                continue;
            }
            for (String statement : SqlStatements.split(pending.toString())) {
                try {
                    print(spark.sql(statement), format, maxRows, out);
                } catch (Exception e) { // Spark's AnalysisException is a checked exception
                    GlimmrException user = UserErrors.of(e);
                    out.println(user != null ? "error: " + user.getMessage() : "internal error (a bug; please report it): " + e);
                }
            }
            pending.setLength(0);
        }
    }

    /**
     * A query that fails while it runs (a division by zero, say) fails its Spark task, and Spark logs that with a
     * stack trace per task before the error reaches the user as one message: those log lines only repeat it. They
     * stay when Spark's logs were asked for ({@code -Dglimmr.log.level}).
     */
    private static void quietTaskFailures() {
        if (System.getProperty("glimmr.log.level") == null) {
            Configurator.setLevel("org.apache.spark.executor.Executor", Level.OFF);
            Configurator.setLevel("org.apache.spark.scheduler.TaskSetManager", Level.OFF);
        }
    }

    /** Prints a result as an aligned table (at most {@code maxRows}), or every row as CSV or JSON lines. */
    static void print(Dataset<Row> result, Format format, int maxRows, PrintWriter out) {
        switch (format) {
            case csv -> {
                out.println(String.join(",", List.of(result.columns()).stream().map(ResultFormat::csv).toList()));
                Iterator<Row> rows = result.toLocalIterator();
                while (rows.hasNext()) {
                    out.println(ResultFormat.csvRow(rows.next()));
                }
            }
            case json -> {
                Iterator<String> rows = result.toJSON().toLocalIterator();
                while (rows.hasNext()) {
                    out.println(rows.next());
                }
            }
            case table -> {
                List<Row> rows = new ArrayList<>(result.limit(maxRows + 1).collectAsList());
                boolean more = rows.size() > maxRows;
                if (more) {
                    rows.remove(rows.size() - 1);
                }
                out.print(ResultFormat.table(result.columns(), rows));
                out.println(rows.size() + (more ? "+ rows (first " + maxRows + " shown; --max-rows or --format csv for all)" : rows.size() == 1 ? " row" : " rows"));
            }
        }
    }
}
