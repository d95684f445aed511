"""Live progress over SSE: in order, ids are stream sequences, Last-Event-ID resumes."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest

from jobintel.contracts import Progress, ProgressState
from jobintel.runtime.settings import Settings
from jobintel.testkit.jetstream import jetstream, publish

pytestmark = pytest.mark.integration

STEPS = [
    ("ingestion", ProgressState.DONE, 100),
    ("annotation", ProgressState.RUNNING, 50),
    ("annotation", ProgressState.DONE, 100),
    ("research", ProgressState.DONE, 100),
    ("cv-generator", ProgressState.DONE, 100),
]


def progress(job_id: str, i: int) -> Progress:
    stage, state, percent = STEPS[i]
    return Progress(
        job_id=job_id,
        producer=stage,
        stage=stage,
        state=state,
        percent=percent,
        message=f"step {i}",
        final=i == len(STEPS) - 1,
    )


async def read_sse(
    client: httpx.AsyncClient,
    url: str,
    *,
    headers: dict[str, str] | None = None,
    stop_after: int | None = None,
) -> list[dict[str, Any]]:
    """Events of an SSE response as dicts (id, event, data, or comment)."""
    events: list[dict[str, Any]] = []
    current: dict[str, Any] = {}
    async with client.stream("GET", url, headers=headers) as resp:
        assert resp.status_code == 200, await resp.aread()
        assert resp.headers["content-type"].startswith("text/event-stream")
        async for line in resp.aiter_lines():
            if line == "":
                if current:
                    events.append(current)
                    current = {}
                    if stop_after is not None and sum("data" in e for e in events) >= stop_after:
                        break
                continue
            name, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if name == "data":
                current["data"] = json.loads(value)
            elif name == "":
                current["comment"] = value
            else:
                current[name] = value
    return [e for e in events if "data" in e]


async def test_progress_streams_in_order_and_ends_after_final(
    gateway: Any, settings: Settings
) -> None:
    job_id = (await gateway.client.post("/api/jobs", json={"text": "x" * 50})).json()["job_id"]
    url = f"/api/jobs/{job_id}/events"

    async def publish_slowly() -> None:
        async with jetstream(settings.nats_url) as (_, js):
            for i in range(len(STEPS)):
                await publish(js, progress(job_id, i))
                await asyncio.sleep(0.05)

    publisher = asyncio.create_task(publish_slowly())
    events = await asyncio.wait_for(read_sse(gateway.client, url), 20)
    await publisher
    # the gateway says at once that the job was accepted; then the stages follow in order
    assert events[0]["data"]["stage"] == "gateway"
    assert events[0]["data"]["state"] == "queued"
    events = events[1:]
    assert [e["data"]["message"] for e in events] == [f"step {i}" for i in range(len(STEPS))]
    assert all(e["event"] == "progress" for e in events)
    ids = [int(e["id"]) for e in events]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    assert events[-1]["data"]["final"] is True


async def test_last_event_id_resumes_without_loss(gateway: Any, settings: Settings) -> None:
    job_id = (await gateway.client.post("/api/jobs", json={"text": "x" * 50})).json()["job_id"]
    url = f"/api/jobs/{job_id}/events"
    async with jetstream(settings.nats_url) as (_, js):
        for i in range(2):
            await publish(js, progress(job_id, i))
        first = await asyncio.wait_for(read_sse(gateway.client, url, stop_after=3), 20)
        assert [e["data"]["message"] for e in first] == ["queued for ingestion", "step 0", "step 1"]
        # the client is gone; the work goes on
        for i in range(2, len(STEPS)):
            await publish(js, progress(job_id, i))
    resumed = await asyncio.wait_for(
        read_sse(gateway.client, url, headers={"Last-Event-ID": first[-1]["id"]}), 20
    )
    assert [e["data"]["message"] for e in resumed] == ["step 2", "step 3", "step 4"]
    assert int(resumed[0]["id"]) > int(first[-1]["id"])

    # a client that saw the final event gets an empty, finished stream
    done = await asyncio.wait_for(
        read_sse(gateway.client, url, headers={"Last-Event-ID": resumed[-1]["id"]}), 10
    )
    assert done == []


async def test_a_quiet_stream_sends_keep_alive_comments(
    gateway: Any,
    settings: Settings,
    samples: Any,
    eventually: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from jobintel.gateway.routes import events

    monkeypatch.setattr(events, "KEEPALIVE_SECONDS", 0.2)
    async with jetstream(settings.nats_url) as (_, js):
        await publish(js, samples.ingested())  # a job under way with no progress yet

    async def known() -> bool:
        return (await gateway.client.get(f"/api/jobs/{samples.job_id}")).status_code == 200

    await eventually(known)
    async with gateway.client.stream("GET", f"/api/jobs/{samples.job_id}/events") as resp:
        lines = resp.aiter_lines()
        first = await asyncio.wait_for(anext(lines), 5)
    assert first == ": keep-alive"


async def test_events_of_an_unknown_job_are_a_404(gateway: Any) -> None:
    resp = await gateway.client.get("/api/jobs/unknown/events")
    assert resp.status_code == 404


async def test_a_finished_job_whose_progress_aged_out_ends_at_once(
    gateway: Any, settings: Settings, samples: Any, eventually: Any
) -> None:
    async with jetstream(settings.nats_url) as (_, js):
        for event in (samples.ingested(), samples.structured(), samples.cv_generated()):
            await publish(js, event)

    async def ready() -> bool:
        view = await gateway.client.get(f"/api/jobs/{samples.job_id}")
        return view.status_code == 200 and view.json()["status"] == "cv_ready"

    await eventually(ready)
    events = await asyncio.wait_for(
        read_sse(gateway.client, f"/api/jobs/{samples.job_id}/events"), 10
    )
    assert events == []
