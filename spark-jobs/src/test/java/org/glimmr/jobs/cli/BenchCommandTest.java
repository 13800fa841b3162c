package org.glimmr.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.common.db.GlimmrDatabase;
import org.glimmr.common.testing.TestingCli;
import org.glimmr.common.testing.TestingPorts;
import org.glimmr.lakehouse.testing.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code glimmr bench ingest} and {@code glimmr bench export} through the command line, at sizes small enough for a
 * test: ingest's cases each in its own JVM, export's in the test's Spark session.
 */
@ExtendWith(SharedSpark.class)
class BenchCommandTest {
    @Test
    void roundsReportEachCasesMedianAndEveryRound(@TempDir Path dir) throws Exception {
        GlimmrConfig config = GlimmrConfig.load(Map.of("GLIMMR_DATA_DIR", dir.toString()), dir);
        Path bench = dir.resolve("bench");
        TestingCli.Result run = CommandsTest.run(config, null, "bench", "ingest", "--size", "1MB", "--layouts", "json",
                "--cases", "b,c", "--rounds", "3", "--dir", bench.toString());
        assertThat(run.exit()).as(run.err() + run.out()).isZero();
        Path report;
        try (Stream<Path> files = Files.list(bench)) {
            report = files.filter(p -> p.getFileName().toString().startsWith("ingest-benchmark-")).findFirst().orElseThrow();
        }
        String text = Files.readString(report);
        // the test JVM maps no archive of the launcher's, so neither do the JVMs that measure
        assertThat(text).contains("median of 3 rounds").contains("class-data archive of every JVM: none").contains("s of each round")
                .containsPattern("\\| json \\| \\(b\\) parse alone \\| 1 \\| [0-9.]+ \\| [0-9.]+, [0-9.]+, [0-9.]+ \\|")
                .containsPattern("\\(b\\)/\\(c\\) parse MB/s vs Jackson token scan \\(target >= 0.50\\): [0-9.]+");
    }

    @Test
    void caseGWritesTheSameRowsIntoTheIngestTableAndIsComparedWithIngest(@TempDir Path dir) throws Exception {
        GlimmrConfig config = GlimmrConfig.load(Map.of("GLIMMR_DATA_DIR", dir.toString()), dir);
        Path bench = dir.resolve("bench");
        TestingCli.Result run = CommandsTest.run(config, null, "bench", "ingest", "--size", "1MB", "--layouts", "csv_tall",
                "--cases", "g", "--dir", bench.toString());
        assertThat(run.exit()).as(run.err() + run.out()).isZero();
        Path report;
        try (Stream<Path> files = Files.list(bench)) {
            report = files.filter(p -> p.getFileName().toString().startsWith("ingest-benchmark-")).findFirst().orElseThrow();
        }
        // (g) needs (a)'s row count, so (a) ran too; (e) was not asked for
        assertThat(Files.readString(report))
                .containsPattern("\\| csv_tall \\| \\(a\\) ingest end to end into Delta \\| 2 \\| [0-9.]+ \\|")
                .containsPattern("\\| csv_tall \\| \\(g\\) as \\(e\\), into silver.standard_charges as defined \\| 2 \\| [0-9.]+ \\|")
                .containsPattern("\\(a\\)/\\(g\\) ingest rows/s vs the same write into silver.standard_charges as defined: [0-9.]+")
                .doesNotContain("(e) Spark writes");
    }

    @Test
    void zeroRoundsIsAUsageErrorThatSaysHowToFixIt(@TempDir Path dir) {
        GlimmrConfig config = GlimmrConfig.load(Map.of("GLIMMR_DATA_DIR", dir.toString()), dir);
        TestingCli.Result run = CommandsTest.run(config, null, "bench", "ingest", "--rounds", "0", "--dir", dir.toString());
        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("--rounds 0").contains("Fix:");
    }

    @Test
    void aggregateWithNoHospitalsIsAUsageErrorThatSaysHowToFixIt(@TempDir Path dir) {
        GlimmrConfig config = GlimmrConfig.load(Map.of("GLIMMR_DATA_DIR", dir.toString()), dir);
        TestingCli.Result run = CommandsTest.run(config, null, "bench", "aggregate", "--hospitals", "0,50", "--dir",
                dir.toString());
        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("hospitals must be numbers of 1 or more, got [0, 50]").contains("Fix:");
    }

    @Test
    void exportCasesCompareWithBaselinesOfTheSameRunAndTheIncrementalOneReplacesOneHospital(SharedSpark.Context ctx)
            throws Exception {
        Path bench = ctx.dataDir().resolve("bench");
        TestingCli.Result run = CommandsTest.run(ctx.config(), ctx.spark(), "bench", "export", "--hospitals", "3",
                "--hospital-size", "16KB", "--pgbench-seconds", "1", "--clients", "2", "--dir", bench.toString());
        assertThat(run.exit()).as(run.err() + run.out()).isZero();
        String report = Files.readString(only(bench, "export-benchmark-"));

        // the plain COPY tables held as many rows as the full export loaded (PostgreSQL counted them)
        long exported = rows(report, "full export \\(COPY, indexes, ANALYZE, swap\\)");
        assertThat(exported).as(report).isPositive();
        assertThat(rows(report, "plain COPY, 1 connection")).as(report).isEqualTo(exported);
        assertThat(rows(report, "plain COPY, [0-9]+ connections")).as(report).isEqualTo(exported);
        assertThat(report).containsPattern("full export rows/s ÷ plain COPY, [0-9]+ connections? rows/s \\(goal ≥ 0.50\\):"
                        + " \\*\\*[0-9.]+\\*\\*")
                .containsPattern("incremental ÷ full export time \\(goal ≤ 0.10\\): \\*\\*[0-9.]+\\*\\*")
                .containsPattern("curated.negotiated_rates of hospital \\w+ \\(Bench Hospital 0\\) replaced, [0-9,]+ rows before"
                        + " and [0-9,]+ after; the other 2 hospitals' rows untouched");
        for (String route : List.of("GET /api/v1/prices", "GET /api/v1/hospitals/{id}/prices", "GET /api/v1/codes/{t}/{c}/stats")) {
            assertThat(report).as(route).contains("| " + route + " | partitioned (16) |").contains("| " + route + " | unpartitioned |")
                    .containsPattern(Pattern.quote(route) + ": p99 partitioned ÷ unpartitioned [0-9.]+");
        }

        // and in the benchmark's database: a full export, then an incremental one that covered the one hospital, whose
        // rates now all come from its new (current) file, as every other hospital's from its own
        Path lake;
        try (Stream<Path> dirs = Files.list(bench)) {
            lake = dirs.filter(p -> p.getFileName().toString().startsWith("export-3h-")).findFirst().orElseThrow();
        }
        GlimmrConfig db = GlimmrConfig.load(Map.of("GLIMMR_DATA_DIR", lake.toString(), "GLIMMR_DB_EMBEDDED_PORT",
                String.valueOf(TestingPorts.free())), lake);
        try (GlimmrDatabase database = GlimmrDatabase.open(db); Connection c = database.connect()) {
            assertThat(strings(c, "SELECT mode || ' ' || coalesce((covered -> 'hospitals')::text, '-') FROM glimmr.export_runs"
                    + " WHERE status = 'done' ORDER BY finished_at"))
                    .containsExactly("full -", "incremental [\"" + one(c, "SELECT hospital_id FROM curated.hospitals"
                            + " WHERE hospital_name = 'Bench Hospital 0'") + "\"]");
            assertThat(one(c, "SELECT count(DISTINCT hospital_id) FROM curated.negotiated_rates")).isEqualTo("3");
            assertThat(one(c, "SELECT count(*) FROM curated.negotiated_rates r JOIN curated.hospitals h USING (hospital_id)"
                    + " WHERE r.file_sha256 IS DISTINCT FROM h.current_file_sha256")).as("rates not of their hospital's current file")
                    .isEqualTo("0");
            assertThat(one(c, "SELECT last_updated_on FROM curated.hospitals WHERE hospital_name = 'Bench Hospital 0'"))
                    .as("the new file is the hospital's current one").isEqualTo("2027-01-02");
            assertThat(one(c, "SELECT count(*) FROM pg_namespace WHERE nspname IN ('bench_plain', 'bench_flat')")).isEqualTo("0");
        }
    }

    private static Path only(Path dir, String prefix) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow();
        }
    }

    /** The rows column of a case's row in the report's tables. */
    private static long rows(String report, String caseRegex) {
        Matcher m = Pattern.compile("\\| " + caseRegex + " \\| ([0-9,]+) \\|").matcher(report);
        assertThat(m.find()).as(caseRegex + " in\n" + report).isTrue();
        return Long.parseLong(m.group(1).replace(",", ""));
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private static String one(Connection c, String sql) throws SQLException {
        List<String> values = strings(c, sql);
        assertThat(values).as(sql).hasSize(1);
        return values.get(0);
    }
}
