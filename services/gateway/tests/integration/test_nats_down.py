"""While nats-server is down, a 503 means nothing was created, even after NATS comes back."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from jobintel.contracts import streams
from jobintel.runtime.nats_server import NatsServer
from jobintel.testkit.jetstream import jetstream, settings_for_tests

pytestmark = pytest.mark.integration

POSTING = {"text": "Platform Engineer\nTidewater Logistics\n\nRun our Kubernetes platform."}


async def _pipeline_messages(url: str) -> int:
    async with jetstream(url) as (_, js):
        info = await js.stream_info(streams.PIPELINE.name)
        return int(info.state.messages)


async def test_a_503_while_nats_is_down_creates_nothing_later(
    tmp_path: Path, serve_gateway: Any
) -> None:
    nats = NatsServer(store_dir=tmp_path / "nats").start()
    try:
        settings = settings_for_tests(nats.url, tmp_path / "data")
        async with serve_gateway(settings) as gw:
            before = await _pipeline_messages(nats.url)
            nats.stop()
            answers = []
            for attempt in range(3):
                headers = {"Idempotency-Key": f"attempt-{attempt}"}
                answers.append(await gw.client.post("/api/jobs", json=POSTING, headers=headers))
            profile = await gw.client.put(
                "/api/profile", json={"resume": {"basics": {"name": "Ada Example"}}}
            )
            assert [a.status_code for a in answers] == [503, 503, 503]
            assert profile.status_code == 503
            assert "nothing was created" in answers[0].json()["detail"]
            assert answers[0].headers["retry-after"] == "5"

            nats.start()  # same port, same store: as a restarted server would be
            async with asyncio.timeout(20):
                while not (await gw.client.get("/readyz")).json()["nats_connected"]:  # noqa: ASYNC110
                    await asyncio.sleep(0.2)
            await asyncio.sleep(2)  # what a buffering client would have sent by now
            assert await _pipeline_messages(nats.url) == before
            listed = (await gw.client.get("/api/jobs")).json()
            assert listed["total"] == 0
            assert (await gw.client.get("/api/profile")).status_code == 404
    finally:
        nats.stop()
