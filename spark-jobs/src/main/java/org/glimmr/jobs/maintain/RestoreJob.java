package org.glimmr.jobs.maintain;

import static java.util.Objects.requireNonNull;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.glimmr.common.BackupKey;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.common.GlimmrException;
import org.glimmr.common.db.GlimmrDatabase;
import org.glimmr.jobs.export.ExportJob;
import org.postgresql.PGConnection;

/**
 * Restores a backup of {@link PostgresBackup} into PostgreSQL: the newest whole one (with a manifest), or a named one.
 *
 * <p>Everything is checked before the database is touched, and a backup refused changes nothing: the manifest (its
 * MAC with {@value GlimmrConfig#ENV_BACKUP_KEY} for an encrypted backup; an unencrypted one only when allowed), every
 * file listed (present, of its size, of its SHA-256), the schema version (not newer than this Glimmr's), and each
 * table and column of the backup against the database, whose schema the Flyway migrations create or bring up to date.
 * Then one transaction, holding the export's lock (no export runs meanwhile), empties every table of the backed-up
 * schemas and loads each table's rows ({@code COPY … FROM STDIN}, a partitioned table through its parent), checking
 * again as it reads: each segment authenticated, the rows counted and the bytes hashed against the manifest, so a
 * file that changed after the check rolls everything back. Sequences continue after the restored rows.
 */
public final class RestoreJob {
    private static final int MAX_MANIFEST_BYTES = 16 << 20;

    /** What was restored: the backup, rows per table, tables emptied that the backup does not hold, backups skipped. */
    public record Summary(BackupManifest manifest, String location, Map<String, Long> rows, List<String> emptied,
                          List<String> skipped, double seconds) {
        public Summary {
            requireNonNull(manifest, "manifest is null");
            requireNonNull(location, "location is null");
            rows = Map.copyOf(rows);
            emptied = List.copyOf(emptied);
            skipped = List.copyOf(skipped);
        }
    }

    private final GlimmrConfig config;
    private final BackupStore store;
    private final PrintStream progress;

    public RestoreJob(GlimmrConfig config, BackupStore store, PrintStream progress) {
        this.config = requireNonNull(config, "config is null");
        this.store = requireNonNull(store, "store is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    /** Restores backup {@code name}, or the newest whole one; an unencrypted backup only when {@code allowUnencrypted}. */
    public Summary run(Optional<String> name, boolean allowUnencrypted) {
        long started = System.nanoTime();
        List<String> skipped = new ArrayList<>();
        String chosen = choose(name, skipped);
        Optional<BackupKey> key = config.backupKey();
        BackupManifest manifest = BackupManifest.read(readManifest(chosen).orElseThrow(), chosen, key, allowUnencrypted);
        if (!manifest.encrypted()) {
            progress.printf("restore: backup %s is NOT encrypted: its manifest and files are checked against accidental"
                    + " damage only (--unencrypted)%n", chosen);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (BackupManifest.Entry e : manifest.files()) {
            headers.put(e.table(), check(manifest, e));
        }
        try (GlimmrDatabase db = GlimmrDatabase.open(config); Connection c = db.connect()) {
            List<String> tables = checkSchema(c, manifest, headers);
            Map<String, Long> rows = load(c, manifest, headers, tables);
            c.setAutoCommit(true);
            try (Statement st = c.createStatement()) {
                for (String table : rows.keySet()) {
                    st.execute("ANALYZE " + BackupTables.sql(table)); // the planner's statistics of the new rows
                }
            }
            List<String> emptied = tables.stream().filter(t -> !rows.containsKey(t)).toList();
            return new Summary(manifest, store.folder(chosen).toString(), rows, emptied, skipped,
                    (System.nanoTime() - started) / 1e9);
        } catch (SQLException e) {
            throw new GlimmrException(GlimmrException.ErrorCode.DATABASE, "restoring backup " + chosen + " failed: "
                    + e.getMessage() + ". Fix: check that the database answers", e);
        }
    }

    /** The backup to restore: the one named, or the newest with a manifest (newer ones without are noted in skipped). */
    private String choose(Optional<String> name, List<String> skipped) {
        List<String> names = store.names();
        if (names.isEmpty()) {
            throw new GlimmrException(GlimmrException.ErrorCode.INPUT, "there are no backups in " + store.location()
                    + ". Fix: check that " + GlimmrConfig.LAKEHOUSE_ROOT + " is the lakehouse the backups were made under"
                    + " (glimmr maintain makes them)");
        }
        if (name.isPresent()) {
            if (!names.contains(name.get())) {
                throw new GlimmrException(GlimmrException.ErrorCode.USAGE, "there is no backup named '" + name.get() + "' in "
                        + store.location() + "; there are " + names.stream().limit(10).collect(Collectors.joining(", "))
                        + (names.size() > 10 ? " and " + (names.size() - 10) + " older" : "") + " (newest first)."
                        + " Fix: name one of those, or give no name for the newest");
            }
            if (readManifest(name.get()).isEmpty()) {
                throw BackupManifest.refused(name.get(), "has no " + BackupManifest.FILE_NAME + ": it is incomplete (the"
                        + " backup that wrote it failed, or is still running)", "restore another backup");
            }
            return name.get();
        }
        for (String n : names) {
            if (readManifest(n).isPresent()) {
                skipped.forEach(s -> progress.printf("restore: skipped backup %s: it has no %s (incomplete)%n", s,
                        BackupManifest.FILE_NAME));
                return n;
            }
            skipped.add(n);
        }
        throw new GlimmrException(GlimmrException.ErrorCode.INPUT, "none of the backups in " + store.location() + " ("
                + String.join(", ", names) + ") has a " + BackupManifest.FILE_NAME + ": all are incomplete. Fix: make"
                + " one with glimmr maintain");
    }

    private Optional<byte[]> readManifest(String name) {
        Path path = new Path(store.folder(name), BackupManifest.FILE_NAME);
        try (InputStream in = store.fs().open(path)) {
            byte[] bytes = in.readNBytes(MAX_MANIFEST_BYTES + 1);
            if (bytes.length > MAX_MANIFEST_BYTES) {
                throw BackupManifest.refused(name, "has a " + BackupManifest.FILE_NAME + " larger than any Glimmr writes",
                        "restore another backup");
            }
            return Optional.of(bytes);
        } catch (FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new GlimmrException(GlimmrException.ErrorCode.STORAGE, "cannot read " + path + ": " + e.getMessage()
                    + ". Fix: check the storage of " + GlimmrConfig.LAKEHOUSE_ROOT, e);
        }
    }

    /** Checks one file (present, its size, its SHA-256) and returns the columns of its header line. */
    private List<String> check(BackupManifest m, BackupManifest.Entry e) {
        Path path = new Path(store.folder(m.name()), e.file());
        FileStatus status;
        try {
            status = store.fs().getFileStatus(path);
        } catch (FileNotFoundException missing) {
            throw BackupManifest.refused(m.name(), "lacks the file " + path + " its manifest lists (table " + e.table()
                    + ")", "restore another backup");
        } catch (IOException io) {
            throw unreadable(path, io);
        }
        if (status.getLen() != e.bytes()) {
            throw BackupManifest.refused(m.name(), "has a damaged file: " + path + " is " + status.getLen() + " bytes, its"
                    + " manifest says " + e.bytes() + (status.getLen() < e.bytes() ? " (it was cut short)" : " (bytes were added)"),
                    "restore another backup");
        }
        MessageDigest sha256 = PostgresBackup.sha256();
        try (InputStream in = new DigestInputStream(store.fs().open(path), sha256)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException io) {
            throw unreadable(path, io);
        }
        if (!HexFormat.of().formatHex(sha256.digest()).equals(e.sha256())) {
            throw BackupManifest.refused(m.name(), "has a damaged file: the SHA-256 of " + path + " is not the one its"
                    + " manifest lists (a byte of it was altered)", "restore another backup");
        }
        try (InputStream in = decoded(m, e, store.fs().open(path))) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
                line.write(b);
            }
            List<String> columns = new ArrayList<>();
            for (String column : line.toString(StandardCharsets.UTF_8).split(",", -1)) {
                columns.add(column.startsWith("\"") && column.endsWith("\"") && column.length() > 1
                        ? column.substring(1, column.length() - 1).replace("\"\"", "\"") : column);
            }
            progress.printf("restore: checked %-44s %,15d bytes %,12d rows%n", e.file(), e.bytes(), e.rows());
            return columns;
        } catch (BackupEncryption.IntegrityException bad) {
            throw BackupManifest.refused(m.name(), "has a damaged file: " + bad.getMessage(), "restore another backup");
        } catch (IOException io) {
            throw BackupManifest.refused(m.name(), "has a file that does not read: " + e.file() + ": " + io.getMessage(),
                    "restore another backup");
        }
    }

    /** The tables of the database, after checking the backup's schema version and tables against them. */
    private List<String> checkSchema(Connection c, BackupManifest m, Map<String, List<String>> headers) throws SQLException {
        String version = BackupTables.schemaVersion(c).orElseThrow();
        if (compareVersions(m.schemaVersion(), version) > 0) {
            throw BackupManifest.refused(m.name(), "has schema version " + m.schemaVersion() + ", newer than this Glimmr's ("
                    + version + ")", "restore it with the Glimmr that made it, or a newer one");
        }
        if (compareVersions(m.schemaVersion(), version) < 0) {
            progress.printf("restore: backup %s has schema version %s, the database %s: its columns are loaded by name,"
                    + " columns it lacks get their defaults%n", m.name(), m.schemaVersion(), version);
        }
        List<String> tables = BackupTables.list(c);
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            if (!tables.contains(h.getKey())) {
                throw BackupManifest.refused(m.name(), "holds the table " + h.getKey() + ", which the database (schema version "
                        + version + ") does not have", "restore it with the Glimmr that made it");
            }
            List<String> missing = new ArrayList<>(h.getValue());
            missing.removeAll(BackupTables.columns(c, h.getKey()));
            if (!missing.isEmpty() || new HashSet<>(h.getValue()).size() != h.getValue().size()) {
                throw BackupManifest.refused(m.name(), "has columns " + missing + " of " + h.getKey() + ", which the database"
                        + " (schema version " + version + ") does not have, or a column twice", "restore it with the Glimmr"
                        + " that made it");
            }
        }
        return tables;
    }

    /** Empties the tables and loads the backup in one transaction; returns the rows per table. */
    private Map<String, Long> load(Connection c, BackupManifest m, Map<String, List<String>> headers, List<String> tables)
            throws SQLException {
        c.setAutoCommit(false);
        Map<String, Long> rows = new LinkedHashMap<>();
        String loading = "";
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT pg_try_advisory_xact_lock(" + ExportJob.LOCK_KEY + ")")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw new GlimmrException(GlimmrException.ErrorCode.DATABASE, "an export into the database is running;"
                            + " nothing was restored. Fix: wait for it to finish (see glimmr.export_runs), then restore again");
                }
            }
            st.execute("SET LOCAL lock_timeout = '60s'");
            st.execute("TRUNCATE " + tables.stream().map(BackupTables::sql).collect(Collectors.joining(", ")));
            for (BackupManifest.Entry e : m.files()) {
                loading = e.table();
                rows.put(e.table(), copyIn(c, m, e, headers.get(e.table())));
            }
            loading = "";
            continueSequences(c, tables);
            c.commit();
            return rows;
        } catch (SQLException | IOException | RuntimeException e) {
            c.rollback();
            if (e instanceof GlimmrException ge) {
                throw ge;
            }
            String what = loading.isEmpty() ? "" : " while loading " + loading;
            if ("55P03".equals(e instanceof SQLException s ? s.getSQLState() : null)) {
                throw new GlimmrException(GlimmrException.ErrorCode.DATABASE, "restoring backup " + m.name() + ": the tables"
                        + " stayed in use for a minute (" + e.getMessage() + "); nothing was restored. Fix: stop what holds"
                        + " them (a long query, an open transaction) and restore again", e);
            }
            throw new GlimmrException(GlimmrException.ErrorCode.INPUT, "restoring backup " + m.name() + " failed" + what + ": "
                    + e.getMessage() + "; the database was rolled back and is as it was. Fix: restore another backup, or"
                    + " check the database's log", e);
        }
    }

    /** COPY of one file into its table, checked as it is read: rows, size and SHA-256 against the manifest. */
    private long copyIn(Connection c, BackupManifest m, BackupManifest.Entry e, List<String> columns)
            throws SQLException, IOException {
        MessageDigest sha256 = PostgresBackup.sha256();
        InputStream stored = new DigestInputStream(store.fs().open(new Path(store.folder(m.name()), e.file())), sha256);
        long rows;
        try (InputStream plain = decoded(m, e, stored)) {
            rows = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + BackupTables.sql(e.table()) + " ("
                    + columns.stream().map(BackupTables::quote).collect(Collectors.joining(", "))
                    + ") FROM STDIN (FORMAT csv, HEADER MATCH)", plain, 1 << 16);
            plain.transferTo(OutputStream.nullOutputStream());
            stored.transferTo(OutputStream.nullOutputStream());
        }
        if (rows != e.rows() || !HexFormat.of().formatHex(sha256.digest()).equals(e.sha256())) {
            throw BackupManifest.refused(m.name(), "changed while it was restored: " + e.file() + " gave " + rows + " rows of "
                    + e.rows() + (rows == e.rows() ? " and another SHA-256" : "") + "; the database was rolled back and is as"
                    + " it was", "restore another backup");
        }
        progress.printf("restore: loaded  %-44s %,12d rows%n", e.table(), rows);
        return rows;
    }

    /** Every sequence owned by a column of the tables continues after the largest value restored. */
    private static void continueSequences(Connection c, List<String> tables) throws SQLException {
        for (String table : tables) {
            try (PreparedStatement ps = c.prepareStatement("SELECT attname, pg_get_serial_sequence(?, quote_ident(attname))"
                    + " FROM pg_attribute WHERE attrelid = ?::regclass AND attnum > 0 AND NOT attisdropped")) {
                ps.setString(1, table);
                ps.setString(2, table);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getString(2) != null) {
                            try (PreparedStatement set = c.prepareStatement("SELECT setval(?::regclass, coalesce((SELECT max("
                                    + BackupTables.quote(rs.getString(1)) + ") FROM " + BackupTables.sql(table) + "), 0) + 1,"
                                    + " false)")) {
                                set.setString(1, rs.getString(2));
                                set.executeQuery().close();
                            }
                        }
                    }
                }
            }
        }
    }

    /** The CSV of a stored file: decrypted (when the backup is encrypted) and gunzipped. */
    private InputStream decoded(BackupManifest m, BackupManifest.Entry e, InputStream stored) throws IOException {
        InputStream in = new BufferedInputStream(stored, 1 << 16);
        if (m.encrypted()) {
            in = BackupEncryption.decrypt(in, config.backupKey().orElseThrow(), m.name() + "/" + e.file());
        }
        return new GZIPInputStream(in, 1 << 16);
    }

    private static GlimmrException unreadable(Path path, IOException e) {
        return new GlimmrException(GlimmrException.ErrorCode.STORAGE, "cannot read " + path + ": " + e.getMessage()
                + "; nothing was restored. Fix: check the storage of " + GlimmrConfig.LAKEHOUSE_ROOT, e);
    }

    /** Orders Flyway versions ({@code 4}, {@code 4.1}) by their numbers. */
    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? Long.parseLong(x[i]) : 0;
            long q = i < y.length ? Long.parseLong(y[i]) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        return 0;
    }
}
