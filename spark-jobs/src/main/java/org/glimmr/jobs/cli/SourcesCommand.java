package org.glimmr.jobs.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.glimmr.jobs.discover.SourcesReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "sources", mixinStandardHelpOptions = true, description = "Where hospitals' files come from, and how fresh they are.",
        subcommands = SourcesCommand.Report.class)
public final class SourcesCommand extends CommandGroup {
    @Command(name = "report", mixinStandardHelpOptions = true,
            description = {"Freshness report: hospitals without a file, broken links, blocked access, stale files.",
                    "Hospitals with no file (no_file), broken links (broken_link), blocked access (blocked) and files",
                    "published more than a year before the date (stale)."})
    static final class Report implements Callable<Integer> {
        @ParentCommand
        SourcesCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--as-of", paramLabel = "YYYY-MM-DD", description = "judge freshness as of this date (default: today, UTC)")
        LocalDate asOf;

        @Option(names = "--format", paramLabel = "table|csv", description = "output format (default: table)")
        String format = "table";

        @Override
        public Integer call() {
            if (!format.equals("csv") && !format.equals("table")) {
                throw new org.glimmr.common.GlimmrException(org.glimmr.common.GlimmrException.ErrorCode.USAGE,
                        "--format '" + format + "' is not known. Fix: write --format table or --format csv.");
            }
            LocalDate date = asOf == null ? LocalDate.now(ZoneOffset.UTC) : asOf;
            List<Row> rows = new SourcesReport(parent.glimmr.spark(), parent.glimmr.config()).problems(date).collectAsList();
            PrintWriter out = spec.commandLine().getOut();
            if (format.equals("csv")) {
                out.println(String.join(",", SourcesReport.COLUMNS));
                rows.forEach(r -> out.println(ResultFormat.csvRow(r)));
            } else {
                Map<String, Integer> counts = new TreeMap<>();
                rows.forEach(r -> counts.merge(r.getString(0), 1, Integer::sum));
                out.printf("sources report as of %s: %s%n", date, counts.isEmpty() ? "no problems" : counts.toString());
                if (!rows.isEmpty()) {
                    out.print(ResultFormat.table(SourcesReport.COLUMNS.toArray(String[]::new), rows));
                }
            }
            out.flush();
            return 0;
        }
    }
}
