"""A Spark standalone cluster on loopback: a master and workers, each a JVM of its own started from the Spark that
the pyspark package ships (its bin/spark-class and jars), the way `sbin/start-master.sh` and `start-worker.sh` start
them. Applications reach it as `spark://127.0.0.1:<port>`; each worker runs its executors as child processes."""

from __future__ import annotations

import importlib.util
import functools
import json
import os
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

from .processes import Process, free_port, group_members


def spark_home() -> Path:
    """The pyspark package folder of this Python environment: Spark's jars and bin/ (spark-class, spark-submit)."""
    spec = importlib.util.find_spec("pyspark")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pyspark is not installed in this Python environment (dags/requirements.txt has it)")
    return Path(next(iter(spec.submodule_search_locations)))


# Run as its command: mounts an empty file system over each of the first $1 folders after it, then runs the rest.
HIDE_SCRIPT = 'n=$1; shift; while [ "$n" -gt 0 ]; do mount -t tmpfs -o size=64k glimmr-hidden "$1" || exit 97; ' \
              'shift; n=$((n-1)); done; exec "$@"'


@functools.cache
def can_hide_folders() -> bool:
    """Whether this machine lets us start a process in a mount namespace of its own (root, or user namespaces)."""
    probe = ["unshare", "--mount", "--propagation", "private", "sh", "-c", HIDE_SCRIPT, "sh", "1", "/mnt", "true"]
    try:
        return subprocess.run(probe, capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


class TestingSparkCluster:
    """A master and `workers` workers with `cores` cores and `memory` for executors each. `kill_worker(i)` ends a
    worker and its executors at once (SIGKILL), as if its machine died; `close()` stops everything that is left.

    `hidden` folders (the driver's local disk, say) are out of the workers' and their executors' sight where the
    machine allows it (`hides_folders`): they run in a mount namespace of their own with an empty file system mounted
    over each, as on another machine, so a task that opened a path of the driver's disk would find nothing."""
    __test__ = False  # a helper, not a test class

    def __init__(self, folder: Path, workers: int = 2, cores: int = 1, memory: str = "1g",
                 daemon_memory: str = "256m", hidden: list[Path] = ()):
        self.folder = folder
        self.hidden = [Path(h) for h in hidden]
        self.hides_folders = bool(self.hidden) and can_hide_folders()
        folder.mkdir(parents=True, exist_ok=True)
        self.home = spark_home()
        self.port = free_port()
        self.webui_port = free_port()
        self.url = f"spark://127.0.0.1:{self.port}"
        self.cores = cores
        self.memory = memory
        # daemons only keep track: a small heap, and the quick compiler (they must not take CPU from executors)
        self.env = {**os.environ, "SPARK_HOME": str(self.home), "SPARK_LOCAL_IP": "127.0.0.1",
                    "SPARK_DAEMON_MEMORY": daemon_memory, "SPARK_DAEMON_JAVA_OPTS": "-XX:TieredStopAtLevel=1",
                    "SPARK_CONF_DIR": str(self._conf_dir())}
        self.master: Process | None = None
        self.workers: list[Process] = []
        self.worker_webui_ports: list[int] = []
        try:
            for attempt in range(3):
                if attempt:
                    self.port, self.webui_port = free_port(), free_port()
                    self.url = f"spark://127.0.0.1:{self.port}"
                self.master = Process("spark master", [str(self.home / "bin" / "spark-class"),
                                                       "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                                                       "--port", str(self.port), "--webui-port", str(self.webui_port)],
                                      folder / "master.log", env=self.env)
                if started(self.master, lambda: self._state() is not None, "master web UI", attempt):
                    break
            for i in range(workers):
                self.add_worker()
        except BaseException:
            self.close()
            raise

    def _conf_dir(self) -> Path:
        conf = self.folder / "daemon-conf"
        conf.mkdir(exist_ok=True)
        # the daemons' own logs: warnings only (INFO lines of every heartbeat would fill the logs)
        (conf / "log4j2.properties").write_text("\n".join([
            "rootLogger.level = warn", "rootLogger.appenderRef.stdout.ref = console",
            "appender.console.type = Console", "appender.console.name = console", "appender.console.target = SYSTEM_ERR",
            "appender.console.layout.type = PatternLayout",
            "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %p %c{1}: %m%n%ex", ""]))
        return conf

    def add_worker(self) -> Process:
        for attempt in range(3):
            worker = self._start_worker()
            expected = len([w for w in self.workers if w.alive()])
            if started(worker, lambda: len(self.alive_workers()) >= expected, "registration with the master", attempt):
                return worker
            self.workers.pop()
            self.worker_webui_ports.pop()
        raise AssertionError("unreachable")

    def _start_worker(self) -> Process:
        i = len(self.workers)
        work_dir = self.folder / f"worker-{i}"
        work_dir.mkdir(exist_ok=True)
        webui_port = free_port()
        self.worker_webui_ports.append(webui_port)
        command = [str(self.home / "bin" / "spark-class"), "org.apache.spark.deploy.worker.Worker", "--host",
                   "127.0.0.1", "--cores", str(self.cores), "--memory", self.memory, "--webui-port", str(webui_port),
                   "--work-dir", str(work_dir), self.url]
        if self.hides_folders:
            for h in self.hidden:
                h.mkdir(parents=True, exist_ok=True)
            command = ["unshare", "--mount", "--propagation", "private", "sh", "-c", HIDE_SCRIPT, "sh",
                       str(len(self.hidden)), *map(str, self.hidden), *command]
        # its executors' scratch space (shuffle, spills) on its own disk, whatever an application's spark.local.dir
        env = {**self.env, "SPARK_LOCAL_DIRS": str(work_dir / "local")}
        worker = Process(f"spark worker {i}", command, self.folder / f"worker-{i}.log", env=env)
        self.workers.append(worker)
        return worker

    def _state(self, port: int | None = None) -> dict | None:
        """A daemon's /json/ page; None until it answers (another server on the port answers something else)."""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port or self.webui_port}/json/", timeout=5) as response:
                state = json.load(response)
        except (OSError, ValueError):
            return None
        return state if port is not None or state.get("url") == self.url else None

    def executors_of(self, worker: int) -> list[tuple[str, str]]:
        """(application id, executor id) of each executor worker `worker` runs (from its /json/ page)."""
        state = self._state(self.worker_webui_ports[worker]) or {}
        return [(e.get("appid"), str(e.get("id"))) for e in state.get("executors", [])]

    def state(self) -> dict:
        """The master's view (its /json/ page): workers, active and completed applications."""
        state = self._state()
        if state is None:
            raise RuntimeError(f"the Spark master does not answer:\n{self.master.tail() if self.master else ''}")
        return state

    def alive_workers(self) -> list[dict]:
        state = self._state() or {}
        return [w for w in state.get("workers", []) if w.get("state") == "ALIVE"]

    def kill_worker(self, index: int) -> None:
        """Ends worker `index` and its executors at once, as a machine that dies."""
        self.workers[index].kill()

    def work_dirs(self) -> list[Path]:
        return [self.folder / f"worker-{i}" for i in range(len(self.workers))]

    def wait_idle(self, timeout: float = 60) -> None:
        """Waits until no application runs (an application's executors end a moment after its driver)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.state().get("activeapps") and not any(
                    len(group_members(w.pid)) > 1 for w in self.workers if w.alive()):
                return
            time.sleep(0.5)
        raise RuntimeError(f"applications still running after {timeout:.0f} s: {self.state().get('activeapps')}")

    def close(self) -> None:
        for worker in self.workers:
            worker.stop()
        if self.master is not None:
            self.master.stop()

    def remove_app_jars(self) -> None:
        """Each application copies its jar into every worker's folder; drops those copies (logs stay)."""
        for work_dir in self.work_dirs():
            for jar in work_dir.glob("app-*/*/*.jar"):
                jar.unlink(missing_ok=True)

    def __enter__(self) -> "TestingSparkCluster":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def started(process: Process, ready, what: str, attempt: int) -> bool:
    """Waits for `ready`. False when it did not come and another attempt is left: most likely a port was taken between
    choosing and binding it (the daemon then ends, or serves another port), so the caller starts it again on others."""
    try:
        process.wait_until(ready, 120, what)
        return True
    except RuntimeError:
        process.stop()
        if attempt < 2:
            return False
        raise


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
