"""Session fixtures shared by the tests (run-pytest.sh loads this as a pytest plugin): one S3-API server, one Spark
standalone cluster of two 1-core workers, the folder that stands for the driver's local disk, which the workers and
their executors cannot see, and a lakehouse of the demo's samples built by the launcher."""

from __future__ import annotations

import shutil
import signal
from pathlib import Path

import pytest

from . import glimmr
from .s3 import TestingS3Server
from .spark_cluster import TestingSparkCluster

# Each worker offers its executor this much memory; the tests' data is small.
WORKER_MEMORY = "1g"
EXECUTOR_MEMORY = "768m"


def pytest_configure(config):
    """A SIGTERM (a CI timeout, say) ends the session like Ctrl-C: fixtures are torn down and stop their processes."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")
    signal.signal(signal.SIGTERM, interrupt)


@pytest.fixture(scope="session")
def driver_disk(tmp_path_factory) -> Path:
    """The driver's local disk: data directories (embedded PostgreSQL), inputs given on the command line, logs."""
    return tmp_path_factory.mktemp("driver-disk")


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    with TestingS3Server(tmp_path_factory.mktemp("s3")) as server:
        server.bucket("glimmr")
        yield server


@pytest.fixture(scope="session")
def spark_cluster(tmp_path_factory, driver_disk, s3_server):
    """Master and two 1-core workers; the driver's disk and the S3 server's files are hidden from them, so what an
    executor reads comes through S3 (or from the driver over the network)."""
    with TestingSparkCluster(tmp_path_factory.mktemp("spark-cluster"), workers=2, cores=1, memory=WORKER_MEMORY,
                             hidden=[driver_disk, s3_server.store]) as cluster:
        yield cluster


# Files with bad values, written by the project's generator, so that the data-quality notebook and the web page's
# hospital pages have findings to show.
DIRTY_FILES = {
    "harbor_point_v3_tall.csv": ["--layout", "csv_tall", "--version", "3.0.0", "--state", "NY",
                                 "--hospital", "Harbor Point Hospital", "--seed", "7"],
    "summit_ridge_v2.json": ["--layout", "json", "--version", "2.0.0", "--state", "WA",
                             "--hospital", "Summit Ridge Medical Center", "--seed", "11"],
}


@pytest.fixture(scope="session")
def samples_lakehouse(tmp_path_factory) -> Path:
    """A Glimmr data directory holding what `./glimmr demo` ingests (the bundled samples) and two generated files
    with bad values, read with `./glimmr ingest` and aggregated with `./glimmr aggregate`. The notebooks read it; the
    web page's test exports it and serves it."""
    data = tmp_path_factory.mktemp("samples-data")
    mrf = data / "mrf"
    shutil.copytree(glimmr.ROOT / "samples" / "mrf", mrf)
    env = glimmr.clean_env(GLIMMR_DATA_DIR=str(data))
    for name, options in DIRTY_FILES.items():
        glimmr.launcher(["generate", *options, "--size", "60KB", "--dirty", "0.03", "--payers", "4", "--plans", "2",
                         "-o", str(mrf / name)], env, timeout=300, cwd=glimmr.ROOT).check()
    glimmr.launcher(["ingest", "--input", str(mrf)], env, cwd=glimmr.ROOT).check()
    glimmr.launcher(["aggregate"], env, cwd=glimmr.ROOT).check()
    return data
