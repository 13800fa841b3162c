"""What two runs of the pipeline are compared by: per Delta table its row count, its distinct rows and an
order-independent checksum over all columns (the sum of a 64-bit hash of each row's JSON), computed by the cluster
jar's own `sql` command; and the Delta logs and Spark event logs they leave."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

# Every table of org.glimmr.lakehouse.LakehouseTables.ALL (tables_under() checks that a lakehouse has no other).
TABLES = ["bronze.mrf_files", "bronze.mrf_sources", "bronze.mrf_downloads", "bronze.hospital_list",
          "silver.standard_charges", "silver.rejected_rows", "silver.file_findings", "silver.hospitals",
          "silver.payer_names", "gold.negotiated_rates", "gold.hospital_code_prices", "gold.code_price_values",
          "gold.code_price_stats", "gold.payer_name_counts", "gold.hospital_summary", "gold.aggregate_runs"]

# Columns that say when or in which run a row was written: two runs of the same input differ there and only there.
RUN_COLUMNS = ["ingested_at", "ingest_run", "discovered_at", "attempt_at", "imported_at", "updated_at", "run_id",
               "started_at", "finished_at"]


@dataclass(frozen=True)
class TableSum:
    rows: int
    distinct_rows: int
    checksum: str


def checksum_sql(lakehouse_root: str, tables: list[str], replace: dict[str, str]) -> str:
    """One statement: for each table, count, distinct rows and the checksum of its rows as JSON, with the run columns
    left out and each key of `replace` (a storage root) written as its value."""
    run_fields = '"(' + "|".join(RUN_COLUMNS) + ')":("[^"]*"|null),?'
    selects = []
    for table in tables:
        layer, name = table.split(".")
        row = f"regexp_replace(to_json(struct(*)), '{sql_string(run_fields)}', '')"
        for old, new in replace.items():
            row = f"replace({row}, '{sql_string(old)}', '{sql_string(new)}')"
        # distinct rows counted by their 64-bit hash: a collision among a million rows has odds of about 1 in 10^7
        selects.append(
            f"SELECT '{table}' AS tbl, count(*) AS n, count(DISTINCT h) AS d, "
            f"cast(coalesce(sum(cast(h AS decimal(38,0))), 0) AS string) AS h "
            f"FROM (SELECT xxhash64({row}) AS h FROM delta.`{lakehouse_root}/{layer}/{name}`)")
    return "\nUNION ALL\n".join(selects)


def sql_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace("'", "\\'")


def parse_sums(csv_text: str) -> dict[str, TableSum]:
    return {r["tbl"]: TableSum(int(r["n"]), int(r["d"]), r["h"]) for r in csv.DictReader(io.StringIO(csv_text))}


def tables_under(lakehouse: Path) -> list[str]:
    """The Delta tables (folders with a _delta_log) of a lakehouse folder, as layer.name."""
    return sorted(f"{log.parent.parent.name}.{log.parent.name}" for log in lakehouse.glob("*/*/_delta_log"))


def delta_log_problems(lakehouse: Path) -> list[str]:
    """What a half-written commit would leave in a lakehouse folder: a gap in the versions, a commit file that is not
    whole JSON lines each with one action, a commit without commitInfo, or a temporary file left in a log."""
    problems = []
    for log in sorted(lakehouse.glob("*/*/_delta_log")):
        table = f"{log.parent.parent.name}.{log.parent.name}"
        commits = sorted(log.glob("[0-9]" * 20 + ".json"))
        versions = [int(c.name[:20]) for c in commits]
        if versions != list(range(len(versions))):
            problems.append(f"{table}: commit versions {versions} are not 0..{len(versions) - 1}")
        for commit in commits:
            text = commit.read_text()
            if not text.endswith("\n"):
                problems.append(f"{table}: {commit.name} does not end with a whole line")
            try:
                actions = [json.loads(line) for line in text.splitlines() if line]
            except json.JSONDecodeError as e:
                problems.append(f"{table}: {commit.name} is not JSON lines ({e})")
                continue
            if not any("commitInfo" in a for a in actions):
                problems.append(f"{table}: {commit.name} has no commitInfo")
        leftovers = [p.name for p in log.iterdir() if p.name.endswith(".tmp") or p.name.startswith(".")
                     and not p.name.endswith(".crc")]
        if leftovers:
            problems.append(f"{table}: temporary files in the log: {leftovers}")
    return problems


@dataclass
class AppEvents:
    """One Spark application's event log, reduced to what the tests ask: which executors ran (successful) tasks of
    which job, what its SQL executions read and wrote, how many tasks were lost with their executor."""
    name: str
    tasks_by_executor: Counter
    jobs: dict[int, str]  # job id -> description
    job_executors: dict[int, Counter]
    sql_plans: list[str]  # the physical plan of each SQL execution: what it scanned and wrote, with locations
    tasks_lost: int  # tasks that failed because their executor was lost (and ran again elsewhere)

    def executors_of(self, description_prefix: str) -> Counter:
        seen = Counter()
        for job, description in self.jobs.items():
            if description.startswith(description_prefix):
                seen.update(self.job_executors.get(job, Counter()))
        return seen


def read_event_logs(folder: Path) -> list[AppEvents]:
    """The uncompressed, unrolled event logs in `folder` (spark.eventLog.compress=false, rolling off)."""
    apps = []
    for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
        text = path.read_text(errors="replace")
        if not text.startswith('{"Event":'):
            raise AssertionError(f"{path} is not an uncompressed event log (spark.eventLog.compress=false)")
        name, jobs, stage_job, by_exec, job_execs, plans, lost = path.name, {}, {}, Counter(), {}, [], 0
        for line in text.splitlines():
            event = json.loads(line)
            kind = event["Event"]
            if kind == "SparkListenerApplicationStart":
                name = event["App Name"]
            elif kind == "SparkListenerJobStart":
                jobs[event["Job ID"]] = (event.get("Properties") or {}).get("spark.job.description") or ""
                for stage in event["Stage IDs"]:
                    stage_job[stage] = event["Job ID"]
            elif kind == "SparkListenerTaskEnd":
                executor = event["Task Info"]["Executor ID"]
                reason = (event.get("Task End Reason") or {}).get("Reason")
                lost += reason == "ExecutorLostFailure"
                if reason == "Success":
                    by_exec[executor] += 1
                    job_execs.setdefault(stage_job.get(event["Stage ID"]), Counter())[executor] += 1
            elif kind.endswith("SparkListenerSQLExecutionStart"):
                plans.append(event.get("physicalPlanDescription") or "")
        apps.append(AppEvents(name, by_exec, jobs, job_execs, plans, lost))
    return apps
