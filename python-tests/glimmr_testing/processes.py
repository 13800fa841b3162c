"""Processes the tests start: each in a session of its own, so that stopping it also stops what it started (a
Spark worker's executors), with its output in a log file to show when something fails."""

from __future__ import annotations

import atexit
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Every process started here, ended at the latest when this interpreter exits (even when a test never got to stop it).
_STARTED: list["Process"] = []


@atexit.register
def _stop_all() -> None:
    for process in _STARTED:
        signal_group(process.pid, signal.SIGKILL)


class Process:
    """A started process and its log. `stop()` ends its whole process group: SIGTERM, then SIGKILL."""

    def __init__(self, name: str, command: list[str], log: Path, env: dict[str, str] | None = None,
                 cwd: Path | None = None):
        self.name = name
        self.log = log
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "ab") as out:
            self.popen = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                          env=env, cwd=cwd, start_new_session=True)
        _STARTED.append(self)

    @property
    def pid(self) -> int:
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen.poll() is None

    def tail(self, chars: int = 4000) -> str:
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def wait_until(self, ready: Callable[[], bool], timeout: float, what: str) -> None:
        """Polls `ready` until it is true; fails with the log's tail when the process ends or time runs out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive():
                raise RuntimeError(f"{self.name} ended (exit {self.popen.returncode}) before {what}:\n{self.tail()}")
            if ready():
                return
            time.sleep(0.25)
        raise RuntimeError(f"{self.name}: no {what} within {timeout:.0f} s:\n{self.tail()}")

    def kill(self) -> None:
        """Ends the process group at once (SIGKILL), as a machine that dies would."""
        signal_group(self.pid, signal.SIGKILL)
        self.popen.wait(timeout=30)

    def stop(self, grace: float = 20) -> None:
        if self.alive():
            signal_group(self.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                pass
        # whatever is left in its group (a child that outlived it) goes too
        signal_group(self.pid, signal.SIGKILL)
        if self.alive():
            self.popen.wait(timeout=30)


def signal_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except ProcessLookupError:
        pass


def group_members(pgid: int) -> list[int]:
    """The live processes of a process group (from /proc)."""
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # fields after the command name, which is in parentheses and may hold spaces
            fields = stat[stat.rindex(")") + 2:].split()
            if int(fields[2]) == pgid and fields[0] != "Z":
                members.append(int(entry.name))
    return members


def answers(url: str, timeout: float = 2) -> bool:
    """True when an HTTP GET of `url` gets any answer (an error status counts: the server is up)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout):
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0
