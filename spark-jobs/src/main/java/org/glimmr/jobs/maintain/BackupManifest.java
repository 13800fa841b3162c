package org.glimmr.jobs.maintain;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.glimmr.common.BackupKey;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.common.GlimmrException;

/**
 * {@code MANIFEST.tsv} of a PostgreSQL backup: what the backup is (its name, when, the schema version of the
 * database it came from, how it is encrypted) and every file of it with its table, rows, size and SHA-256 (of the
 * bytes stored). It is readable without the key; an encrypted backup's manifest ends with an HMAC-SHA256 of all the
 * lines before it, made with the backup key, so no line of it can be changed, and the files' checksums in it
 * authenticate the files. Tab-separated:
 * <pre>
 *   glimmr-postgres-backup  2
 *   name                    20260301T020000Z
 *   created                 2026-03-01T02:00:00Z
 *   schema_version          4
 *   encryption              aes-256-gcm-hkdf-sha256-segments  key_id  3f0c…   (or: encryption  none)
 *   file                    curated.hospitals  curated.hospitals.csv.gz.enc  1234  56789  9a8b… (table file rows bytes sha256)
 *   hmac-sha256             0d1e…   (encrypted backups; the last line)
 * </pre>
 */
public record BackupManifest(String name, Instant created, String schemaVersion, Optional<String> keyId, List<Entry> files) {
    public static final String FILE_NAME = "MANIFEST.tsv";
    static final String FORMAT = "glimmr-postgres-backup";
    static final int VERSION = 2;
    /** The schemas a backup holds, and so the schemas a restore replaces. */
    public static final List<String> SCHEMAS = List.of("curated", "glimmr", "api");
    private static final String MAC = "hmac-sha256";

    public BackupManifest {
        requireNonNull(name, "name is null");
        requireNonNull(created, "created is null");
        requireNonNull(schemaVersion, "schemaVersion is null");
        requireNonNull(keyId, "keyId is null");
        files = List.copyOf(files);
    }

    /** One table's file. */
    public record Entry(String table, String file, long rows, long bytes, String sha256) {
        public Entry {
            requireNonNull(table, "table is null");
            requireNonNull(file, "file is null");
            requireNonNull(sha256, "sha256 is null");
        }
    }

    public boolean encrypted() {
        return keyId.isPresent();
    }

    /** The name of a table's file in a backup. */
    public static String fileName(String table, boolean encrypted) {
        return table + (encrypted ? ".csv.gz.enc" : ".csv.gz");
    }

    /** The manifest's bytes, MACed with {@code key} when the backup is encrypted (it must be the key of {@link #keyId}). */
    public byte[] render(Optional<BackupKey> key) {
        if (key.isPresent() != encrypted() || key.isPresent() && !BackupEncryption.keyId(key.get()).equals(keyId.get())) {
            throw new IllegalArgumentException("the manifest of an " + (encrypted() ? "encrypted" : "unencrypted")
                    + " backup is rendered with " + (key.isPresent() ? "another key" : "no key"));
        }
        StringBuilder s = new StringBuilder();
        s.append(FORMAT).append('\t').append(VERSION).append('\n');
        s.append("name\t").append(name).append('\n');
        s.append("created\t").append(created).append('\n');
        s.append("schema_version\t").append(schemaVersion).append('\n');
        s.append("encryption\t").append(keyId.map(id -> BackupEncryption.SCHEME + "\tkey_id\t" + id).orElse("none")).append('\n');
        for (Entry e : files) {
            s.append("file\t").append(e.table()).append('\t').append(e.file()).append('\t').append(e.rows()).append('\t')
                    .append(e.bytes()).append('\t').append(e.sha256()).append('\n');
        }
        byte[] body = s.toString().getBytes(StandardCharsets.UTF_8);
        if (key.isEmpty()) {
            return body;
        }
        return (s + MAC + "\t" + BackupEncryption.manifestMac(key.get(), body) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads and checks the manifest of the backup in folder {@code name}: an encrypted one must carry a valid MAC of
     * {@code key}; an unencrypted one (nothing authenticates it) is refused unless {@code allowUnencrypted}. Every
     * refusal says why and what to do.
     */
    public static BackupManifest read(byte[] bytes, String name, Optional<BackupKey> key, boolean allowUnencrypted) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.startsWith("table\trows\n")) {
            throw refused(name, "was written by a Glimmr before backups were checksummed and encrypted, so its files cannot"
                    + " be checked", "restore a newer backup, or load its tables by hand (docs/operations.md)");
        }
        if (!text.startsWith(FORMAT + "\t")) {
            throw refused(name, "has a " + FILE_NAME + " that is not a Glimmr backup manifest", "restore another backup");
        }
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (lines.isEmpty() || !lines.remove(lines.size() - 1).isEmpty()) {
            throw damaged(name, "it does not end with a whole line (cut short?)");
        }
        Optional<String> claimedKeyId = lines.stream().filter(l -> l.startsWith("encryption\t")).findFirst()
                .map(l -> l.split("\t", -1)).filter(f -> f.length == 4 && f[2].equals("key_id")).map(f -> f[3]);
        if (claimedKeyId.isPresent()) {
            authenticate(name, text, lines, claimedKeyId.get(), key);
        } else if (!allowUnencrypted) {
            throw refused(name, "is not encrypted: nothing authenticates its manifest, so a backup planted or altered where"
                    + " backups are stored would be restored unnoticed", "restore it with --unencrypted if you trust where it"
                    + " is stored, or restore an encrypted backup");
        }
        return parse(name, lines);
    }

    private static void authenticate(String name, String text, List<String> lines, String claimedKeyId, Optional<BackupKey> key) {
        if (key.isEmpty()) {
            throw refused(name, "is encrypted (key id " + claimedKeyId + ") and " + GlimmrConfig.ENV_BACKUP_KEY + " is not set",
                    "set " + GlimmrConfig.ENV_BACKUP_KEY + " to the key the backup was made with");
        }
        String keyId = BackupEncryption.keyId(key.get());
        if (!keyId.equals(claimedKeyId)) {
            throw refused(name, "was made with the key of id " + claimedKeyId + ", but " + GlimmrConfig.ENV_BACKUP_KEY
                    + " holds the key of id " + keyId + " (a wrong key)", "set " + GlimmrConfig.ENV_BACKUP_KEY
                    + " to the key the backup was made with");
        }
        String last = lines.isEmpty() ? "" : lines.remove(lines.size() - 1);
        if (!last.startsWith(MAC + "\t")) {
            throw altered(name, "its last line is not its " + MAC);
        }
        byte[] body = text.substring(0, text.length() - last.length() - 1).getBytes(StandardCharsets.UTF_8);
        if (!BackupEncryption.sameMac(last.substring(MAC.length() + 1), BackupEncryption.manifestMac(key.get(), body))) {
            throw altered(name, "its " + MAC + " does not match its lines");
        }
    }

    private static BackupManifest parse(String name, List<String> lines) {
        String manifestName = null;
        Instant created = null;
        String schemaVersion = null;
        Optional<String> keyId = null;
        List<Entry> files = new ArrayList<>();
        Set<String> tables = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String[] f = lines.get(i).split("\t", -1);
            String where = "line " + (i + 1);
            switch (f[0]) {
                case FORMAT -> {
                    if (i != 0 || f.length != 2 || !f[1].equals(String.valueOf(VERSION))) {
                        throw refused(name, "has a manifest of format " + lines.get(i).replace('\t', ' ') + ", which this"
                                + " Glimmr does not read (it reads version " + VERSION + ")", "restore it with the Glimmr that made it");
                    }
                }
                case "name" -> manifestName = field(name, f, 2, where)[1];
                case "created" -> {
                    try {
                        created = Instant.parse(field(name, f, 2, where)[1]);
                    } catch (DateTimeParseException e) {
                        throw damaged(name, where + " has no time");
                    }
                }
                case "schema_version" -> {
                    schemaVersion = field(name, f, 2, where)[1];
                    if (!schemaVersion.matches("[0-9]{1,9}(\\.[0-9]{1,9})*")) {
                        throw damaged(name, where + " has '" + schemaVersion + "' where a schema version is");
                    }
                }
                case "encryption" -> {
                    if (f.length == 2 && f[1].equals("none")) {
                        keyId = Optional.empty();
                    } else if (f.length == 4 && f[1].equals(BackupEncryption.SCHEME) && f[2].equals("key_id")) {
                        keyId = Optional.of(f[3]);
                    } else {
                        throw refused(name, "is encrypted with '" + (f.length > 1 ? f[1] : "") + "', which this Glimmr does not"
                                + " know", "restore it with the Glimmr that made it");
                    }
                }
                case "file" -> {
                    field(name, f, 6, where);
                    String table = f[1];
                    if (!table.matches("(" + String.join("|", SCHEMAS) + ")\\.[a-z_][a-z0-9_]*") || !tables.add(table)) {
                        throw damaged(name, where + " names the table '" + table + "', not one a backup holds, or twice");
                    }
                    files.add(new Entry(table, f[2], number(name, f[3], where), number(name, f[4], where),
                            sha256(name, f[5], where)));
                }
                default -> throw damaged(name, where + " is not a manifest line");
            }
        }
        if (manifestName == null || created == null || schemaVersion == null || keyId == null) {
            throw damaged(name, "it lacks its name, time, schema version or encryption");
        }
        if (!manifestName.equals(name)) {
            throw refused(name, "holds the manifest of backup " + manifestName + ": its folder was renamed or copied",
                    "restore it under its own name, " + manifestName);
        }
        for (Entry e : files) {
            if (!e.file().equals(fileName(e.table(), keyId.isPresent()))) {
                throw damaged(name, "the file of " + e.table() + " is named '" + e.file() + "'");
            }
        }
        return new BackupManifest(manifestName, created, schemaVersion, keyId, files);
    }

    private static String[] field(String name, String[] f, int count, String where) {
        if (f.length != count) {
            throw damaged(name, where + " has " + f.length + " fields, not " + count);
        }
        return f;
    }

    private static long number(String name, String value, String where) {
        try {
            long n = Long.parseLong(value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw damaged(name, where + " has '" + value + "' where a count is");
    }

    private static String sha256(String name, String value, String where) {
        if (!value.matches("[0-9a-f]{64}")) {
            throw damaged(name, where + " has '" + value + "' where a SHA-256 is");
        }
        return value;
    }

    private static GlimmrException altered(String name, String why) {
        return refused(name, "has a manifest that was altered or damaged: " + why, "restore another backup (glimmr restore NAME)");
    }

    private static GlimmrException damaged(String name, String why) {
        return refused(name, "has a damaged manifest: " + why, "restore another backup (glimmr restore NAME)");
    }

    static GlimmrException refused(String name, String problem, String fix) {
        return new GlimmrException(GlimmrException.ErrorCode.INPUT, "backup " + name + " " + problem
                + "; nothing was restored. Fix: " + fix + ".");
    }
}
