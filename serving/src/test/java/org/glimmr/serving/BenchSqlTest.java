package org.glimmr.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.glimmr.serving.data.Db;
import org.glimmr.serving.data.GroupFilter;
import org.glimmr.serving.data.PriceQueries;
import org.glimmr.serving.data.RateFilter;
import org.junit.jupiter.api.Test;

/**
 * The load benchmark's pgbench script runs exactly the statement /api/v1/prices runs for a page of published dollars
 * (first page, limit 20; every benchmark code has thousands), planned as the API's connections plan it.
 */
class BenchSqlTest {
    @Test
    void pgbenchScriptIsThePricesStatement() throws Exception {
        Path script = Path.of(System.getProperty("glimmr.project.dir", "..")).resolve("serving/bench/prices.sql");
        List<Object> args = new ArrayList<>();
        String sql = PriceQueries.pricedSql(new RateFilter(Optional.of("CPT"), Optional.of("1000"), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), GroupFilter.ANY), false, Optional.empty(), 21, args);
        for (String name : List.of(":code_type", ":code", ":lim", ":lim")) {
            sql = sql.replaceFirst("\\?", name);
        }
        assertThat(args).containsExactly("CPT", "1000", 21, 21);
        List<String> lines = Files.readAllLines(script);
        assertThat(lines.get(0)).startsWith("\\set code ");
        assertThat(lines.get(1)).isEqualTo(sql + ";");
    }

    @Test
    void pgbenchPlansAsTheApiDoes() throws Exception {
        Path load = Path.of(System.getProperty("glimmr.project.dir", "..")).resolve("serving/bench/load.sh");
        assertThat(Files.readString(load)).as("load.sh runs pgbench with the API connections' settings")
                .contains("PGOPTIONS=\"" + Db.PLANNING + "\" pgbench ");
    }
}
