package org.glimmr.jobs.maintain;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.fs.Path;
import org.glimmr.common.BackupKey;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.common.GlimmrException;
import org.glimmr.common.db.GlimmrDatabase;
import org.postgresql.PGConnection;

/**
 * Writes a backup of PostgreSQL's {@link BackupManifest#SCHEMAS} into the {@link BackupStore}: one consistent snapshot,
 * each table as gzipped CSV with a header ({@code COPY … TO STDOUT}), encrypted with the backup key
 * ({@link BackupEncryption}) unless there is none, and the {@link BackupManifest} written last. A backup that fails
 * is removed, so a folder with a manifest is a whole backup.
 */
public final class PostgresBackup {
    private final BackupStore store;
    private final Optional<BackupKey> key;
    private final Clock clock;
    private final PrintStream progress;

    public PostgresBackup(BackupStore store, Optional<BackupKey> key, Clock clock, PrintStream progress) {
        this.store = requireNonNull(store, "store is null");
        this.key = requireNonNull(key, "key is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    /** Backs up the database into a new backup named by the time now; returns its manifest. */
    public BackupManifest write(GlimmrDatabase db) {
        String name = BackupStore.nameAt(clock.instant());
        Path dir = store.folder(name);
        if (store.names().contains(name)) {
            throw new GlimmrException(GlimmrException.ErrorCode.USAGE, "a backup named " + name + " exists already in "
                    + store.location() + " (backups are named by the second). Fix: run the backup again a second later");
        }
        try (Connection c = db.connect()) {
            List<String> tables = BackupTables.list(c);
            String version = BackupTables.schemaVersion(c).orElseThrow();
            c.setAutoCommit(false);
            List<BackupManifest.Entry> files = new ArrayList<>();
            try (Statement st = c.createStatement()) {
                st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                // before the snapshot: an export's swap (DROP TABLE) waits for the backup instead of replacing a table
                // under it, which a snapshot does not see (incremental exports change rows, and the snapshot keeps them)
                st.execute("LOCK TABLE " + tables.stream().map(BackupTables::sql).collect(Collectors.joining(", "))
                        + " IN ACCESS SHARE MODE");
            }
            for (String table : tables) {
                files.add(writeTable(c, dir, name, table));
            }
            c.commit();
            BackupManifest manifest = new BackupManifest(name, clock.instant(), version, key.map(BackupEncryption::keyId), files);
            try (OutputStream out = store.fs().create(new Path(dir, BackupManifest.FILE_NAME), false)) {
                out.write(manifest.render(key));
            }
            progress.printf("maintain: PostgreSQL backup of %d tables in %s (%s)%n", tables.size(), dir,
                    key.isPresent() ? "encrypted, key id " + manifest.keyId().get() : "NOT encrypted");
            return manifest;
        } catch (SQLException | IOException | RuntimeException e) {
            try {
                store.delete(name);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            if (e instanceof GlimmrException ge) {
                throw ge;
            }
            throw new GlimmrException(GlimmrException.ErrorCode.DATABASE, "the PostgreSQL backup into " + dir + " failed: "
                    + e.getMessage() + ". Fix: check that the database answers and the lakehouse root is writable", e);
        }
    }

    private BackupManifest.Entry writeTable(Connection c, Path dir, String name, String table) throws SQLException, IOException {
        String file = BackupManifest.fileName(table, key.isPresent());
        MessageDigest sha256 = sha256();
        Path path = new Path(dir, file);
        OutputStream stored = new DigestOutputStream(store.fs().create(path, false), sha256);
        long rows;
        try (OutputStream out = new GZIPOutputStream(key.isPresent()
                ? BackupEncryption.encrypt(stored, key.get(), name + "/" + file) : stored, 1 << 16)) {
            String columns = BackupTables.columns(c, table).stream().map(BackupTables::quote).collect(Collectors.joining(", "));
            rows = c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (SELECT " + columns + " FROM "
                    + BackupTables.sql(table) + ") TO STDOUT (FORMAT csv, HEADER)", out);
        }
        return new BackupManifest.Entry(table, file, rows, store.fs().getFileStatus(path).getLen(),
                HexFormat.of().formatHex(sha256.digest()));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The key a backup is written with; refuses to go on without one unless told to write clear text. */
    public static Optional<BackupKey> keyFor(GlimmrConfig config, boolean unencrypted) {
        if (unencrypted) {
            return Optional.empty();
        }
        return Optional.of(config.backupKey().orElseThrow(() -> new GlimmrException(GlimmrException.ErrorCode.CONFIGURATION,
                "no backup key: " + GlimmrConfig.ENV_BACKUP_KEY + " is not set, and a backup holds the API keys' hashes, the"
                        + " audit log and every curated table, to be kept in object storage. Fix: make a key with"
                        + " `openssl rand -base64 32`, set " + GlimmrConfig.ENV_BACKUP_KEY + " to it (keep a copy safe: no"
                        + " backup can be restored without its key), and run again; or pass --unencrypted to write the backup"
                        + " in clear text, or --no-backup to skip it")));
    }
}
