"""The `./glimmr` launcher's class-data sharing (CDS), run as a user runs it: the first ingest writes the archive,
later jobs map it, a failed first run leaves nothing behind, and the JVM's CDS messages never reach a command's output.

run-pytest.sh points GLIMMR_CDS_DIR at python-tests/target/cds for the whole session and these tests run first, so
the notebook tests after them start with the archive written here. Each test empties that folder first.
"""

import json
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
GLIMMR = REPO / "glimmr"
SAMPLE = REPO / "samples" / "mrf" / "cedar-valley_v3_tall.csv"
COUNT_SQL = "select count(*) as n from silver.standard_charges"


@pytest.fixture
def cds_dir():
    path = Path(os.environ.get("GLIMMR_CDS_DIR") or REPO / "python-tests" / "target" / "cds")
    path.mkdir(parents=True, exist_ok=True)
    for old in path.iterdir():
        old.unlink()
    return path


def run(env, *args, java_opts=None):
    env = dict(env)
    if java_opts:
        env["GLIMMR_JAVA_OPTS"] = java_opts
    return subprocess.run([str(GLIMMR), *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=900)


def environment(tmp_path, cds_dir, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GLIMMR_")}
    env.update(GLIMMR_DATA_DIR=str(tmp_path / "data"), GLIMMR_CDS_DIR=str(cds_dir), **extra)
    return env


def loaded_from_archive(log: Path) -> list[str]:
    """Classes the JVM took from the dynamic (top) archive, from its -Xlog:class+load log."""
    return [line.split()[1] for line in log.read_text().splitlines() if "source: shared objects file (top)" in line]


def test_a_failed_first_run_leaves_no_archive(tmp_path, cds_dir):
    # fails on its configuration, after the JVM started with the archive to write at its exit
    env = environment(tmp_path, cds_dir, GLIMMR_LAKEHOUSE_ROOT="s3://bucket/lake")
    failed = run(env, "ingest", "--input", str(SAMPLE))
    assert failed.returncode == 2, failed.stderr[-3000:]
    assert "writes a class-data archive" in failed.stderr
    assert "GLIMMR_LAKEHOUSE_ROOT" in failed.stderr
    assert list(cds_dir.iterdir()) == []


def test_help_writes_no_archive(tmp_path, cds_dir):
    shown = run(environment(tmp_path, cds_dir), "ingest", "--help")
    assert shown.returncode == 0, shown.stderr[-3000:]
    assert "--input" in shown.stdout
    assert "class-data archive" not in shown.stderr
    assert list(cds_dir.iterdir()) == []


# last: the notebook tests after this file start with the archive it leaves
def test_first_ingest_writes_the_archive_and_later_jobs_map_it(tmp_path, cds_dir):
    env = environment(tmp_path, cds_dir)
    first = run(env, "ingest", "--input", str(SAMPLE))
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    assert "writes a class-data archive" in first.stderr
    assert "1 ok, 0 partial, 0 rejected" in first.stdout
    # over a thousand [warning][cds] lines come with writing an archive; none may reach the output
    assert not [l for l in first.stdout.splitlines() + first.stderr.splitlines() if l.startswith("[")]
    archives = sorted(p.name for p in cds_dir.iterdir())
    assert len(archives) == 1 and archives[0].startswith("glimmr-") and archives[0].endswith(".jsa"), archives
    archive = cds_dir / archives[0]
    written = archive.stat().st_mtime_ns

    log = tmp_path / "class-load.log"
    query = run(env, "sql", "--format", "json", "-e", COUNT_SQL, java_opts=f"-Xlog:class+load=info:file={log}")
    assert query.returncode == 0, query.stderr[-3000:]
    assert "class-data archive" not in query.stderr
    # the output is the answer alone: nothing of the JVM's mixed in
    [answer] = query.stdout.splitlines()
    assert json.loads(answer)["n"] > 0
    shared = loaded_from_archive(log)
    assert "org.glimmr.jobs.Glimmr" in shared
    assert any(name.startswith("org.apache.spark.sql.") for name in shared)
    assert any(name.startswith("io.delta.") or name.startswith("org.apache.spark.sql.delta.") for name in shared)
    assert [p.name for p in cds_dir.iterdir()] == archives and archive.stat().st_mtime_ns == written

    off_log = tmp_path / "class-load-off.log"
    off = run(environment(tmp_path, cds_dir, GLIMMR_CDS="off"), "--version", java_opts=f"-Xlog:class+load=info:file={off_log}")
    assert off.returncode == 0, off.stderr[-3000:]
    assert "org.glimmr.jobs.Glimmr source: " in off_log.read_text()
    assert loaded_from_archive(off_log) == []
