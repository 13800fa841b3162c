package org.glimmr.jobs.bench;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The aggregate benchmark's baseline: DuckDB computes {@code gold.hospital_code_prices} and
 * {@code gold.code_price_stats} from the very Parquet files of silver that Glimmr's aggregate read (the live files
 * of {@code silver.standard_charges} and {@code silver.hospitals}), with the canonical payers of
 * {@code silver.payer_names} as Glimmr's run wrote it, and writes both to Parquet. Same grouping (code, setting,
 * billing class, modifiers; payer x state grouping sets), the same measures, exact percentiles
 * ({@code quantile_cont}, the same linear interpolation as Glimmr's).
 *
 * <p>DuckDB ({@code org.duckdb:duckdb_jdbc}) is a runtime dependency of the benchmark only: it is loaded through JDBC
 * ({@code jdbc:duckdb:}), no class of Glimmr names it, and it is not in the cluster jar.
 */
final class DuckDbAggregate {
    /** The live Parquet files of each silver table DuckDB reads. */
    record Inputs(List<String> charges, List<String> hospitals, List<String> payerNames) {
        Inputs {
            charges = List.copyOf(charges);
            hospitals = List.copyOf(hospitals);
            payerNames = List.copyOf(payerNames);
        }

        void write(Path file) throws IOException {
            List<String> lines = new ArrayList<>();
            charges.forEach(f -> lines.add("charges " + f));
            hospitals.forEach(f -> lines.add("hospitals " + f));
            payerNames.forEach(f -> lines.add("payer_names " + f));
            Files.write(file, lines, StandardCharsets.UTF_8);
        }

        static Inputs read(Path file) throws IOException {
            Map<String, List<String>> by = new LinkedHashMap<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int space = line.indexOf(' ');
                by.computeIfAbsent(line.substring(0, space), k -> new ArrayList<>()).add(line.substring(space + 1));
            }
            return new Inputs(by.getOrDefault("charges", List.of()), by.getOrDefault("hospitals", List.of()),
                    by.getOrDefault("payer_names", List.of()));
        }
    }

    /** What DuckDB read and wrote. */
    record Output(long silverRows, long prices, long stats) {}

    static final String PRICES_FILE = "hospital_code_prices.parquet";
    static final String STATS_FILE = "code_price_stats.parquet";

    private static final String GROUP = "code_type, code, setting, billing_class, modifiers";

    private DuckDbAggregate() {}

    /**
     * Computes both tables into {@code out} with {@code threads} threads and at most {@code memoryLimit} of memory
     * (DuckDB's syntax, e.g. {@code 6GB}), spilling under {@code out}.
     */
    static Output run(Inputs inputs, Path out, int threads, String memoryLimit) throws SQLException, IOException {
        requireNonNull(inputs, "inputs is null");
        Files.createDirectories(out.resolve("spill"));
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement sql = connection.createStatement()) {
            sql.execute("SET threads = " + threads);
            sql.execute("SET memory_limit = '" + memoryLimit + "'");
            sql.execute("SET temp_directory = '" + out.resolve("spill") + "'");
            sql.execute("SET preserve_insertion_order = false");
            sql.execute("CREATE VIEW charges AS SELECT * FROM read_parquet(" + list(inputs.charges()) + ")");
            sql.execute("CREATE VIEW hospitals AS SELECT * FROM read_parquet(" + list(inputs.hospitals()) + ")");
            sql.execute("CREATE VIEW payer_names AS SELECT * FROM read_parquet(" + list(inputs.payerNames()) + ")");
            for (String statement : statements()) {
                sql.execute(statement);
            }
            sql.execute("COPY prices TO '" + out.resolve(PRICES_FILE) + "' (FORMAT parquet)");
            sql.execute("COPY (SELECT " + GROUP + ", payer, geography, measure, hospitals, rates, min,"
                    + " CAST(q[1] AS DECIMAL(20, 6)) AS p10, CAST(q[2] AS DECIMAL(20, 6)) AS p25,"
                    + " CAST(q[3] AS DECIMAL(20, 6)) AS median, CAST(q[4] AS DECIMAL(20, 6)) AS p75,"
                    + " CAST(q[5] AS DECIMAL(20, 6)) AS p90, max, mean FROM stats) TO '" + out.resolve(STATS_FILE)
                    + "' (FORMAT parquet)");
            return new Output(count(sql, "charges"), count(sql, "prices"), count(sql, "stats"));
        }
    }

    /**
     * The statements after the inputs' views, in order: every charge row with its state, canonical payer, comparable
     * group and derived dollar ({@code rows}); per-hospital prices ({@code prices}); statistics ({@code stats}, the
     * five percentiles as a list {@code q}). Each mirrors the Glimmr step of the same table.
     */
    static List<String> statements() {
        String rows = """
                CREATE TEMP TABLE rows AS
                SELECT c.hospital_id, h.license_state AS state, c.code_type, c.code, c.setting,
                       coalesce(lower(trim(c.billing_class)), 'unknown') AS billing_class,
                       array_to_string(list_sort(list_distinct(list_transform(
                           list_filter(coalesce(c.modifiers, []::VARCHAR[]), lambda m: m IS NOT NULL AND trim(m) <> ''),
                           lambda m: upper(trim(m))))), ',') AS modifiers,
                       c.description, c.gross_charge, c.discounted_cash, c.minimum, c.maximum, c.plan_name,
                       c.negotiated_dollar, c.negotiated_percentage, c.negotiated_algorithm,
                       CASE WHEN c.payer_name IS NULL THEN NULL
                            ELSE coalesce(p.canonical_payer, 'unmatched:' || coalesce(p.normalized_name, c.payer_name))
                       END AS payer,
                       CASE WHEN c.payer_name IS NOT NULL AND c.negotiated_dollar IS NULL
                                 AND c.negotiated_percentage IS NOT NULL AND c.gross_charge IS NOT NULL
                            THEN CAST(c.gross_charge * c.negotiated_percentage * 0.01 AS DECIMAL(20, 6))
                       END AS derived_dollar
                FROM charges c
                LEFT JOIN hospitals h ON h.hospital_id = c.hospital_id
                LEFT JOIN payer_names p ON p.payer_name = c.payer_name""";
        String prices = """
                CREATE TEMP TABLE prices AS
                SELECT hospital_id, any_value(state) AS state, %1$s,
                       arg_min(description, {'len': length(description), 'text': description}) AS description,
                       max(gross_charge) AS gross_charge, min(discounted_cash) AS discounted_cash,
                       min(minimum) AS minimum, max(maximum) AS maximum,
                       min(negotiated_dollar) FILTER (WHERE payer IS NOT NULL) AS negotiated_min,
                       CAST(quantile_cont(CAST(negotiated_dollar AS DOUBLE), 0.5) FILTER (WHERE payer IS NOT NULL)
                            AS DECIMAL(20, 6)) AS negotiated_median,
                       max(negotiated_dollar) FILTER (WHERE payer IS NOT NULL) AS negotiated_max,
                       min(derived_dollar) AS derived_min, max(derived_dollar) AS derived_max,
                       count(DISTINCT payer) AS payers,
                       count(DISTINCT {'payer': payer, 'plan': coalesce(plan_name, '')}) FILTER (WHERE payer IS NOT NULL)
                           AS plans,
                       count(*) FILTER (WHERE payer IS NOT NULL AND negotiated_dollar IS NOT NULL) AS dollar_rates,
                       count(*) FILTER (WHERE payer IS NOT NULL AND negotiated_dollar IS NULL
                                        AND negotiated_percentage IS NOT NULL) AS percentage_rates,
                       count(*) FILTER (WHERE payer IS NOT NULL AND negotiated_dollar IS NULL
                                        AND negotiated_percentage IS NULL AND negotiated_algorithm IS NOT NULL)
                           AS algorithm_rates
                FROM rows WHERE code IS NOT NULL
                GROUP BY hospital_id, %1$s""".formatted(GROUP);
        String stats = """
                CREATE TEMP TABLE stats AS
                WITH v AS (
                  SELECT %1$s, 'negotiated_dollar' AS measure, payer, coalesce(state, '') AS state, hospital_id,
                         negotiated_dollar AS v
                  FROM rows WHERE payer IS NOT NULL AND negotiated_dollar IS NOT NULL AND code IS NOT NULL
                  UNION ALL
                  SELECT %1$s, 'derived_dollar', payer, coalesce(state, ''), hospital_id, derived_dollar
                  FROM rows WHERE payer IS NOT NULL AND derived_dollar IS NOT NULL AND code IS NOT NULL
                  UNION ALL
                  SELECT %1$s, 'gross_charge', '', coalesce(state, ''), hospital_id, gross_charge
                  FROM prices WHERE gross_charge IS NOT NULL
                  UNION ALL
                  SELECT %1$s, 'discounted_cash', '', coalesce(state, ''), hospital_id, discounted_cash
                  FROM prices WHERE discounted_cash IS NOT NULL)
                SELECT %1$s,
                       CASE WHEN grouping(payer) = 1 THEN '*' ELSE payer END AS payer,
                       CASE WHEN grouping(state) = 1 THEN 'US' ELSE state END AS geography,
                       measure, count(DISTINCT hospital_id) AS hospitals, count(*) AS rates, min(v) AS min,
                       quantile_cont(CAST(v AS DOUBLE), [0.1, 0.25, 0.5, 0.75, 0.9]) AS q, max(v) AS max,
                       CAST(sum(v) / count(*) AS DECIMAL(20, 6)) AS mean
                FROM v
                GROUP BY GROUPING SETS ((%1$s, measure, payer, state), (%1$s, measure, state),
                                        (%1$s, measure, payer), (%1$s, measure))
                HAVING (grouping(state) = 1 OR state <> '') AND (grouping(payer) = 1 OR payer <> '')""".formatted(GROUP);
        return List.of(rows, prices, stats);
    }

    private static long count(Statement sql, String table) throws SQLException {
        try (ResultSet r = sql.executeQuery("SELECT count(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static String list(List<String> files) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no Parquet files to read");
        }
        return files.stream().map(f -> "'" + f.replace("'", "''") + "'").collect(Collectors.joining(", ", "[", "]"));
    }
}
