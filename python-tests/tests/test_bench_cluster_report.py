"""The cluster benchmark's report (python-tests/bench-cluster.sh): its table and ratios from measured rounds, without
a cluster (the benchmark itself runs outside the test command; docs/benchmarks.md#cluster-benchmark)."""

from __future__ import annotations

from argparse import Namespace

from glimmr_testing.bench_cluster import Measure, report


def test_the_report_gives_each_case_its_medians_and_the_scale_out_ratios(tmp_path):
    corpus = tmp_path / "a.json"
    corpus.write_bytes(b"x" * 10_000_000)
    args = Namespace(files_per_layout=1, steps="ingest,aggregate", rounds=2, executor_memory="2g", driver_memory="4g")
    measures = [Measure("local[2]", 1, 20.0, 10.0, {"driver": 50.0}), Measure("local[2]", 2, 22.0, 12.0, {"driver": 54.0}),
                Measure("cluster, 1 worker", 1, 40.0, 20.0), Measure("cluster, 1 worker", 2, 44.0, 20.0),
                Measure("cluster, 2 workers", 1, 25.0, 15.0), Measure("cluster, 2 workers", 2, 27.0, 15.0)]

    text = report(measures, args, [corpus])

    # medians per case: local[2] ingest 21, aggregate 11, total 32; rounds' totals as measured
    assert "| local[2] | 21.0 | 11.0 | 32.0 | 30.0, 34.0 | 0.5 | 52 | 0 |" in text
    # 1 worker 62 s against 2 workers 41 s; local[2] 32 s against 2 workers 41 s
    assert "2 workers against 1 (time with 1 / time with 2; goal ≥ 1.7): **1.51**" in text
    assert "2 workers against local[2] (time of local[2] / time of 2 workers; goal ≥ 0.8): **0.78**" in text
    assert "local[2] against local[1]" not in text, "no ratio for a case that did not run"
