package org.glimmr.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.glimmr.serving.data.CodeQueries;
import org.glimmr.serving.data.CuratedLoad;
import org.glimmr.serving.data.Db;
import org.glimmr.serving.data.GroupFilter;
import org.glimmr.serving.data.Json;
import org.glimmr.serving.data.PriceQueries;
import org.glimmr.serving.data.RateFilter;
import org.junit.jupiter.api.Test;

/**
 * How the API's statements are planned on the partitioned curated tables: on generic plans (a custom plan is planned
 * again at every execution, over every partition; see {@link Db#PLANNING}), and through indexes that lead with what
 * the statement knows.
 */
class ApiPlansTest {
    @Test
    void repeatedStatementsRunOnOneGenericPlan() throws Exception {
        try (TestingApi api = TestingApi.start(); Db db = new Db(api.database, api.config.api(), new SimpleMeterRegistry())) {
            List<Object> args = new ArrayList<>();
            String sql = PriceQueries.byPriceSql(new RateFilter(Optional.of("CPT"), Optional.of("99213"), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), GroupFilter.ANY), false,
                    Optional.empty(), 21, args);
            List<Long> plans = db.withConnection(c -> {
                List<Integer> rows = new ArrayList<>();
                try (PreparedStatement st = Db.prepare(c, sql, args)) {
                    // the driver names a statement on the server from its fifth execution on: executions 5 to 8 use the plan cache
                    for (int i = 0; i < 8; i++) {
                        int n = 0;
                        try (ResultSet rs = st.executeQuery()) {
                            while (rs.next()) {
                                n++;
                            }
                        }
                        rows.add(n);
                    }
                }
                assertThat(rows.get(0)).as("the fixture's 99213 rates").isPositive();
                assertThat(rows).as("the same rows on every plan").containsOnly(rows.get(0));
                try (PreparedStatement st = c.prepareStatement("SELECT coalesce(sum(generic_plans), 0), coalesce(sum(custom_plans), 0)"
                        + " FROM pg_prepared_statements WHERE statement LIKE '%curated.negotiated_rates%'");
                     ResultSet rs = st.executeQuery()) {
                    rs.next();
                    return List.of(rs.getLong(1), rs.getLong(2));
                }
            });
            assertThat(plans.get(0)).as("executions on the generic plan").isEqualTo(4);
            assertThat(plans.get(1)).as("executions planned for their values (custom plans)").isZero();
        }
    }

    @Test
    void aFullPageOfPublishedDollarsRunsOnlyTheirStatement() throws Exception {
        // one pooled connection: the statements the driver prepared on the server are all in its session
        try (TestingApi api = TestingApi.start(Map.of("GLIMMR_API_DB_POOL_SIZE", "1"));
             Db db = new Db(api.database, api.config.api(), new SimpleMeterRegistry())) {
            PriceQueries prices = new PriceQueries(db);
            RateFilter code = new RateFilter(Optional.of("CPT"), Optional.of("99213"), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), GroupFilter.ANY);
            // the fixture's 99213 has five published dollars and two rates without one; the driver prepares a statement
            // on the server from its fifth execution on
            for (int i = 0; i < 6; i++) {
                assertThat(keys(prices.byPrice(code, false, Optional.empty(), 3))).containsExactly("h-ny-1/1", "h-or-1/3", "h-or-1/1");
            }
            assertThat(ratesStatements(db)).as("a page of three published dollars: the statement of the priced rates alone")
                    .singleElement().satisfies(sql -> assertThat(sql).contains("negotiated_dollar is not null")
                            .doesNotContain("negotiated_dollar is null"));
            for (int i = 0; i < 6; i++) {
                assertThat(keys(prices.byPrice(code, false, Optional.empty(), 7)))
                        .containsExactly("h-ny-1/1", "h-or-1/3", "h-or-1/1", "h-or-2/1", "h-or-2/2", "h-ny-1/2", "h-or-1/2");
            }
            assertThat(ratesStatements(db)).as("a page longer than the priced rates: then both, in one statement")
                    .hasSize(2).anySatisfy(sql -> assertThat(sql).contains("negotiated_dollar is not null")
                            .contains("union all").contains("negotiated_dollar is null"));
        }
    }

    private static List<String> keys(CuratedLoad.LoadedRows page) {
        return page.rows().stream().map(r -> r.get("hospital_id") + "/" + r.get("rate_id")).toList();
    }

    /** The statements on {@code curated.negotiated_rates} prepared in the session of {@code db}'s one connection. */
    private static List<String> ratesStatements(Db db) {
        return db.list("SELECT statement FROM pg_prepared_statements WHERE statement LIKE '%curated.negotiated_rates%'",
                List.of(), rs -> rs.getString(1));
    }

    @Test
    void searchForACodeDescendsAnIndexLedByTheCode() throws Exception {
        try (TestingApi api = TestingApi.start(); Db db = new Db(api.database, api.config.api(), new SimpleMeterRegistry())) {
            List<Object> args = new ArrayList<>();
            String sql = CodeQueries.searchSql("99213", Optional.empty(), 20, args);
            List<String> leading = db.withConnection(c -> {
                // the fixture's tables are tiny: without this the planner reads them whole, and no index is seen
                try (PreparedStatement st = c.prepareStatement("SET enable_seqscan = off")) {
                    st.execute();
                }
                JsonNode plan;
                try (PreparedStatement st = Db.prepare(c, "EXPLAIN (FORMAT JSON) " + sql, args); ResultSet rs = st.executeQuery()) {
                    rs.next();
                    plan = Json.parse(rs.getString(1));
                }
                List<String> columns = new ArrayList<>();
                for (JsonNode scan : plan.findParents("Index Cond")) {
                    String cond = scan.get("Index Cond").asText();
                    if (cond.contains("code =") && !cond.contains("code_type")) {
                        columns.add(scan.get("Index Name").asText() + ": " + firstColumn(c, scan.get("Index Name").asText()));
                    }
                }
                return columns;
            });
            assertThat(leading).as("each index scan for `code = ?` (the search by a code typed alone), and its first column")
                    .isNotEmpty().allSatisfy(s -> assertThat(s).endsWith(": code"));
        }
    }

    private static String firstColumn(Connection c, String index) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT a.attname FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid"
                + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] WHERE x.relname = ?")) {
            st.setString(1, index);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : "(none)";
            }
        }
    }
}
