package org.glimmr.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkException;
import org.glimmr.common.testing.TestingCli;
import org.glimmr.jobs.Glimmr;
import org.glimmr.lakehouse.testing.SharedSpark;
import org.glimmr.mrf.Layout;
import org.glimmr.mrf.LocalByteSource;
import org.glimmr.mrf.Mrf;
import org.glimmr.mrf.MrfFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The commands through their real entry point, {@link Glimmr#commandLine}, in this JVM with the shared session. */
@ExtendWith(SharedSpark.class)
class CommandsTest {
    static TestingCli.Result run(SharedSpark.Context ctx, String... args) {
        return run(ctx.config(), ctx.spark(), args);
    }

    /** Runs a command line in this JVM with a given configuration and session. */
    static TestingCli.Result run(org.glimmr.common.GlimmrConfig config, org.apache.spark.sql.SparkSession spark, String... args) {
        return TestingCli.run(Glimmr.commandLine(new Glimmr(config, spark)), args);
    }

    @Test
    void demoIngestsTheSamplesAndShowsWhereToLook(SharedSpark.Context ctx) {
        Path home = Path.of(System.getProperty("glimmr.project.dir"));
        String previous = System.getProperty("glimmr.home");
        System.setProperty("glimmr.home", home.toString());
        try {
            TestingCli.Result demo = run(ctx, "demo");
            assertThat(demo.exit()).as(demo.err()).isZero();
            assertThat(demo.out()).contains("6 files seen").contains("6 ok, 0 partial, 0 rejected")
                    .contains("rejected rows: 0").contains("./glimmr sql");
        } finally {
            if (previous == null) {
                System.clearProperty("glimmr.home");
            } else {
                System.setProperty("glimmr.home", previous);
            }
        }
        // every sample layout and version reached silver; the three v3 files are the hospitals' current ones
        List<String> current = ctx.spark().sql("SELECT DISTINCT layout || ' ' || template_version FROM delta.`"
                + org.glimmr.lakehouse.LakehouseTables.STANDARD_CHARGES.location(ctx.config().lakehouseRoot()) + "`")
                .collectAsList().stream().map(r -> r.getString(0)).toList();
        assertThat(current).containsExactlyInAnyOrder("csv_tall 3.0.0", "csv_wide 3.0.0", "json 3.0.0");
        TestingCli.Result sql = run(ctx, "sql", "-e", "select count(*) as files from bronze.mrf_files where status = 'ok'", "--format", "csv");
        assertThat(sql.out().lines()).containsExactly("files", "6");
    }

    @Test
    void aMistakeInTheUsersQueryIsOneMessageAndOnlyABugAsksForAReport(SharedSpark.Context ctx) {
        assertThat(run(ctx, "tables", "create").exit()).isZero();
        TestingCli.Result insert = run(ctx, "sql", "-e",
                "insert into silver.standard_charges (file_sha256, hospital_id, codes) values ('f1', 'h1', array())");
        assertThat(insert.exit()).as(insert.err()).isZero();

        // each raised by Spark while the query runs or is read; each the user's to fix
        Map<String, String> mistakes = new LinkedHashMap<>();
        mistakes.put("select codes[0] from silver.standard_charges", "[INVALID_ARRAY_INDEX]");
        mistakes.put("select 1 / (id - id) from range(3)", "[DIVIDE_BY_ZERO]");
        mistakes.put("select cast(concat('x', id) as int) from range(3)", "[CAST_INVALID_INPUT]");
        mistakes.put("select 2147483647 + cast(id as int) + 1 from range(1)", "[ARITHMETIC_OVERFLOW]");
        mistakes.put("select (select id from range(2))", "[SCALAR_SUBQUERY_TOO_MANY_ROWS]");
        mistakes.put("select raise_error('stop here')", "stop here");
        mistakes.put("select nope from silver.standard_charges", "[UNRESOLVED_COLUMN");
        mistakes.put("selec 1", "[PARSE_SYNTAX_ERROR]");
        for (Map.Entry<String, String> m : mistakes.entrySet()) {
            TestingCli.Result r = run(ctx, "sql", "-e", m.getKey());
            assertThat(r.exit()).as(m.getKey() + ": " + r.err()).isEqualTo(64);
            assertThat(r.err()).as(m.getKey()).startsWith("glimmr: error: ").contains(m.getValue()).contains("Fix the query")
                    .doesNotContain("internal error").doesNotContain("\tat ");
        }

        assertThat(UserErrors.of(SparkException.internalError("a broken plan"))).as("Spark's own bug").isNull();
        assertThat(UserErrors.of(new IllegalStateException("ours"))).as("our bug").isNull();
        assertThat(UserErrors.of(new SparkException("job aborted", new IllegalStateException("ours")))).as("a task's bug").isNull();
    }

    @Test
    void generateWritesAFileOurParserReadsAsTheLayoutAsked(SharedSpark.Context ctx) throws Exception {
        Path file = ctx.dataDir().resolve("gen/wide.csv");
        Files.createDirectories(file.getParent());
        TestingCli.Result gen = run(ctx, "generate", "--layout", "csv_wide", "--version", "2.0.0", "--size", "300KB", "--payers", "20",
                "--plans", "4", "--seed", "9", "-o", file.toString());
        assertThat(gen.exit()).as(gen.err()).isZero();
        assertThat(gen.out()).contains("canonical rows");
        assertThat(Files.size(file)).isBetween(250_000L, 360_000L);
        MrfFile mrf = Mrf.open(new LocalByteSource(file));
        assertThat(mrf.layout()).isEqualTo(Layout.CSV_WIDE);
        assertThat(mrf.header().orElseThrow().templateVersion()).isEqualTo("2.0.0");

        TestingCli.Result bad = run(ctx, "generate", "--layout", "json", "--size", "lots", "-o", file.toString());
        assertThat(bad.exit()).isEqualTo(64);
        assertThat(bad.err()).contains("--size 'lots'").contains("Fix:");
    }
}
