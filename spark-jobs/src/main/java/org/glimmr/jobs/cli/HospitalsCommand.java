package org.glimmr.jobs.cli;

import java.time.Clock;
import java.util.concurrent.Callable;
import org.glimmr.jobs.discover.HospitalListImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "hospitals", mixinStandardHelpOptions = true,
        description = "Import the list of hospitals whose cms-hpt.txt discover reads (bronze.hospital_list).",
        subcommands = HospitalsCommand.Import.class)
public final class HospitalsCommand extends CommandGroup {
    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Merge a CSV of hospitals into bronze.hospital_list (importing twice changes nothing).",
                    "Columns by header name: name, state, website (optional), ccn (optional); CMS's Hospital General",
                    "Information file is read as is ('Facility Name', 'State', 'Facility ID'), plus a website column."})
    static final class Import implements Callable<Integer> {
        @ParentCommand
        HospitalsCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "CSV", description = "a CSV file (local or s3a://), e.g. samples/hospitals.csv")
        String file;

        @Override
        public Integer call() {
            var result = new HospitalListImport(parent.glimmr.spark(), parent.glimmr.config(), Clock.systemUTC()).run(file);
            spec.commandLine().getOut().print(result.render());
            spec.commandLine().getOut().flush();
            return result.rowsRead() > 0 && result.hospitals() == 0 ? 3 : 0;
        }
    }
}
