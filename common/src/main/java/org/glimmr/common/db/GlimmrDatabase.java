package org.glimmr.common.db;

import static java.util.Objects.requireNonNull;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.common.GlimmrException;

/**
 * The curated PostgreSQL database: either the one configured by {@code glimmr.db.url}, or the embedded PostgreSQL
 * whose data lives under the data directory ({@code <data>/postgres}) and so persists between runs.
 *
 * <p>When the embedded server is already running (say {@code ./glimmr serve} in another terminal while an export
 * runs), this connects to it instead of starting a second one. Every open runs the Flyway migrations of
 * {@code db/migration}, the one source of truth of the schema.
 */
public final class GlimmrDatabase implements AutoCloseable {
    public static final String EMBEDDED_DATABASE = "glimmr";
    private static final String EMBEDDED_USER = "postgres";

    private final String jdbcUrl;
    private final String user;
    private final Optional<String> password;
    private final EmbeddedPostgres embedded;

    private GlimmrDatabase(String jdbcUrl, String user, Optional<String> password, EmbeddedPostgres embedded) {
        this.jdbcUrl = requireNonNull(jdbcUrl, "jdbcUrl is null");
        this.user = requireNonNull(user, "user is null");
        this.password = requireNonNull(password, "password is null");
        this.embedded = embedded;
    }

    /** Opens (starting the embedded server when configured and not running) and migrates the database. */
    public static GlimmrDatabase open(GlimmrConfig config) {
        GlimmrConfig.Database db = config.database();
        GlimmrDatabase database;
        if (db.jdbcUrl().isPresent()) {
            database = new GlimmrDatabase(db.jdbcUrl().get(), db.user(), db.password(), null);
        } else {
            database = openEmbedded(config.dataDir().resolve("postgres"), db.embeddedPort());
        }
        try {
            database.migrate();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    private static GlimmrDatabase openEmbedded(Path dataDir, int port) {
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/" + EMBEDDED_DATABASE;
        if (answers(url)) {
            return new GlimmrDatabase(url, EMBEDDED_USER, Optional.empty(), null);
        }
        EmbeddedPostgres server;
        try {
            Files.createDirectories(dataDir);
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new GlimmrException(GlimmrException.ErrorCode.DATABASE,
                    "could not start the embedded PostgreSQL (data in " + dataDir + ", port " + port + "): " + e.getMessage()
                            + ". Fix: free port " + port + " or set " + GlimmrConfig.DB_EMBEDDED_PORT
                            + " (environment " + GlimmrConfig.envName(GlimmrConfig.DB_EMBEDDED_PORT) + ") to another port;"
                            + " if the server was killed, remove " + dataDir.resolve("postmaster.pid"), e);
        }
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            var rs = st.executeQuery("select 1 from pg_database where datname = '" + EMBEDDED_DATABASE + "'");
            if (!rs.next()) {
                st.execute("create database " + EMBEDDED_DATABASE);
            }
        } catch (SQLException e) {
            closeQuietly(server);
            throw new GlimmrException(GlimmrException.ErrorCode.DATABASE,
                    "the embedded PostgreSQL started but the database '" + EMBEDDED_DATABASE + "' could not be created: "
                            + e.getMessage(), e);
        }
        return new GlimmrDatabase(url, EMBEDDED_USER, Optional.empty(), server);
    }

    private static boolean answers(String url) {
        Properties p = new Properties();
        p.setProperty("user", EMBEDDED_USER);
        p.setProperty("connectTimeout", "2");
        try (Connection c = DriverManager.getConnection(url, p)) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Runs the schema migrations; idempotent. */
    public void migrate() {
        try {
            Flyway.configure()
                    .dataSource(jdbcUrl, user, password.orElse(null))
                    .locations("classpath:db/migration")
                    .schemas("glimmr")
                    .table("schema_history")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new GlimmrException(GlimmrException.ErrorCode.DATABASE,
                    "could not bring the PostgreSQL schema at " + jdbcUrl + " up to date: " + e.getMessage()
                            + ". Fix: check that the database answers and that user '" + user
                            + "' may create schemas and tables there", e);
        }
    }

    /** A new connection; the caller closes it. */
    public Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        password.ifPresent(pw -> p.setProperty("password", pw));
        return DriverManager.getConnection(jdbcUrl, p);
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String user() {
        return user;
    }

    /** The password, if any; never log it. */
    public Optional<String> password() {
        return password;
    }

    /** Whether this process started the embedded server (and stops it on close). */
    public boolean ownsEmbeddedServer() {
        return embedded != null;
    }

    @Override
    public void close() {
        if (embedded != null) {
            closeQuietly(embedded);
        }
    }

    private static void closeQuietly(EmbeddedPostgres server) {
        try {
            server.close();
        } catch (IOException e) {
            // stopping is best effort: the next start recovers the data directory
        }
    }

    @Override
    public String toString() {
        return "GlimmrDatabase[" + jdbcUrl + (embedded != null ? ", embedded" : "") + "]";
    }
}
