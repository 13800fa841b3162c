"""Glimmr's command lines as a user runs them: the cluster jar under pyspark's spark-submit (any master), and the
`./glimmr` launcher (local mode, `java -cp`), each a process of its own with the given environment."""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from .spark_cluster import spark_home

ROOT = Path(__file__).resolve().parents[2]
CLUSTER_JAR = ROOT / "spark-jobs" / "target" / "glimmr-spark-jobs-cluster.jar"
LAUNCHER = ROOT / "glimmr"
MAIN_CLASS = "org.glimmr.jobs.Glimmr"

# What a single machine puts in spark-defaults.conf (docs/operations.md): Spark's and Delta's defaults are made for
# a cluster of many cores, and Glimmr applies none of its local tuning under spark-submit.
ONE_MACHINE_DEFAULTS = {
    "spark.sql.shuffle.partitions": "4",
    "spark.databricks.delta.snapshotPartitions": "2",
    "spark.sql.sources.parallelPartitionDiscovery.parallelism": "2",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.driver.host": "127.0.0.1",
    "spark.ui.enabled": "false",
}

# For the tests' small data: the JIT's optimising compiler (C2) costs every fresh JVM (driver, executors, launcher)
# more CPU than it saves; with the quick compiler alone a small job takes about half the CPU time. The quick compiler
# alone also shrinks the code cache to 48 MB, which an aggregate (two tables written at once, each with its generated
# code) can fill: "Out of space in CodeCache for adapters" fails the job. So the cache keeps its usual size.
QUICK_JIT = "-XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=240m"

LOG4J_WARN = "\n".join([
    "rootLogger.level = warn", "rootLogger.appenderRef.stderr.ref = console",
    "appender.console.type = Console", "appender.console.name = console", "appender.console.target = SYSTEM_ERR",
    "appender.console.layout.type = PatternLayout",
    "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %p %c{1}: %m%n%ex", ""])


def spark_conf_dir(folder: Path, settings: dict[str, str]) -> Path:
    """A SPARK_CONF_DIR with these spark-defaults and Spark's logs at WARN (the jobs' own output stays)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "spark-defaults.conf").write_text("".join(f"{k} {v}\n" for k, v in settings.items()))
    (folder / "log4j2.properties").write_text(LOG4J_WARN)
    return folder


@dataclass
class Result:
    command: list[str]
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    def check(self) -> "Result":
        assert self.returncode == 0, (f"{' '.join(self.command[-6:])} failed (exit {self.returncode}) after "
                                      f"{self.seconds:.0f} s:\n{self.stdout[-3000:]}\n{self.stderr[-6000:]}")
        return self


def run(command: list[str], env: dict[str, str], timeout: float, cwd: Path | None = None) -> Result:
    started = time.monotonic()
    # a session of its own: a timeout ends the whole process tree (spark-submit's JVM, an embedded PostgreSQL)
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                          text=True, env=env, cwd=cwd, start_new_session=True) as process:
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            out, err = process.communicate()
            err += f"\n(killed after {timeout:.0f} s)"
    return Result(command, process.returncode, out, err, time.monotonic() - started)


def submit(master: str, args: list[str], env: dict[str, str], conf_dir: Path, timeout: float = 900,
           conf: dict[str, str] | None = None, cwd: Path | None = None) -> Result:
    """`spark-submit --master MASTER --class org.glimmr.jobs.Glimmr <cluster jar> ARGS` (client mode)."""
    command = [str(spark_home() / "bin" / "spark-submit"), "--master", master, "--name", f"glimmr-{args[0]}"]
    for k, v in (conf or {}).items():
        command += ["--conf", f"{k}={v}"]
    command += ["--class", MAIN_CLASS, str(CLUSTER_JAR), *args]
    full_env = {**env, "SPARK_CONF_DIR": str(conf_dir), "SPARK_LOCAL_IP": "127.0.0.1",
                "SPARK_HOME": str(spark_home())}
    return run(command, full_env, timeout, cwd)


def launcher(args: list[str], env: dict[str, str], timeout: float = 900, cwd: Path | None = None) -> Result:
    """`./glimmr ARGS`: local mode (glimmr.spark.master, local[*] by default) with Glimmr's own tuning."""
    return run([str(LAUNCHER), *args], env, timeout, cwd)


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without any GLIMMR_ setting (the tests say each one), plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GLIMMR_") or k == "GLIMMR_CDS_DIR"}
    env.update(extra)
    return env
