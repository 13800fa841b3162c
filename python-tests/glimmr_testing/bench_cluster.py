"""The scale-out benchmark: ingest, then aggregate, a generated multi-hospital corpus (several files of each layout)
with the cluster jar under spark-submit, on a Spark standalone cluster of 1 and of 2 one-core workers, and in
local[1] and local[2] with the same jar and settings; wall times, the CPU time of each kind of JVM, and the ratios.

Run it through python-tests/bench-cluster.sh (see docs/benchmarks.md); --help lists the options.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import glimmr
from .corpus import MrfSpec, generate
from .spark_cluster import TestingSparkCluster

ROOT = Path(__file__).resolve().parents[2]
TICK = os.sysconf("SC_CLK_TCK")
LAYOUTS = ["json", "csv_tall", "csv_wide"]
STATES = ["CA", "TX", "NY", "FL", "IL", "OH", "WA", "OR", "NV", "CO", "GA", "PA"]
AS_OF = "2026-05-01"


@dataclass
class Case:
    name: str
    master: str  # local[N] or "cluster"
    workers: int = 0


CASES = {"local1": Case("local[1]", "local[1]"), "local2": Case("local[2]", "local[2]"),
         "cluster1": Case("cluster, 1 worker", "cluster", 1), "cluster2": Case("cluster, 2 workers", "cluster", 2)}


@dataclass
class Measure:
    case: str
    round: int
    ingest_s: float
    aggregate_s: float
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds by kind of JVM, both steps
    tasks: dict[str, float] = field(default_factory=dict)  # task metrics summed over both steps (event logs)

    @property
    def total_s(self) -> float:
        return self.ingest_s + self.aggregate_s


# Task metrics of the event log that tell where a task's time goes (milliseconds; CPU time in nanoseconds).
TASK_METRICS = {"run": "Executor Run Time", "cpu": "Executor CPU Time", "gc": "JVM GC Time",
                "deserialize": "Executor Deserialize Time", "shuffle wait": None}


def task_metrics(events: Path) -> dict[str, float]:
    """Seconds summed over every task of the applications logged in `events`, and the seconds from each
    application's start to its first task (driver start-up, executors' start and registration)."""
    totals = {k: 0.0 for k in TASK_METRICS}
    totals["to first task"] = 0.0
    for path in sorted(p for p in events.iterdir() if p.is_file() and not p.name.startswith(".")):
        started, first_task = None, None
        for line in path.read_text(errors="replace").splitlines():
            event = json.loads(line)
            kind = event["Event"]
            if kind == "SparkListenerApplicationStart":
                started = event["Timestamp"]
            elif kind == "SparkListenerTaskStart" and first_task is None:
                first_task = event["Task Info"]["Launch Time"]
            elif kind == "SparkListenerTaskEnd":
                m = event.get("Task Metrics") or {}
                totals["run"] += m.get("Executor Run Time", 0) / 1e3
                totals["cpu"] += m.get("Executor CPU Time", 0) / 1e9
                totals["gc"] += m.get("JVM GC Time", 0) / 1e3
                totals["deserialize"] += m.get("Executor Deserialize Time", 0) / 1e3
                totals["shuffle wait"] += (m.get("Shuffle Read Metrics") or {}).get("Fetch Wait Time", 0) / 1e3
        if started and first_task:
            totals["to first task"] += (first_task - started) / 1e3
    return totals


class CpuSampler:
    """CPU seconds of the processes under given process groups, by role, sampled from /proc every 0.2 s (a process's
    last sample counts, so one that lives less than that is missed: none of Spark's does)."""

    def __init__(self, roles: dict[str, set[int]], exclude: set[int]):
        self.roles, self.exclude, self.seen = roles, exclude, {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop.is_set():
            self._sample()
            time.sleep(0.2)

    def _sample(self) -> None:
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) in self.exclude:
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            ppid, pgid = int(fields[1]), int(fields[2])
            for role, groups in self.roles.items():
                if pgid in groups or ppid in groups:
                    self.seen[(role, int(entry.name))] = (int(fields[11]) + int(fields[12])) / TICK

    def finish(self) -> dict[str, float]:
        self.stop.set()
        self.thread.join()
        totals: dict[str, float] = {}
        for (role, _), seconds in self.seen.items():
            totals[role] = totals.get(role, 0.0) + seconds
        return totals


def corpus_specs(total_mb: int, per_layout: int) -> list[MrfSpec]:
    size = max(1, total_mb // (len(LAYOUTS) * per_layout))
    specs = []
    for i in range(per_layout):
        for j, layout in enumerate(LAYOUTS):
            n = i * len(LAYOUTS) + j
            specs.append(MrfSpec(layout, f"{size}MB", 1000 + n, f"Bench Hospital {n + 1}", STATES[n % len(STATES)]))
    return specs


def run_case(case: Case, round_: int, corpus: Path, work: Path, conf: dict[str, str], env: dict[str, str],
             executor_memory: str, driver_memory: str, steps: list[str]) -> Measure:
    run_dir = work / f"{case.master.replace('[', '').replace(']', '')}-{case.workers}-r{round_}"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    run_env = {**env, "GLIMMR_DATA_DIR": str(run_dir / "data"),
               "GLIMMR_LAKEHOUSE_ROOT": (run_dir / "lakehouse").as_uri()}
    cluster = None
    try:
        events = run_dir / "events"
        events.mkdir()
        settings = {**conf, "spark.local.dir": str(run_dir / "driver-local"), "spark.eventLog.enabled": "true",
                    "spark.eventLog.dir": events.as_uri(), "spark.eventLog.compress": "false",
                    "spark.eventLog.rolling.enabled": "false"}
        if case.master == "cluster":
            cluster = TestingSparkCluster(run_dir / "cluster", workers=case.workers, cores=1,
                                          memory=bytes_plus(executor_memory, 256))
            master = cluster.url
            settings.update({"spark.executor.memory": executor_memory, "spark.driver.memory": "1g",
                             "spark.scheduler.minRegisteredResourcesRatio": "1.0",
                             "spark.scheduler.maxRegisteredResourcesWaitingTime": "120s"})
            daemons = {w.pid for w in cluster.workers} | {cluster.master.pid}
        else:
            master = case.master
            settings["spark.driver.memory"] = driver_memory
            daemons = set()
        conf_dir = glimmr.spark_conf_dir(run_dir / "conf", settings)
        roles = {"executors": {w.pid for w in cluster.workers} if cluster else set()}
        times = {}
        cpu: dict[str, float] = {}
        for step in [st for st in (["ingest", "--input", str(corpus)], ["aggregate", "--as-of", AS_OF]) if st[0] in steps]:
            roles["driver"] = {os.getpid()}
            sampler = CpuSampler(roles, exclude={os.getpid()} | daemons)
            result = glimmr.submit(master, step, run_env, conf_dir, timeout=7200)
            for role, seconds in sampler.finish().items():
                cpu[role] = cpu.get(role, 0.0) + seconds
            result.check()
            times[step[0]] = result.seconds
            print(f"  {case.name:20s} round {round_}: {step[0]:9s} {result.seconds:7.1f} s", flush=True)
            if cluster:
                cluster.wait_idle()
        return Measure(case.name, round_, times["ingest"], times.get("aggregate", 0.0), cpu, task_metrics(events))
    finally:
        if cluster:
            cluster.close()
        shutil.rmtree(run_dir / "lakehouse", ignore_errors=True)


def bytes_plus(memory: str, extra_mb: int) -> str:
    units = {"m": 1, "g": 1024}
    mb = int(float(memory[:-1]) * units[memory[-1].lower()])
    return f"{mb + extra_mb}m"


def report(measures: list[Measure], args, corpus_files: list[Path]) -> str:
    by_case: dict[str, list[Measure]] = {}
    for m in measures:
        by_case.setdefault(m.case, []).append(m)
    median = {c: statistics.median(m.total_s for m in ms) for c, ms in by_case.items()}
    size = sum(p.stat().st_size for p in corpus_files)
    lines = [f"# Cluster benchmark, {datetime.date.today()}", "",
             f"Corpus: {len(corpus_files)} files, {size / 2**30:.2f} GiB ({args.files_per_layout} per layout: "
             f"{', '.join(LAYOUTS)}); steps {args.steps}; {args.rounds} round(s); executor memory "
             f"{args.executor_memory}, local driver memory {args.driver_memory}; {os.cpu_count()} cores.", "",
             "| case | ingest s | aggregate s | total s (median) | totals of each round | MB/s (ingest) "
             "| CPU s: driver | CPU s: executors |",
             "|---|---|---|---|---|---|---|---|"]
    for case, ms in by_case.items():
        ingest = statistics.median(m.ingest_s for m in ms)
        aggregate = statistics.median(m.aggregate_s for m in ms)
        cpu_driver = statistics.median(m.cpu.get("driver", 0) for m in ms)
        cpu_exec = statistics.median(m.cpu.get("executors", 0) for m in ms)
        lines.append(f"| {case} | {ingest:.1f} | {aggregate:.1f} | {median[case]:.1f} | "
                     f"{', '.join(f'{m.total_s:.1f}' for m in ms)} | {size / 1e6 / ingest:.1f} | {cpu_driver:.0f} | "
                     f"{cpu_exec:.0f} |")
    lines += ["", "Where the time goes (medians; seconds summed over all tasks of both steps, and from each "
                  "application's start to its first task):", "",
              "| case | " + " | ".join(f"tasks' {k} s" for k in TASK_METRICS) + " | to first task s |",
              "|---|" + "---|" * (len(TASK_METRICS) + 1)]
    for case, ms in by_case.items():
        cells = [f"{statistics.median(m.tasks.get(k, 0) for m in ms):.1f}" for k in [*TASK_METRICS, "to first task"]]
        lines.append(f"| {case} | " + " | ".join(cells) + " |")
    lines.append("")

    def ratio(a: str, b: str, what: str) -> None:
        if a in median and b in median:
            lines.append(f"- {what}: **{median[a] / median[b]:.2f}**")

    ratio("cluster, 1 worker", "cluster, 2 workers", "2 workers against 1 (time with 1 / time with 2; goal ≥ 1.7)")
    ratio("local[2]", "cluster, 2 workers", "2 workers against local[2] (time of local[2] / time of 2 workers; "
                                            "goal ≥ 0.8)")
    ratio("local[1]", "local[2]", "local[2] against local[1]")
    ratio("local[1]", "cluster, 1 worker", "1 worker against local[1]")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench-cluster.sh", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-mb", type=int, default=1100, help="corpus size in MB (default 1100)")
    parser.add_argument("--files-per-layout", type=int, default=3, help="files of each layout (default 3)")
    parser.add_argument("--cases", default="local1,local2,cluster1,cluster2",
                        help=f"comma-separated, in this order, from {','.join(CASES)}")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--steps", default="ingest,aggregate", help="ingest,aggregate (default) or ingest alone")
    parser.add_argument("--executor-memory", default="2g", help="each cluster executor's heap (default 2g)")
    parser.add_argument("--driver-memory", default="4g", help="the local[N] driver's heap (default 4g)")
    parser.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE",
                        help="an extra Spark setting for every case (repeatable)")
    parser.add_argument("--work", type=Path, default=ROOT / "data" / "bench" / "cluster",
                        help="corpus cache, run folders and the report (default data/bench/cluster)")
    args = parser.parse_args(argv)
    if not glimmr.CLUSTER_JAR.is_file():
        parser.error(f"{glimmr.CLUSTER_JAR} is missing: build it first (mvn -B package -DskipTests)")
    cases = [CASES[c] for c in args.cases.split(",")]
    args.work.mkdir(parents=True, exist_ok=True)
    env = glimmr.clean_env(SPARK_LOCAL_IP="127.0.0.1")
    env.pop("GLIMMR_CDS_DIR", None)

    corpus = args.work / f"corpus-{args.size_mb}MB-{args.files_per_layout}"
    print(f"bench cluster: corpus in {corpus} (generated once)", flush=True)
    files = generate(corpus_specs(args.size_mb, args.files_per_layout), corpus,
                     {**env, "GLIMMR_DATA_DIR": str(args.work / "generate")})
    conf = {**glimmr.ONE_MACHINE_DEFAULTS}
    for kv in args.conf:
        key, _, value = kv.partition("=")
        conf[key] = value
    measures = []
    for r in range(1, args.rounds + 1):
        for case in cases:
            measures.append(run_case(case, r, corpus, args.work, conf, env, args.executor_memory, args.driver_memory,
                                     args.steps.split(",")))
    text = report(measures, args, files)
    out = args.work / f"cluster-benchmark-{datetime.datetime.now():%Y%m%dT%H%M%S}.md"
    out.write_text(text)
    print(text)
    print(f"bench cluster: written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
