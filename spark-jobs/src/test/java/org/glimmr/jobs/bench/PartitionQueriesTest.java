package org.glimmr.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.glimmr.serving.data.GroupFilter;
import org.glimmr.serving.data.PriceQueries;
import org.glimmr.serving.data.RateFilter;
import org.junit.jupiter.api.Test;

/** The statements the partition case times are the API's own; here without a database. */
class PartitionQueriesTest {
    @Test
    void pricesRouteRunsTheApisStatement() {
        List<Object> args = new ArrayList<>();
        RateFilter filter = new RateFilter(Optional.of("CPT"), Optional.of("99213"), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), GroupFilter.ANY);
        String api = PriceQueries.pricedSql(filter, false, Optional.empty(), 21, args);
        String bench = PartitionQueries.ROUTES.get(0).statement().replace("%s", PartitionQueries.CURATED);
        // pgbench names its parameters (:code_type, :lim); the API binds them in the same places
        assertThat(folded(bench.replaceAll(":[a-z_]+", "?"))).as("the bench's copy of PriceQueries.pricedSql")
                .isEqualTo(folded(api));
        assertThat(args).containsExactly("CPT", "99213", 21, 21);
    }

    @Test
    void pgbenchPlansAsTheApiDoes() {
        assertThat(PartitionQueries.API_PLANNING).as("the settings pgbench runs with are the API connections'")
                .isEqualTo(org.glimmr.serving.data.Db.PLANNING);
    }

    @Test
    void percentileIsTheNearestRank() {
        List<Long> sorted = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(PartitionQueries.percentile(sorted, 0.50)).isEqualTo(5);
        assertThat(PartitionQueries.percentile(sorted, 0.99)).isEqualTo(10);
        assertThat(PartitionQueries.percentile(List.of(), 0.99)).isZero();
    }

    private static String folded(String sql) {
        return sql.replaceAll("\\s+", " ").trim();
    }
}
