package org.glimmr.jobs.cli;

import java.util.concurrent.Callable;
import org.glimmr.jobs.maintain.MaintainJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "maintain", mixinStandardHelpOptions = true,
        description = {"Weekly upkeep: compact and vacuum every Delta table, and back up PostgreSQL.",
                "Delta OPTIMIZE and VACUUM (retention: glimmr.maintenance.vacuum.retention.hours), and a backup of the",
                "curated PostgreSQL tables into <lakehouse root>/_backups/postgres/<UTC time>/ (gzipped CSV)."})
public final class MaintainCommand implements Callable<Integer> {
    @ParentCommand
    CommandContext glimmr;

    @Spec
    CommandSpec spec;

    @Option(names = "--delta", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "OPTIMIZE and VACUUM the Delta tables (default: yes; --no-delta skips)")
    boolean delta;

    @Option(names = "--backup", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "back up PostgreSQL (default: yes; --no-backup skips)")
    boolean backup;

    @Option(names = "--keep-backups", defaultValue = "8", description = "newest backups to keep (default ${DEFAULT-VALUE})")
    int keep;

    @Override
    public Integer call() {
        if (keep < 1) {
            throw new org.glimmr.common.GlimmrException(org.glimmr.common.GlimmrException.ErrorCode.USAGE,
                    "--keep-backups " + keep + " would delete the backup just made. Fix: give 1 or more");
        }
        MaintainJob.Summary s = new MaintainJob(glimmr.spark(), glimmr.config(), System.err).run(delta, backup, keep);
        var out = spec.commandLine().getOut();
        out.printf("optimized and vacuumed %d tables%n", s.vacuumed().size());
        if (s.backup() != null) {
            out.printf("backup: %s (%d tables, %,d rows); removed %d older backups%n", s.backup(), s.backedUpRows().size(),
                    s.backedUpRows().values().stream().mapToLong(Long::longValue).sum(), s.removedBackups().size());
        }
        out.flush();
        return 0;
    }
}
