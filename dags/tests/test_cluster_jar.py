"""The cluster jar under pyspark's spark-submit offers the same commands and arguments as ./glimmr, and every
command and option the DAGs pass."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def spark_submit(jar: Path, *args: str) -> str:
    return run(["spark-submit", "--master", "local[1]", "--class", "org.glimmr.jobs.Glimmr", str(jar), *args])


def run(command: list[str]) -> str:
    env = {**os.environ, "SPARK_LOCAL_IP": "127.0.0.1",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stderr[-4000:]
    return result.stdout


@pytest.mark.parametrize("args", [["--help"], ["ingest", "--help"]], ids=" ".join)
def test_spark_submit_and_the_launcher_take_the_same_arguments(cluster_jar, args):
    submitted = spark_submit(cluster_jar, *args)
    launched = run([str(ROOT / "glimmr"), *args])
    assert submitted == launched
    assert "Usage:" in submitted


def test_every_dag_task_calls_a_command_and_options_the_jar_has(dagbag, cluster_jar):
    """A renamed command or option breaks this test, not a scheduled run."""
    calls = {}
    for dag in dagbag.dags.values():
        for task in dag.tasks:
            command, *args = task.application_args
            calls.setdefault(command, set()).update(a for a in args if a.startswith("--"))
    assert set(calls) == {"discover", "fetch", "ingest", "aggregate", "export", "maintain"}
    for command, options in sorted(calls.items()):
        usage = spark_submit(cluster_jar, command, "--help")
        assert f"Usage: glimmr {command}" in usage
        for option in options:
            assert option in usage, f"glimmr {command} has no {option}:\n{usage}"


@pytest.mark.parametrize("args", [["generate", "--layout", "json", "-o", "never.json"], ["bench", "ingest"],
                                  ["bench", "aggregate"]], ids=" ".join)
def test_workstation_tools_say_where_they_run_instead_of_crashing(cluster_jar, tmp_path, args):
    """The generator is left out of the cluster jar: its commands say so, as a user error (exit 64), not a trace."""
    env = {**os.environ, "SPARK_LOCAL_IP": "127.0.0.1", "GLIMMR_DATA_DIR": str(tmp_path),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(["spark-submit", "--master", "local[1]", "--class", "org.glimmr.jobs.Glimmr", str(cluster_jar),
                             *args], capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path)
    assert result.returncode == 64, result.stderr[-4000:]
    assert f"glimmr {' '.join(args[:2]) if args[0] == 'bench' else 'generate'} is not in the cluster jar" in result.stderr
    assert "./glimmr" in result.stderr and "\tat " not in result.stderr
    assert not (tmp_path / "never.json").exists()


def test_the_benchmarks_duckdb_stays_out_of_the_cluster_jar(cluster_jar):
    """DuckDB (`glimmr bench aggregate`'s baseline, an 80 MB jar of native libraries) is on ./glimmr's class path only."""
    with zipfile.ZipFile(cluster_jar) as jar:
        duckdb = [n for n in jar.namelist() if n.startswith("org/duckdb/") or "libduckdb" in n]
    assert duckdb == []
