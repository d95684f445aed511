"""The whole stack as separate processes (`jobintel up`), driven over HTTP and SSE."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
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

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, timeout=30)

    def drain_output(self) -> str:
        """Everything `jobintel up` printed so far."""
        assert self.process.stdout is not None
        chunk = self.process.stdout.read()
        if chunk:
            self.output.extend(chunk.splitlines())
        return "\n".join(self.output)

    def logs(self) -> str:
        parts = ["\n".join(self.output)]
        for log in sorted((self.data_dir / "logs").glob("*.log")):
            parts.append(f"--- {log.name}\n{log.read_text(errors='replace')[-4000:]}")
        return "\n".join(parts)


def _read_until_ready(proc: subprocess.Popen[str], stack: Stack, timeout: float) -> None:
    assert proc.stdout is not None
    os.set_blocking(proc.stdout.fileno(), False)
    deadline = time.monotonic() + timeout
    buffer = ""
    while time.monotonic() < deadline:
        chunk = proc.stdout.read()
        if chunk:
            buffer += chunk
            *lines, buffer = buffer.split("\n")
            for line in lines:
                stack.output.append(line)
                if m := re.match(r"\s+(\S+)\s+pid (\d+)", line):
                    stack.pids[m.group(1)] = int(m.group(2))
                if line.startswith("jobintel: ready"):
                    return
        elif proc.poll() is not None:
            raise AssertionError(f"jobintel up exited early:\n{stack.logs()}")
        time.sleep(0.1)
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
    _read_until_ready(proc, stack, timeout=90)
    return stack


def stop_stack(stack: Stack) -> None:
    if stack.process.poll() is None:
        stack.process.send_signal(signal.SIGINT)
        try:
            stack.process.wait(40)
        except subprocess.TimeoutExpired:
            stack.process.kill()
            stack.process.wait()


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    s = start_stack(tmp_path / "data", free_port(), free_port())
    try:
        yield s
    finally:
        stop_stack(s)


def sample_profile() -> dict[str, Any]:
    return json.loads((SAMPLES / "profile.json").read_text())


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
