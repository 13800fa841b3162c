package org.glimmr.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.common.testing.TestingCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code glimmr bench ingest} through the command line, on a file small enough for a test: each case in its own JVM. */
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
}
