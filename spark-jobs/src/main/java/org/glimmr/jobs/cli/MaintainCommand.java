package org.glimmr.jobs.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.glimmr.common.BackupKey;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.common.GlimmrException;
import org.glimmr.jobs.maintain.MaintainJob;
import org.glimmr.jobs.maintain.PostgresBackup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "maintain", mixinStandardHelpOptions = true,
        description = {"Weekly upkeep: compact and vacuum every Delta table, and back up PostgreSQL.",
                "Delta OPTIMIZE and VACUUM (retention: glimmr.maintenance.vacuum.retention.hours), and a backup of the",
                "curated, glimmr and api PostgreSQL schemas into <lakehouse root>/_backups/postgres/<UTC time>/ (gzipped",
                "CSV, encrypted with AES-256-GCM under the key in " + GlimmrConfig.ENV_BACKUP_KEY + "; see glimmr restore)."})
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

    @Option(names = "--unencrypted", description = "write the backup in clear text, without " + GlimmrConfig.ENV_BACKUP_KEY
            + " (it holds the API keys' hashes and the audit log)")
    boolean unencrypted;

    @Override
    public Integer call() {
        if (keep < 1) {
            throw new GlimmrException(GlimmrException.ErrorCode.USAGE,
                    "--keep-backups " + keep + " would delete the backup just made. Fix: give 1 or more");
        }
        // before the Delta part: a backup that cannot be made fails the command at once, not after an hour
        Optional<BackupKey> key = backup ? PostgresBackup.keyFor(glimmr.config(), unencrypted) : Optional.empty();
        MaintainJob.Summary s = new MaintainJob(glimmr::spark, glimmr.config(), System.err).run(delta, backup, keep, key);
        var out = spec.commandLine().getOut();
        out.printf("optimized and vacuumed %d tables%n", s.vacuumed().size());
        if (s.backup() != null) {
            out.printf("backup: %s (%s, %d tables, %,d rows); removed %d older backups%n", s.backup(),
                    s.encrypted() ? "encrypted" : "NOT encrypted", s.backedUpRows().size(),
                    s.backedUpRows().values().stream().mapToLong(Long::longValue).sum(), s.removedBackups().size());
        }
        out.flush();
        return 0;
    }
}
