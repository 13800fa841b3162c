package org.glimmr.jobs.maintain;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The PostgreSQL tables a backup holds and a restore replaces, read from the catalog: every table of the schemas of
 * {@link BackupManifest#SCHEMAS} (a partitioned table whole, through its parent; not its partitions), except Flyway's
 * history, which the migrations write.
 */
final class BackupTables {
    /** Flyway's history table, as {@code GlimmrDatabase.migrate()} names it: the schema version, not data. */
    static final String SCHEMA_HISTORY = "glimmr.schema_history";

    private BackupTables() {}

    /** Schema-qualified names, sorted. */
    static List<String> list(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT n.nspname || '.' || t.relname FROM pg_class t"
                + " JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = ANY (?) AND t.relkind IN ('r', 'p')"
                + " AND NOT t.relispartition ORDER BY 1")) {
            ps.setArray(1, c.createArrayOf("text", BackupManifest.SCHEMAS.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!rs.getString(1).equals(SCHEMA_HISTORY)) {
                        tables.add(rs.getString(1));
                    }
                }
            }
        }
        return tables;
    }

    /** The columns a table stores (not generated ones), in order. */
    static List<String> columns(Connection c, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT attname FROM pg_attribute WHERE attrelid = ?::regclass"
                + " AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        return columns;
    }

    /** The version of the last migration applied, e.g. {@code 4}; empty when none is. */
    static Optional<String> schemaVersion(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM " + SCHEMA_HISTORY
                + " WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    /** A table name as SQL: each part quoted. */
    static String sql(String table) {
        int dot = table.indexOf('.');
        return quote(table.substring(0, dot)) + "." + quote(table.substring(dot + 1));
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
