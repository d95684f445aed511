"""Logs of a running service say which job and trace each line belongs to, and only that one."""

from __future__ import annotations

import json
import uuid
from types import ModuleType
from typing import Any

import pytest

from jobintel.contracts import JobDiscarded, StructureJob, subjects
from jobintel.runtime.settings import Settings
from jobintel.testkit.jetstream import collect, jetstream, publish, running

pytestmark = pytest.mark.integration


def json_lines(text: str) -> list[dict[str, Any]]:
    lines = []
    for line in text.splitlines():
        if line.startswith("{"):
            lines.append(json.loads(line))
    return lines


async def test_each_message_logs_its_own_job_and_trace(
    settings: Settings, probe: ModuleType, capfd: pytest.CaptureFixture[str]
) -> None:
    settings = settings.model_copy(update={"log_json": True})
    app, _ = probe.create_app(settings)
    with_job = StructureJob(job_id=f"job-{uuid.uuid4().hex[:8]}", producer="test")
    without_job = StructureJob(job_id=None, producer="test")
    async with running(app), jetstream(settings.nats_url) as (_, js):
        await publish(js, with_job)
        await collect(js, subjects.JOB_DISCARDED, JobDiscarded, until=lambda e: len(e) >= 1)
        await publish(js, without_job)
        await collect(js, subjects.JOB_DISCARDED, JobDiscarded, until=lambda e: len(e) >= 2)

    handled = [e for e in json_lines(capfd.readouterr().err) if e.get("event") == "probe handled"]
    assert len(handled) == 2, handled
    first, second = handled
    assert first["job_id"] == with_job.job_id
    assert first["service"] == "probe"
    assert "job_id" not in second  # the first message's job id did not leak into the next
    for entry in handled:
        assert len(entry["trace_id"]) == 32
        int(entry["trace_id"], 16)
    assert first["trace_id"] != second["trace_id"]
