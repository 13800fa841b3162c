package org.glimmr.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.glimmr.common.testing.TestingJvm;
import org.glimmr.jobs.Glimmr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the glimmr command line in fresh JVMs, as a user does: nothing is shared between the processes but the data directory. */
class GlimmrCliTest {
    @TempDir
    Path dir;

    private TestingJvm.Result glimmr(Map<String, String> env, String... args) {
        return glimmrWithInput(env, "", args);
    }

    private TestingJvm.Result glimmrWithInput(Map<String, String> env, String stdin, String... args) {
        Map<String, String> all = new HashMap<>(env);
        all.putIfAbsent("GLIMMR_DATA_DIR", dir.resolve("data").toString());
        return TestingJvm.of(Glimmr.class, dir, all, args).run(stdin);
    }

    @Test
    void tablesCreatedInOneProcessAreQueriedByNameInTheNext() throws Exception {
        TestingJvm.Result create = glimmr(Map.of(), "tables", "create");
        assertThat(create.exit()).as(create.err()).isZero();
        assertThat(create.out()).contains("created silver.standard_charges");

        TestingJvm.Result show = glimmr(Map.of(), "sql", "-e", "show tables in silver", "--format", "csv");
        assertThat(show.exit()).as(show.err()).isZero();
        assertThat(show.out().lines()).contains("silver,standard_charges,false");

        TestingJvm.Result json = glimmr(Map.of(), "sql", "-e", "select count(*) as n from silver.standard_charges", "--format", "json");
        assertThat(json.out().strip()).isEqualTo("{\"n\":0}");

        TestingJvm.Result prompt = glimmrWithInput(Map.of(), "select count(*) as n\n  from silver.file_findings;\nselect nonsense from;\nexit\n", "sql");
        assertThat(prompt.exit()).as(prompt.err()).isZero();
        assertThat(prompt.out()).contains("glimmr-sql>").contains("| n |").contains("| 0 |").contains("error:");

        TestingJvm.Result bad = glimmr(Map.of(), "sql", "-e", "select * from silver.no_such_table");
        assertThat(bad.exit()).isEqualTo(64);
        assertThat(bad.err()).contains("glimmr: error:").contains("no_such_table").doesNotContain("\tat org.");

        // a table as an older Glimmr made it (no statistics columns): tables create brings it up to its definition
        TestingJvm.Result unset = glimmr(Map.of(), "sql", "-e",
                "ALTER TABLE silver.standard_charges UNSET TBLPROPERTIES ('delta.dataSkippingStatsColumns')");
        assertThat(unset.exit()).as(unset.err()).isZero();
        TestingJvm.Result again = glimmr(Map.of(), "tables", "create");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).contains("0 tables created")
                .contains("set silver.standard_charges: delta.dataSkippingStatsColumns=file_sha256,hospital_id,code,")
                .doesNotContain("set silver.rejected_rows");
    }

    @Test
    void aMistakeInTheUsersQueryIsOneMessageNotABugReport() throws Exception {
        TestingJvm.Result create = glimmr(Map.of(), "tables", "create");
        assertThat(create.exit()).as(create.err()).isZero();

        // a charge whose item has no codes: codes[0] fails while the query runs, in a Spark task
        TestingJvm.Result index = glimmr(Map.of(), "sql", "-e", "insert into silver.standard_charges (file_sha256, hospital_id, codes)"
                + " values ('f1', 'h1', array()); select codes[0] from silver.standard_charges");
        assertThat(index.exit()).as(index.err()).isEqualTo(64);
        String err = withoutSlf4jNotes(index.err());
        assertThat(err).startsWith("glimmr: error: [INVALID_ARRAY_INDEX]").contains("Fix the query")
                .doesNotContain("internal error").doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(err.lines().count()).as(err).isLessThan(10);

        // the prompt answers each mistake with one line and goes on
        TestingJvm.Result prompt = glimmrWithInput(Map.of(), "select 1 / (id - id) from range(3);\n"
                + "select cast(concat('x', id) as int) from range(3);\nselect count(*) as n from silver.standard_charges;\nexit\n", "sql");
        assertThat(prompt.exit()).as(prompt.err()).isZero();
        assertThat(prompt.out()).contains("error: [DIVIDE_BY_ZERO]").contains("error: [CAST_INVALID_INPUT]").contains("| 1 |")
                .doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(prompt.err()).doesNotContain("\tat ");
    }

    /** Standard error without SLF4J's notes on the test class path's two logging providers (the launcher's has one). */
    private static String withoutSlf4jNotes(String err) {
        return err.lines().filter(l -> !l.startsWith("SLF4J(")).collect(java.util.stream.Collectors.joining("\n"));
    }

    @Test
    void wrongConfigurationStopsWithTheKeyAndTheFixNotAStackTrace() throws Exception {
        TestingJvm.Result scheme = glimmr(Map.of("GLIMMR_LAKEHOUSE_ROOT", "s3://bucket/lake"), "tables", "list");
        assertThat(scheme.exit()).isEqualTo(2);
        assertThat(scheme.err()).contains("glimmr.lakehouse.root").contains("s3a://bucket/lake").doesNotContain("\tat ");
        assertThat(scheme.out()).as("only the error, no table header before it").isEmpty();

        TestingJvm.Result unreachable = glimmr(Map.of("GLIMMR_LAKEHOUSE_ROOT", "s3a://bucket/lake", "GLIMMR_S3_ENDPOINT", "http://127.0.0.1:9"),
                "tables", "list");
        assertThat(unreachable.exit()).isEqualTo(2);
        assertThat(unreachable.err()).contains("glimmr.s3.endpoint").contains("does not answer").doesNotContain("\tat ");
        assertThat(unreachable.out()).as("only the error, no table header before it").isEmpty();

        TestingJvm.Result unknown = glimmr(Map.of("GLIMMR_SPARK_MASTR", "local[1]"), "tables", "list");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("GLIMMR_SPARK_MASTR").contains("GLIMMR_SPARK_MASTER");

        TestingJvm.Result badFormat = glimmr(Map.of(), "sql", "-e", "select 1", "--format", "xml");
        assertThat(badFormat.exit()).isEqualTo(2);
        assertThat(badFormat.err()).contains("--format").contains("table, csv, json");
    }
}
