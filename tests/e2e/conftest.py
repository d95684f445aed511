"""The whole stack as separate processes (`jobintel up`), driven over HTTP and SSE."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from jobintel.runtime.nats_server import free_port

SAMPLES = Path(__file__).parents[2] / "libs/runtime/src/jobintel/runtime/samples"


@dataclass
class Stack:
    process: subprocess.Popen[str]
    base_url: str
    nats_url: str
    data_dir: Path
    pids: dict[str, int] = field(default_factory=dict)
    output: list[str] = field(default_factory=list)
    ready: threading.Event = field(default_factory=threading.Event)
    reader: threading.Thread | None = None

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, timeout=30)

    def printed(self) -> str:
        """Everything `jobintel up` printed so far."""
        return "\n".join(self.output)

    def logs(self) -> str:
        parts = ["\n".join(self.output)]
        for log in sorted((self.data_dir / "logs").glob("*.log")):
            parts.append(f"--- {log.name}\n{log.read_text(errors='replace')[-4000:]}")
        return "\n".join(parts)


def _pump(proc: subprocess.Popen[str], stack: Stack) -> None:
    """Collect what `jobintel up` prints, noting each child's pid."""
    assert proc.stdout is not None
    for raw in proc.stdout:
        line = raw.rstrip("\n")
        stack.output.append(line)
        if m := re.match(r"\s+(\S+)\s+pid (\d+)", line):
            stack.pids[m.group(1)] = int(m.group(2))
        if line.startswith("jobintel: ready"):
            stack.ready.set()


def _wait_ready(stack: Stack, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if stack.ready.wait(0.2):
            return
        if stack.process.poll() is not None:
            raise AssertionError(f"jobintel up exited early:\n{stack.logs()}")
    raise AssertionError(f"stack not ready in {timeout}s:\n{stack.logs()}")


def start_stack(data_dir: Path, port: int, nats_port: int) -> Stack:
    env = {
        **os.environ,
        "JOBINTEL_ACK_WAIT_SECONDS": "4",
        "JOBINTEL_RETRY_BASE_SECONDS": "0.5",
        "JOBINTEL_HEARTBEAT_SECONDS": "0.5",
        "JOBINTEL_GRACEFUL_TIMEOUT_SECONDS": "5",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("JOBINTEL_API_TOKEN", None)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jobintel.runtime.cli",
            "up",
            "--data-dir",
            str(data_dir),
            "--port",
            str(port),
            "--nats-port",
            str(nats_port),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    stack = Stack(proc, f"http://127.0.0.1:{port}", f"nats://127.0.0.1:{nats_port}", data_dir)
    stack.reader = threading.Thread(target=_pump, args=(proc, stack), daemon=True)
    stack.reader.start()
    try:
        _wait_ready(stack, timeout=90)
    except BaseException:
        stop_stack(stack)
        raise
    return stack


def stop_stack(stack: Stack) -> None:
    if stack.process.poll() is None:
        stack.process.send_signal(signal.SIGINT)
        try:
            stack.process.wait(40)
        except subprocess.TimeoutExpired:
            stack.process.kill()
            stack.process.wait()
    if stack.reader is not None:
        stack.reader.join(5)
    if stack.process.stdout is not None:
        stack.process.stdout.close()


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    s = start_stack(tmp_path / "data", free_port(), free_port())
    try:
        yield s
    finally:
        stop_stack(s)


def sample_profile() -> dict[str, Any]:
    """The sample master CV: a plain JSON Resume document, as `PUT /api/profile` takes it."""
    return json.loads((SAMPLES / "resume.json").read_text())


def sample_persona() -> dict[str, Any]:
    return json.loads((SAMPLES / "persona.json").read_text())


def sample_posting(name: str) -> dict[str, str]:
    text = (SAMPLES / "postings" / name).read_text()
    head, _, body = text[4:].partition("\n---\n")
    meta = dict(line.split(": ", 1) for line in head.splitlines())
    return {"text": body, **meta}


def follow_events(
    client: httpx.Client, job_id: str, *, last_event_id: str | None = None, timeout: float = 90
) -> list[dict[str, Any]]:
    """Read the job's SSE stream until the server ends it; returns the events with their ids."""
    headers = {"Accept": "text/event-stream"}
    if last_event_id:
        headers["Last-Event-ID"] = last_event_id
    events: list[dict[str, Any]] = []
    current: dict[str, Any] = {}
    with client.stream(
        "GET", f"/api/jobs/{job_id}/events", headers=headers, timeout=httpx.Timeout(timeout)
    ) as resp:
        assert resp.status_code == 200, resp.read()
        for line in resp.iter_lines():
            if not line:
                if "data" in current:
                    events.append(current)
                current = {}
                continue
            if line.startswith(":"):
                continue
            key, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if key == "data":
                current["data"] = json.loads(value)
            elif key in ("id", "event"):
                current[key] = value
    return events
