"""Airflow for the DAG tests: a fresh AIRFLOW_HOME (SQLite) under target/, set before Airflow is first imported."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DAGS = ROOT / "dags"
AIRFLOW_HOME = ROOT / "target" / "python" / "airflow-home"

shutil.rmtree(AIRFLOW_HOME, ignore_errors=True)
AIRFLOW_HOME.mkdir(parents=True)
os.environ["AIRFLOW_HOME"] = str(AIRFLOW_HOME)
os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(DAGS)
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
os.environ["AIRFLOW__LOGGING__LOGGING_LEVEL"] = "WARNING"


@pytest.fixture(scope="session")
def cluster_jar() -> Path:
    """The jar the DAG tasks submit; `mvn -B verify` builds it before these tests run."""
    jar = ROOT / "spark-jobs" / "target" / "glimmr-spark-jobs-cluster.jar"
    if not jar.is_file():
        pytest.fail(f"{jar} is missing: build it first (mvn -B package -DskipTests; mvn -B verify builds it before these tests)")
    return jar


@pytest.fixture(scope="session")
def dags_folder():
    return DAGS


@pytest.fixture(scope="session")
def dagbag():
    """The DAG folder parsed the way the DAG processor parses a bundle (its folder on sys.path)."""
    from airflow.dag_processing.dagbag import BundleDagBag

    return BundleDagBag(dag_folder=DAGS, bundle_path=DAGS)


@pytest.fixture(scope="session")
def airflow_db():
    """Airflow's metadata database, migrated once for the tests that run DAGs."""
    subprocess.run([str(Path(sys.executable).parent / "airflow"), "db", "migrate"], check=True,
                   stdout=subprocess.DEVNULL)
