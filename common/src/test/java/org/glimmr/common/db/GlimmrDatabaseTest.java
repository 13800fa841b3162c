package org.glimmr.common.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.common.testing.TestingPorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlimmrDatabaseTest {

    @TempDir
    Path dir;

    @Test
    void embeddedDatabaseIsMigratedPersistsAndIsSharedWhileRunning() throws Exception {
        GlimmrConfig config = GlimmrConfig.load(Map.of("GLIMMR_DB_EMBEDDED_PORT", String.valueOf(TestingPorts.free())), dir);
        try (GlimmrDatabase db = GlimmrDatabase.open(config)) {
            assertThat(db.ownsEmbeddedServer()).isTrue();
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                st.execute("insert into curated.payers (payer, payer_name) values ('aetna', 'Aetna')");
            }
            // a second process (here: a second open) finds the running server and uses it
            try (GlimmrDatabase second = GlimmrDatabase.open(config)) {
                assertThat(second.ownsEmbeddedServer()).isFalse();
                assertThat(count(second, "select count(*) from curated.payers")).isEqualTo(1);
            }
            assertThat(count(db, "select count(*) from glimmr.schema_history where success")).isGreaterThanOrEqualTo(1);
        }
        assertThat(dir.resolve("data/postgres/PG_VERSION")).exists();
        // stopped and started again: the data is still there and migrating again changes nothing
        try (GlimmrDatabase db = GlimmrDatabase.open(config)) {
            assertThat(db.ownsEmbeddedServer()).isTrue();
            assertThat(count(db, "select count(*) from curated.payers")).isEqualTo(1);
        }
    }

    static long count(GlimmrDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
