package org.glimmr.common.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.common.testing.TestingPorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database of the schema before partitioning (migrations up to V3), with data the API serves, brought up to date:
 * the rows move into the partitioned tables, and the new columns and keys are in place.
 */
class CuratedSchemaMigrationTest {
    @TempDir
    Path dir;

    @Test
    void anExistingCuratedSchemaMovesIntoThePartitionedTables() throws Exception {
        GlimmrConfig config = GlimmrConfig.load(Map.of("GLIMMR_DB_EMBEDDED_PORT", String.valueOf(TestingPorts.free())), dir);
        try (GlimmrDatabase db = GlimmrDatabase.open(config)) {
            // the same server, back to the schema of V3
            execute(db, "DROP SCHEMA curated CASCADE", "DROP SCHEMA glimmr CASCADE", "DROP SCHEMA api CASCADE");
            Flyway.configure().dataSource(db.jdbcUrl(), db.user(), null).locations("classpath:db/migration")
                    .schemas("glimmr").table("schema_history").target("3").load().migrate();
            execute(db,
                    "INSERT INTO curated.negotiated_rates (rate_id, hospital_id, state, code_type, code, payer, negotiated_dollar)"
                            + " VALUES (41, 'h-ca-1', 'CA', 'CPT', '99213', 'aetna', 120.5), (42, 'h-tx-1', 'TX', 'CPT', '99213', 'aetna', 99)",
                    "INSERT INTO curated.hospital_code_prices (hospital_id, state, code_type, code, setting, description)"
                            + " VALUES ('h-ca-1', 'CA', 'CPT', '99213', 'outpatient', 'Office visit')",
                    "INSERT INTO curated.code_price_stats (code_type, code, setting, payer, geography, measure, hospitals, rates)"
                            + " VALUES ('CPT', '99213', 'outpatient', '*', 'US', 'negotiated_dollar', 2, 2)");

            db.migrate();

            assertThat(rows(db, "SELECT hospital_id || ' ' || rate_id || ' ' || negotiated_dollar || ' ' || coalesce(modifiers, 'null')"
                    + " FROM curated.negotiated_rates ORDER BY 1")).containsExactly("h-ca-1 41 120.500000 null", "h-tx-1 42 99.000000 null");
            assertThat(rows(db, "SELECT description FROM curated.hospital_code_prices")).containsExactly("Office visit");
            assertThat(rows(db, "SELECT hospitals || ' ' || coalesce(billing_class, 'null') FROM curated.code_price_stats"))
                    .containsExactly("2 null");
            for (String table : List.of("negotiated_rates", "hospital_code_prices", "code_price_stats")) {
                assertThat(rows(db, "SELECT count(*) FROM pg_inherits WHERE inhparent = 'curated." + table + "'::regclass"))
                        .as("%s partitions", table).containsExactly("16");
            }
            assertThat(rows(db, "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'curated.negotiated_rates'::regclass"
                    + " AND contype = 'p'")).containsExactly("PRIMARY KEY (hospital_id, rate_id)");
            // a hospital's rows are in one partition
            assertThat(rows(db, "SELECT count(DISTINCT tableoid) FROM curated.negotiated_rates WHERE hospital_id = 'h-ca-1'"))
                    .containsExactly("1");
        }
    }

    private static void execute(GlimmrDatabase db, String... statements) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    private static List<String> rows(GlimmrDatabase db, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
