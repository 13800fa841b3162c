package org.glimmr.serving.data;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.common.db.GlimmrDatabase;
import org.glimmr.serving.error.ServingException;

/**
 * Pooled access to PostgreSQL. Every statement is one prepared statement with bound parameters (the export swaps
 * whole tables in one transaction, so one statement always sees one complete data set).
 */
public final class Db implements AutoCloseable {
    /** A statement that runs longer than this is cancelled: the request fails as unavailable, never waits for ever. */
    public static final int STATEMENT_TIMEOUT_MS = 10_000;
    /**
     * How the API's connections plan ({@code -c} settings), the benchmarks' {@code pgbench} runs included. No JIT
     * compilation: the API's statements read a few dozen rows, and compiling one costs milliseconds. Generic plans
     * for prepared statements: the large curated tables are partitioned 16 ways, and a custom plan (PostgreSQL's
     * choice for them, its generic plan's estimate counting every partition) is planned again at every execution,
     * over every partition before pruning; a generic plan is planned once per connection and prunes when it runs.
     * On 6.8 M curated rows (docs/benchmarks.md) this took one hospital's prices of one code from 5,800 to 13,800
     * statements/s and a code's statistics from 14,300 to 23,100, near their speed on unpartitioned tables. The
     * statements' SQL names the filters a request sets, so a generic plan never plans for a filter that is absent.
     */
    public static final String PLANNING = "-c jit=off -c plan_cache_mode=force_generic_plan";

    /**
     * How long a request waits for its turn at a connection, and then for the connection from Hikari, before it fails
     * as unavailable.
     */
    private static final long TURN_TIMEOUT_MS = 5_000;

    private final HikariDataSource pool;
    /**
     * A turn per pooled connection, handed out first come, first served. Hikari lets a thread that asks for a
     * connection take one just given back ahead of the threads already waiting, and a waiter that loses that race
     * queues again at the back: with more requests than connections, some lost it again and again. On 5 M rates at 32
     * connections (docs/benchmarks.md) the turns took the p99 of the three main routes down by a third to a half; the
     * price is throughput at saturation on the shortest statements (a code's statistics: about a fifth fewer
     * requests/s), as every connection given back now waits for its next holder to wake up.
     */
    private final Semaphore turns;

    public Db(GlimmrDatabase database, GlimmrConfig.Api api, MeterRegistry metrics) {
        requireNonNull(database, "database is null");
        HikariConfig c = new HikariConfig();
        c.setPoolName("glimmr-api");
        c.setJdbcUrl(database.jdbcUrl());
        c.setUsername(database.user());
        database.password().ifPresent(c::setPassword);
        c.setMaximumPoolSize(api.dbPoolSize());
        c.setMinimumIdle(Math.min(2, api.dbPoolSize()));
        c.setConnectionTimeout(TURN_TIMEOUT_MS);
        c.setInitializationFailTimeout(-1);
        c.addDataSourceProperty("options", "-c statement_timeout=" + STATEMENT_TIMEOUT_MS + " " + PLANNING);
        c.addDataSourceProperty("ApplicationName", "glimmr-api");
        c.setMetricRegistry(metrics);
        this.pool = new HikariDataSource(c);
        this.turns = new Semaphore(api.dbPoolSize(), true);
    }

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    public interface ConnectionWork<T> {
        T run(Connection c) throws SQLException;
    }

    public <T> List<T> list(String sql, List<?> args, RowMapper<T> mapper) {
        return withConnection(c -> {
            try (PreparedStatement st = prepare(c, sql, args); ResultSet rs = st.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        });
    }

    public <T> Optional<T> one(String sql, List<?> args, RowMapper<T> mapper) {
        List<T> rows = list(sql, args, mapper);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    public int update(String sql, List<?> args) {
        return withConnection(c -> {
            try (PreparedStatement st = prepare(c, sql, args)) {
                return st.executeUpdate();
            }
        });
    }

    /**
     * Runs work on a pooled connection. A database failure is a {@link ServingException.ErrorCode#UNAVAILABLE} that
     * tells the client to retry; its cause is the {@link SQLException}, with what the database said.
     */
    public <T> T withConnection(ConnectionWork<T> work) {
        awaitTurn();
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw unavailable(e);
        } finally {
            turns.release();
        }
    }

    private void awaitTurn() {
        try {
            if (!turns.tryAcquire(TURN_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                throw unavailable(new SQLTransientConnectionException("no pooled connection was free within " + TURN_TIMEOUT_MS + " ms"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(new SQLTransientConnectionException("interrupted while waiting for a pooled connection"));
        }
    }

    private static ServingException unavailable(SQLException e) {
        return new ServingException(ServingException.ErrorCode.UNAVAILABLE, "the database did not answer this request."
                + " Fix: retry in a few seconds; if it persists, check /health.", e);
    }

    public static PreparedStatement prepare(Connection c, String sql, List<?> args) throws SQLException {
        PreparedStatement st = c.prepareStatement(sql);
        for (int i = 0; i < args.size(); i++) {
            st.setObject(i + 1, args.get(i));
        }
        return st;
    }

    /** Whether the database answers now (for /health). */
    public boolean answers() {
        try (Connection c = pool.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
