"""Session fixtures shared by the cluster tests and the DAG tests (run-pytest.sh loads this as a pytest plugin):
one S3-API server, one Spark standalone cluster of two 1-core workers, and the folder that stands for the driver's
local disk, which the workers and their executors cannot see."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

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
