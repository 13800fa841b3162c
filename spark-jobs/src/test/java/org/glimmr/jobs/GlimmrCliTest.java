package org.glimmr.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the glimmr command line in fresh JVMs, as a user does: nothing is shared between the processes but the data directory. */
class GlimmrCliTest {
    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {}

    private Result glimmr(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return glimmrWithInput(env, "", args);
    }

    private Result glimmrWithInput(Map<String, String> env, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        for (String option : System.getProperty("glimmr.jvm.opens", "").split(" ")) {
            if (!option.isBlank()) {
                command.add(option);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(Glimmr.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("GLIMMR_"));
        pb.environment().put("GLIMMR_DATA_DIR", dir.resolve("data").toString());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().putAll(env);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Path in = dir.resolve("in.txt");
        Files.writeString(in, stdin, StandardCharsets.UTF_8);
        pb.redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("glimmr %s finished in time", List.of(args)).isTrue();
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void tablesCreatedInOneProcessAreQueriedByNameInTheNext() throws Exception {
        Result create = glimmr(Map.of(), "tables", "create");
        assertThat(create.exit()).as(create.err()).isZero();
        assertThat(create.out()).contains("created silver.standard_charges");

        Result show = glimmr(Map.of(), "sql", "-e", "show tables in silver", "--format", "csv");
        assertThat(show.exit()).as(show.err()).isZero();
        assertThat(show.out().lines()).contains("silver,standard_charges,false");

        Result json = glimmr(Map.of(), "sql", "-e", "select count(*) as n from silver.standard_charges", "--format", "json");
        assertThat(json.out().strip()).isEqualTo("{\"n\":0}");

        Result prompt = glimmrWithInput(Map.of(), "select count(*) as n\n  from silver.file_findings;\nselect nonsense from;\nexit\n", "sql");
        assertThat(prompt.exit()).as(prompt.err()).isZero();
        assertThat(prompt.out()).contains("glimmr-sql>").contains("| n |").contains("| 0 |").contains("error:");

        Result bad = glimmr(Map.of(), "sql", "-e", "select * from silver.no_such_table");
        assertThat(bad.exit()).isEqualTo(64);
        assertThat(bad.err()).contains("glimmr: error:").contains("no_such_table").doesNotContain("\tat org.");

        // a table as an older Glimmr made it (no statistics columns): tables create brings it up to its definition
        Result unset = glimmr(Map.of(), "sql", "-e",
                "ALTER TABLE silver.standard_charges UNSET TBLPROPERTIES ('delta.dataSkippingStatsColumns')");
        assertThat(unset.exit()).as(unset.err()).isZero();
        Result again = glimmr(Map.of(), "tables", "create");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).contains("0 tables created")
                .contains("set silver.standard_charges: delta.dataSkippingStatsColumns=file_sha256,hospital_id,code,")
                .doesNotContain("set silver.rejected_rows");
    }

    @Test
    void wrongConfigurationStopsWithTheKeyAndTheFixNotAStackTrace() throws Exception {
        Result scheme = glimmr(Map.of("GLIMMR_LAKEHOUSE_ROOT", "s3://bucket/lake"), "tables", "list");
        assertThat(scheme.exit()).isEqualTo(2);
        assertThat(scheme.err()).contains("glimmr.lakehouse.root").contains("s3a://bucket/lake").doesNotContain("\tat ");

        Result unreachable = glimmr(Map.of("GLIMMR_LAKEHOUSE_ROOT", "s3a://bucket/lake", "GLIMMR_S3_ENDPOINT", "http://127.0.0.1:9"),
                "tables", "list");
        assertThat(unreachable.exit()).isEqualTo(2);
        assertThat(unreachable.err()).contains("glimmr.s3.endpoint").contains("does not answer").doesNotContain("\tat ");

        Result unknown = glimmr(Map.of("GLIMMR_SPARK_MASTR", "local[1]"), "tables", "list");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("GLIMMR_SPARK_MASTR").contains("GLIMMR_SPARK_MASTER");

        Result badFormat = glimmr(Map.of(), "sql", "-e", "select 1", "--format", "xml");
        assertThat(badFormat.exit()).isEqualTo(2);
        assertThat(badFormat.err()).contains("--format").contains("table, csv, json");
    }
}
