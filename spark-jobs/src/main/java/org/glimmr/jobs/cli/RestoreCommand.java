package org.glimmr.jobs.cli;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.jobs.maintain.BackupStore;
import org.glimmr.jobs.maintain.RestoreJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Restore PostgreSQL from a backup of glimmr maintain: the newest, or the one named.",
                "Checks the backup whole before touching the database (the manifest's MAC with " + GlimmrConfig.ENV_BACKUP_KEY + ",",
                "every file's size and SHA-256, the schema), then replaces the curated, glimmr and api schemas' rows in one",
                "transaction. A backup refused changes nothing. Backups: <lakehouse root>/_backups/postgres/<UTC time>/."})
public final class RestoreCommand implements Callable<Integer> {
    @ParentCommand
    CommandContext glimmr;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "BACKUP", description = "the backup's name, e.g. 20260301T020000Z (default: the newest)")
    String name;

    @Option(names = "--unencrypted", description = "accept a backup made with --unencrypted: nothing authenticates it, so only"
            + " restore one whose storage you trust")
    boolean unencrypted;

    @Override
    public Integer call() {
        GlimmrConfig config = glimmr.config();
        BackupStore store = new BackupStore(config, BackupStore.hadoopConfiguration(config));
        RestoreJob.Summary s = new RestoreJob(config, store, System.err).run(Optional.ofNullable(name), unencrypted);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("restored backup %s (%s, made %s, schema version %s) from %s%n", s.manifest().name(),
                s.manifest().encrypted() ? "encrypted, key id " + s.manifest().keyId().get() : "NOT encrypted",
                s.manifest().created(), s.manifest().schemaVersion(), s.location());
        s.manifest().files().forEach(f -> out.printf("  %-32s %,12d rows%n", f.table(), s.rows().get(f.table())));
        s.emptied().forEach(t -> out.printf("  %-32s emptied (not in the backup)%n", t));
        out.printf("%d tables, %,d rows in %.1f s%n", s.rows().size(), s.rows().values().stream().mapToLong(Long::longValue).sum(),
                s.seconds());
        out.flush();
        return 0;
    }
}
