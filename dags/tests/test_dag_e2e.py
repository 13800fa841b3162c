"""End to end: the ingest and analytics refresh DAGs run with dag.test() on the bundled samples, each task a real
spark-submit (pyspark's) of the cluster jar through a Spark connection to a standalone cluster (master and two
workers, separate JVMs) with the lakehouse and the raw files on an S3-API server; then the Delta tables are read back
through the cluster jar's `sql` command and the exported PostgreSQL through the REST API."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

import pytest

from glimmr_testing import glimmr
from glimmr_testing.fixtures import EXECUTOR_MEMORY
from glimmr_testing.processes import free_port

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples" / "mrf"
VENV_BIN = Path(sys.executable).parent
# On a cluster these come from its spark-defaults.conf; for two local cores, the same tuning ./glimmr applies.
LOCAL_SPARK_DEFAULTS = {**glimmr.ONE_MACHINE_DEFAULTS,
                        "spark.driver.extraJavaOptions": glimmr.QUICK_JIT,
                        "spark.executor.extraJavaOptions": glimmr.QUICK_JIT}


@pytest.fixture(scope="module")
def glimmr_env(tmp_path_factory, airflow_db, cluster_jar, spark_cluster, s3_server, driver_disk):
    """The worker's environment as a deployment would set it: variables, the Spark connection, Glimmr's config. The
    Spark connection names the standalone master, and the lakehouse and the raw store (the samples, uploaded) are on
    the S3 server. (Local mode is what python-tests/tests/test_cluster.py compares the cluster with.)"""
    s3_server.put_folder("glimmr", "dag/raw", SAMPLES)
    conf_dir = glimmr.spark_conf_dir(tmp_path_factory.mktemp("spark-conf"), {
        **LOCAL_SPARK_DEFAULTS, "spark.executor.memory": EXECUTOR_MEMORY, "spark.scheduler.minRegisteredResourcesRatio": "1.0"})
    env = {
        "AIRFLOW_VAR_GLIMMR_JAR": str(cluster_jar),
        "AIRFLOW_VAR_GLIMMR_RAW_ROOT": "s3a://glimmr/dag/raw",
        "AIRFLOW_CONN_GLIMMR_SPARK": json.dumps({"conn_type": "spark", "host": spark_cluster.url}),
        "GLIMMR_DATA_DIR": str(driver_disk / "dag-data"),
        "GLIMMR_LAKEHOUSE_ROOT": "s3a://glimmr/dag/lakehouse",
        "GLIMMR_DB_EMBEDDED_PORT": str(free_port()),
        "SPARK_CONF_DIR": str(conf_dir),
        "SPARK_LOCAL_IP": "127.0.0.1",
        # spark-submit must be on PATH (the provider allows no path); pyspark's finds its Spark home through python3
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}",
        **s3_server.glimmr_env(),
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    yield env
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


def glimmr_sql(jar: Path, query: str) -> list[dict[str, str]]:
    """Runs `glimmr sql -e QUERY --format csv` through the cluster jar, as an analyst on the cluster would."""
    result = subprocess.run(
        ["spark-submit", "--master", "local[1]", "--class", "org.glimmr.jobs.Glimmr", str(jar),
         "sql", "-e", query, "--format", "csv"],
        capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-4000:]
    return list(csv.DictReader(io.StringIO(result.stdout)))


def run_dag(dagbag, dag_id: str, logical_date: datetime | None):
    run = dagbag.dags[dag_id].test(logical_date=logical_date)
    failed = [ti.task_id for ti in run.get_task_instances() if ti.state != "success"]
    assert run.state == "success" and not failed, f"{dag_id}: run {run.state}, tasks not successful: {failed}"
    return run


def api_get(port: int, path: str):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
        return json.load(response)


def serve(port: int) -> subprocess.Popen:
    """`./glimmr serve` over the exported PostgreSQL, anonymous reads allowed; returns once /health answers."""
    env = {**os.environ, "GLIMMR_API_PORT": str(port), "GLIMMR_API_ANONYMOUS": "true"}
    server = subprocess.Popen([str(ROOT / "glimmr"), "serve"], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"glimmr serve ended (exit {server.returncode}): {server.stdout.read()[-4000:]}")
        try:
            api_get(port, "/health")
            return server
        except OSError:
            time.sleep(1)
    server.terminate()
    raise AssertionError("glimmr serve did not answer /health in 180 s")


def test_ingest_then_analytics_refresh_on_the_samples(dagbag, glimmr_env, cluster_jar, spark_cluster):
    run_dag(dagbag, "glimmr_ingest", logical_date=None)
    run_dag(dagbag, "glimmr_analytics_refresh", logical_date=None)
    # each task was an application of the standalone master, with executors on its workers
    apps = spark_cluster.state()["completedapps"]
    ran = {a["name"] for a in apps if a["cores"] > 0}
    assert {"glimmr-ingest", "glimmr-aggregate", "glimmr-export"} <= ran, apps

    [tables] = glimmr_sql(cluster_jar, """
        select (select concat_ws('|', sort_array(collect_list(source_path))) from bronze.mrf_files) as files,
               (select concat_ws('|', sort_array(collect_set(status))) from bronze.mrf_files) as statuses,
               (select count(*) from silver.standard_charges) as charges,
               (select concat_ws('|', sort_array(collect_set(hospital_id))) from silver.hospitals) as hospitals,
               (select concat_ws('|', sort_array(collect_set(hospital_id))) from gold.hospital_summary) as summarized,
               (select count(*) from gold.hospital_code_prices) as prices""")
    sample_names = sorted(p.name for p in SAMPLES.iterdir() if p.is_file())
    assert sorted(Path(f).name for f in tables["files"].split("|")) == sample_names
    assert tables["statuses"] == "ok"
    assert int(tables["charges"]) > 0 and int(tables["prices"]) > 0
    hospitals = tables["hospitals"].split("|")
    assert len(hospitals) == len({name.split("_v")[0] for name in sample_names})  # one hospital per sample prefix
    assert tables["summarized"] == tables["hospitals"]

    port = free_port()
    server = serve(port)
    try:
        listed = api_get(port, "/api/v1/hospitals?limit=100")["data"]
        assert sorted(h["hospital_id"] for h in listed) == hospitals
    finally:
        server.terminate()
        server.wait(timeout=60)
