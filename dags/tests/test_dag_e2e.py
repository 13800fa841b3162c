"""End to end: the ingest and analytics DAGs run with dag.test() on the bundled samples, each task a real
spark-submit (pyspark's, local[2]) of the cluster jar, into a temporary Glimmr data directory."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
JAR = ROOT / "spark-jobs" / "target" / "glimmr-spark-jobs-cluster.jar"
SAMPLES = ROOT / "samples" / "mrf"
VENV_BIN = Path(sys.executable).parent
# On a cluster these come from its spark-defaults.conf; for two local cores, the same tuning ./glimmr applies.
LOCAL_SPARK_DEFAULTS = """\
spark.sql.shuffle.partitions 4
spark.databricks.delta.snapshotPartitions 2
spark.ui.enabled false
spark.driver.bindAddress 127.0.0.1
spark.driver.host 127.0.0.1
"""


@pytest.fixture(scope="module")
def glimmr_env(tmp_path_factory, airflow_db):
    """The worker's environment as a deployment would set it: variables, the Spark connection, Glimmr's config."""
    if not JAR.is_file():
        pytest.fail(f"{JAR} is missing: build it first (mvn -B verify at the root builds it before these tests)")
    data = tmp_path_factory.mktemp("glimmr-data")
    conf_dir = tmp_path_factory.mktemp("spark-conf")
    (conf_dir / "spark-defaults.conf").write_text(LOCAL_SPARK_DEFAULTS)
    env = {
        "AIRFLOW_VAR_GLIMMR_JAR": str(JAR),
        "AIRFLOW_VAR_GLIMMR_RAW_ROOT": str(SAMPLES),
        "AIRFLOW_CONN_GLIMMR_SPARK": '{"conn_type": "spark", "host": "local[2]"}',
        "GLIMMR_DATA_DIR": str(data),
        "SPARK_CONF_DIR": str(conf_dir),
        "SPARK_LOCAL_IP": "127.0.0.1",
        # spark-submit must be on PATH (the provider allows no path); pyspark's finds its Spark home through python3
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}",
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    yield env
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


def glimmr_sql(query: str) -> list[dict[str, str]]:
    """Runs `glimmr sql -e QUERY --format csv` through the cluster jar, as an analyst on the cluster would."""
    result = subprocess.run(
        ["spark-submit", "--master", "local[1]", "--class", "org.glimmr.jobs.Glimmr", str(JAR),
         "sql", "-e", query, "--format", "csv"],
        capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-4000:]
    return list(csv.DictReader(io.StringIO(result.stdout)))


def run_dag(dagbag, dag_id: str, logical_date: datetime | None):
    run = dagbag.dags[dag_id].test(logical_date=logical_date)
    failed = [ti.task_id for ti in run.get_task_instances() if ti.state != "success"]
    assert run.state == "success" and not failed, f"{dag_id}: run {run.state}, tasks not successful: {failed}"
    return run


def test_ingest_then_analytics_refresh_on_the_samples(dagbag, glimmr_env):
    run_dag(dagbag, "glimmr_ingest", logical_date=None)

    files = glimmr_sql("select source_path, status from bronze.mrf_files")
    sample_names = sorted(p.name for p in SAMPLES.iterdir() if p.is_file())
    assert sorted(Path(f["source_path"]).name for f in files) == sample_names
    assert {f["status"] for f in files} == {"ok"}, files
    charges = glimmr_sql("select count(*) as n from silver.standard_charges")
    assert int(charges[0]["n"]) > 0
