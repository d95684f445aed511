"""`jobintel up` as an operator meets it: refusals before starting, and a stack that holds.

Each test runs the real command in its own process group, on free ports and its own data
directory, and leaves nothing running behind it.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from jobintel.runtime.nats_server import free_port

pytestmark = pytest.mark.integration

JOBINTEL = [sys.executable, "-m", "jobintel.runtime.cli"]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JOBINTEL_")}
    env["JOBINTEL_GRACEFUL_TIMEOUT_SECONDS"] = "3"
    return env


def _up(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*JOBINTEL, "up", "--data-dir", str(tmp_path / "data"), *args],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_public_bind_without_a_token_stops_before_anything_starts(tmp_path: Path) -> None:
    done = _up(tmp_path, "--host", "0.0.0.0", "--port", str(free_port()), "--nats-port", "0")
    assert done.returncode == 2
    assert "refusing to listen on 0.0.0.0" in done.stderr
    assert "JOBINTEL_API_TOKEN" in done.stderr
    assert not (tmp_path / "data" / "nats").exists()  # no nats-server, no worker was started


def test_a_busy_port_is_said_instead_of_ready(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = _up(tmp_path, "--port", str(port), "--nats-port", "0")
    assert done.returncode == 2
    assert f"port {port} on 127.0.0.1 is in use" in done.stderr
    assert "ready" not in done.stdout


class Up:
    """A running `jobintel up` whose output lines are collected as they come."""

    def __init__(self, tmp_path: Path) -> None:
        self.port = free_port()
        self.nats_port = free_port()
        self.process = subprocess.Popen(
            [*JOBINTEL, "up", "--data-dir", str(tmp_path / "data"), *self.ports()],
            env=_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def ports(self) -> list[str]:
        return ["--port", str(self.port), "--nats-port", str(self.nats_port)]

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip())

    def wait_for(self, text: str, within: float) -> None:
        deadline = time.monotonic() + within
        while not any(text in line for line in self.lines):
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise AssertionError(f"no {text!r} in:\n" + "\n".join(self.lines[-40:]))
            time.sleep(0.2)

    def pids(self) -> dict[str, int]:
        """The newest pid of each process, from the start table and the restart lines."""
        found = {}
        for line in self.lines:
            match = re.match(r"\s+(\S+)\s+pid (\d+)", line) or re.match(
                r"jobintel: (\S+) restarted, pid (\d+)", line
            )
            if match:
                found[match[1]] = int(match[2])
        return found

    def ready(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/readyz", timeout=2) as r:
                return bool(r.status == 200)
        except OSError:
            return False


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return True
    return state in ("Z", "X")  # a zombie has exited; nobody may be left to reap it


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Up]:
    up = Up(tmp_path)
    try:
        yield up
    finally:
        for pid in [up.process.pid, *up.pids().values()]:  # what a failed test left running
            if not _gone(pid):
                os.kill(pid, signal.SIGKILL)
        up.process.wait(timeout=30)
        assert up.process.stdout is not None
        up.process.stdout.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux's")
def test_nats_is_restarted_and_nothing_outlives_a_killed_supervisor(stack: Up) -> None:
    stack.wait_for("jobintel: ready at", within=150)
    pids = stack.pids()
    assert set(pids) >= {"nats-server", "ingestion", "annotation", "gateway"}

    os.kill(pids["nats-server"], signal.SIGKILL)
    stack.wait_for("nats-server restarted", within=30)
    deadline = time.monotonic() + 60
    while not stack.ready():
        assert time.monotonic() < deadline, "the gateway did not become ready again"
        time.sleep(0.5)

    children = list(stack.pids().values())  # the restarted nats-server among them
    assert children.count(pids["nats-server"]) == 0
    os.kill(stack.process.pid, signal.SIGKILL)
    deadline = time.monotonic() + 45
    while not all(_gone(pid) for pid in children):
        left = [pid for pid in children if not _gone(pid)]
        assert time.monotonic() < deadline, f"still running after the supervisor died: {left}"
        time.sleep(0.5)
