"""Stopping a worker process mid-message loses nothing: the probe service as a real process.

Three commands wait in the stream; the probe (see `probe_service.py`) works on the first
slowly when it is stopped. After a restart, every command's outcome exists exactly once.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import uuid
from collections import Counter
from pathlib import Path

import pytest

from jobintel.contracts import JobDiscarded, StructureJob, subjects
from jobintel.runtime.nats_server import NatsServer
from jobintel.runtime.store import open_store
from jobintel.testkit.jetstream import collect, jetstream, publish

pytestmark = pytest.mark.integration

PROBE = Path(__file__).with_name("probe_service.py")


class ProbeProcess:
    def __init__(self, tmp_path: Path, nats_url: str, *, delay: float, graceful: float) -> None:
        self.tmp_path = tmp_path
        self.attempt_log = tmp_path / "attempts.log"
        self.output = tmp_path / "probe.out"
        self.env = {
            **os.environ,
            "JOBINTEL_NATS_URL": nats_url,
            "JOBINTEL_DATA_DIR": str(tmp_path / "data"),
            "JOBINTEL_ACK_WAIT_SECONDS": "1",
            "JOBINTEL_GRACEFUL_TIMEOUT_SECONDS": str(graceful),
            "JOBINTEL_HEARTBEAT_SECONDS": "0.5",
            "PROBE_DELAY": str(delay),
            "PROBE_LOG": str(self.attempt_log),
        }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.output.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, str(PROBE)],
                env=self.env,
                cwd=self.tmp_path,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def attempts(self) -> list[tuple[str, int]]:
        if not self.attempt_log.exists():
            return []
        lines = self.attempt_log.read_text().splitlines()
        return [(job, int(n)) for job, n in (line.split() for line in lines)]

    async def wait_for_attempts(self, count: int, within: float = 30.0) -> None:
        async with asyncio.timeout(within):
            while len(self.attempts()) < count:  # noqa: ASYNC110 (another process writes it)
                await asyncio.sleep(0.05)

    async def stop(self, sig: signal.Signals, within: float = 30.0) -> int:
        assert self.process is not None
        self.process.send_signal(sig)
        return await asyncio.to_thread(self.process.wait, within)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def tail(self) -> str:
        return self.output.read_text(errors="replace")[-3000:] if self.output.exists() else ""


@pytest.mark.parametrize(
    ("sig", "delay", "graceful", "redone"),
    [
        pytest.param(signal.SIGTERM, 1.5, 10.0, False, id="sigterm-drains-in-flight-work"),
        pytest.param(signal.SIGTERM, 30.0, 0.5, True, id="sigterm-cuts-work-past-the-grace"),
        pytest.param(signal.SIGKILL, 30.0, 10.0, True, id="sigkill"),
    ],
)
async def test_stopping_the_process_mid_work_loses_nothing(
    nats_server: NatsServer,
    tmp_path: Path,
    sig: signal.Signals,
    delay: float,
    graceful: float,
    redone: bool,
) -> None:
    commands = [StructureJob(job_id=str(uuid.uuid4()), producer="test") for _ in range(3)]
    first = str(commands[0].job_id)
    probe = ProbeProcess(tmp_path, nats_server.url, delay=delay, graceful=graceful)
    try:
        async with jetstream(nats_server.url) as (_, js):
            for cmd in commands:
                await publish(js, cmd)

            probe.start()
            await probe.wait_for_attempts(1)
            code = await probe.stop(sig)
            if sig is signal.SIGTERM:
                assert code == 0, probe.tail()
            assert probe.attempts() == [(first, 1)], "stopped before taking more work"
            done_before_restart = await js.stream_info("PIPELINE", subjects.JOB_DISCARDED)
            assert (done_before_restart.state.subjects or {}).get(subjects.JOB_DISCARDED, 0) == (
                0 if redone else 1
            ), probe.tail()

            probe.env["PROBE_DELAY"] = "0.2"
            probe.start()
            done = await collect(
                js, subjects.JOB_DISCARDED, JobDiscarded, until=lambda e: len(e) >= 3
            )
            assert await probe.stop(signal.SIGTERM) == 0, probe.tail()

            info = await js.stream_info("PIPELINE", subjects_filter=">")
            stored = info.state.subjects or {}
        assert stored.get(subjects.JOB_DISCARDED) == 3
        assert subjects.PIPELINE_FAILED not in stored, stored
        assert sorted(str(e.job_id) for e in done) == sorted(str(c.job_id) for c in commands)
        tries = Counter(job for job, _ in probe.attempts())
        assert tries[first] == (2 if redone else 1)
        assert all(tries[str(c.job_id)] == 1 for c in commands[1:])
    finally:
        probe.kill()

    store = await open_store(f"sqlite:///{tmp_path / 'data' / 'probe.db'}")
    try:
        records = await store.find("outcomes")
    finally:
        await store.close()
    assert sorted(r.key for r in records) == sorted(str(c.job_id) for c in commands)
