"""The `jobintel` command's own work: replaying stored events and exporting contracts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jobintel.contracts import Confidence, JobDiscarded, JobIngested, Posting, subjects
from jobintel.runtime.cli import _replay, app
from jobintel.runtime.settings import Settings
from jobintel.testkit.jetstream import collect, jetstream, publish

pytestmark = pytest.mark.integration


def _ingested(job_id: str) -> JobIngested:
    posting = Posting(
        source="paste",
        title="Data Engineer",
        description_text="Build pipelines in Python.",
        confidence=Confidence.MEDIUM,
    )
    return JobIngested(job_id=job_id, producer="test", posting=posting)


async def test_replay_republishes_each_stored_event_as_a_new_event(settings: Settings) -> None:
    jobs = [str(uuid.uuid4()) for _ in range(3)]
    async with jetstream(settings.nats_url) as (_, js):
        originals = [_ingested(j) for j in jobs]
        for event in originals:
            await publish(js, event)

        count = await _replay(settings, subjects.JOB_INGESTED, None, jobs[1])
        assert count == 1
        seen = await collect(js, subjects.JOB_INGESTED, JobIngested, until=lambda e: len(e) >= 4)

    replayed = seen[3]
    assert replayed.job_id == jobs[1]
    assert replayed.causation_id == originals[1].event_id
    assert replayed.event_id not in {e.event_id for e in originals}
    assert replayed.posting == originals[1].posting
    assert replayed.producer == "replay"


async def test_replay_twice_is_not_swallowed_by_deduplication(settings: Settings) -> None:
    job = str(uuid.uuid4())
    async with jetstream(settings.nats_url) as (_, js):
        await publish(js, _ingested(job))
        assert await _replay(settings, subjects.JOB_INGESTED, None, job) == 1
        # the second replay also sees the first replay's copy: both go out again
        assert await _replay(settings, subjects.JOB_INGESTED, None, job) == 2
        seen = await collect(js, subjects.JOB_INGESTED, JobIngested, until=lambda e: len(e) >= 4)
    assert len({e.event_id for e in seen}) == 4


async def test_replay_does_not_replay_its_own_copies(settings: Settings) -> None:
    """The stream's last message is on another subject: the copies come before the loop ends."""
    job = str(uuid.uuid4())
    async with jetstream(settings.nats_url) as (_, js):
        await publish(js, _ingested(job))
        await publish(js, JobDiscarded(job_id=job, producer="test"))
        assert await _replay(settings, subjects.JOB_INGESTED, None, job) == 1
        info = await js.stream_info("PIPELINE", subjects_filter=subjects.JOB_INGESTED)
    assert (info.state.subjects or {})[subjects.JOB_INGESTED] == 2  # not a copy of a copy


def test_replay_against_no_nats_says_so_at_once(tmp_path: Path) -> None:
    env = {**os.environ, "JOBINTEL_NATS_URL": "nats://127.0.0.1:1"}
    done = subprocess.run(
        [sys.executable, "-m", "jobintel.runtime.cli", "replay", "job.ingested"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "cannot reach NATS at nats://127.0.0.1:1" in done.stderr
    assert "Traceback" not in done.stderr


def test_contracts_export_writes_a_schema_per_event(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["contracts", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    schema = json.loads((tmp_path / "schemas" / "job_ingested.json").read_text())
    assert schema["x-subject"] == "job.ingested"
    assert "posting" in schema["properties"]
    assert (tmp_path / "asyncapi" / "ingestion.json").exists()
    spec = json.loads((tmp_path / "asyncapi" / "ingestion.json").read_text())
    assert any("cmd.ingest.posting" in json.dumps(ch) for ch in spec["channels"].values())


def test_the_committed_contract_documents_are_current(tmp_path: Path) -> None:
    """docs/ is what `make contracts` writes today: a contract change must come with its docs."""
    docs = Path(__file__).parents[4] / "docs"
    result = CliRunner().invoke(app, ["contracts", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for folder in ("schemas", "asyncapi"):
        fresh = {p.name: p.read_text() for p in (tmp_path / folder).iterdir()}
        committed = {p.name: p.read_text() for p in (docs / folder).iterdir()}
        assert sorted(fresh) == sorted(committed), f"run `make contracts`: {folder} differ"
        stale = [name for name in fresh if fresh[name] != committed[name]]
        assert not stale, f"run `make contracts`: {stale} are out of date"
