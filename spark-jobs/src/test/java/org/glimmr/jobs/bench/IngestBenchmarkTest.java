package org.glimmr.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.glimmr.jobs.bench.IngestBenchmark.Result;
import org.junit.jupiter.api.Test;

class IngestBenchmarkTest {
    private static Result ingest(double seconds, long peak) {
        return new Result("csv_tall", "(a) ingest end to end into Delta", "ingest", 2, List.of(seconds), 1_000_000, peak,
                500_000_000, null);
    }

    private static Result write(double seconds) {
        return new Result("csv_tall", "(e) Spark writes same rows to Delta from memory", "delta-write", 2, List.of(seconds),
                1_000_000, 100, 500_000_000, null);
    }

    @Test
    void roundsAreCombinedIntoTheMedianOfEachCase() {
        List<Result> combined = IngestBenchmark.combine(List.of(
                List.of(ingest(90, 800), write(60)),
                List.of(ingest(70, 900), write(45)),
                List.of(ingest(75, 850), write(80))));
        assertThat(combined).hasSize(2);
        assertThat(combined.get(0).seconds()).isEqualTo(75);
        assertThat(combined.get(0).runs()).containsExactly(90.0, 70.0, 75.0);
        assertThat(combined.get(0).peakHeap()).isEqualTo(900);
        assertThat(combined.get(1).seconds()).isEqualTo(60);
        String table = IngestBenchmark.render(combined);
        assertThat(table).contains("s of each round").contains("| 75.0 | 90.0, 70.0, 75.0 |")
                .contains("(a)/(e) ingest rows/s vs Spark+Delta write from memory (target >= 0.70): 0.80");
        assertThat(IngestBenchmark.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    }

    @Test
    void aCaseThatFailedInAnyRoundIsReportedFailed() {
        Result oom = new Result("json", "(d) Spark read.json multiLine", "spark-json", 2, List.of(Double.NaN), 0, 0, 1,
                "failed: out of memory");
        Result ok = new Result("json", "(d) Spark read.json multiLine", "spark-json", 2, List.of(30.0), 10, 5, 1, null);
        Result combined = IngestBenchmark.combine(List.of(List.of(ok), List.of(oom))).get(0);
        assertThat(combined.failure()).isEqualTo("failed: out of memory");
        assertThat(combined.seconds()).isNaN();
        assertThat(IngestBenchmark.render(List.of(combined))).contains("failed: out of memory | 30.0, –");
    }

    @Test
    void aBaselineBuildIsReportedBesideThisOneWithTheSpeedUp() {
        Result now = ingest(40, 800);
        Result before = new Result("csv_tall mgh.csv", "(a) ingest end to end into Delta", "ingest", 2, List.of(60.0),
                1_000_000, 900, 500_000_000, null, IngestBenchmark.BASELINE);
        Result nowReal = new Result("csv_tall mgh.csv", "(a) ingest end to end into Delta", "ingest", 2, List.of(40.0),
                1_000_000, 800, 500_000_000, null);
        String table = IngestBenchmark.render(List.of(now, before, nowReal));
        assertThat(table).contains("| csv_tall mgh.csv | (a) ingest end to end into Delta, baseline build | 2 | 60.0 |")
                .contains("| csv_tall mgh.csv | (a) ingest end to end into Delta | 2 | 40.0 |")
                .contains("ratios for csv_tall mgh.csv:\n  (a) this build vs the baseline build, rows/s (speed-up): 1.50");
        assertThat(table.substring(0, table.indexOf("ratios for csv_tall mgh.csv"))).as("no baseline for the generated file")
                .doesNotContain("speed-up");
    }

    @Test
    void oneRoundKeepsTheSingleRunTable() {
        String table = IngestBenchmark.render(List.of(ingest(75, 800), write(60)));
        assertThat(table).doesNotContain("each round").contains("| csv_tall | (a) ingest end to end into Delta | 2 | 75.0 |");
    }
}
