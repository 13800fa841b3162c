package org.glimmr.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
