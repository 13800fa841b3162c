"""The cluster jar under pyspark's spark-submit offers the same commands and arguments as ./glimmr."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(command: list[str]) -> str:
    env = {**os.environ, "SPARK_LOCAL_IP": "127.0.0.1",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stderr[-4000:]
    return result.stdout


@pytest.mark.parametrize("args", [["--help"], ["ingest", "--help"], ["aggregate", "--help"]], ids=" ".join)
def test_spark_submit_and_the_launcher_take_the_same_arguments(cluster_jar, args):
    submitted = run(["spark-submit", "--master", "local[1]", "--class", "org.glimmr.jobs.Glimmr", str(cluster_jar), *args])
    launched = run([str(ROOT / "glimmr"), *args])
    assert submitted == launched
    assert "Usage:" in submitted
