"""Readiness needs NATS and a recent heartbeat from every worker; the token guards the API."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jobintel.contracts import Heartbeat, subjects
from jobintel.runtime.settings import Settings
from jobintel.testkit.jetstream import jetstream, settings_for_tests

pytestmark = pytest.mark.integration

WORKERS = ["ingestion", "annotation", "research", "cv-generator"]


async def test_ready_only_after_every_worker_reported_in(
    gateway: Any, settings: Settings, eventually: Any
) -> None:
    assert (await gateway.client.get("/healthz")).json() == {"status": "ok"}
    resp = await gateway.client.get("/readyz")
    assert resp.status_code == 503
    assert resp.json()["missing"] == WORKERS
    assert resp.json()["nats_connected"] is True

    async with jetstream(settings.nats_url) as (nc, _):

        async def beat(services: list[str]) -> None:
            for service in services:
                hb = Heartbeat(service=service, instance=f"{service}@test", started_at="now")
                await nc.publish(subjects.heartbeat_subject(service), hb.model_dump_json().encode())
            await nc.flush()

        await beat(WORKERS[:3])

        async def only_cv_missing() -> bool:
            body = (await gateway.client.get("/readyz")).json()
            return body["missing"] == ["cv-generator"]

        await eventually(only_cv_missing)
        assert (await gateway.client.get("/readyz")).status_code == 503
        await beat(WORKERS)

        async def ready() -> bool:
            return (await gateway.client.get("/readyz")).status_code == 200

        await eventually(ready)


async def test_a_silent_worker_makes_the_gateway_unready_again(
    gateway: Any, settings: Settings, eventually: Any
) -> None:
    async with jetstream(settings.nats_url) as (nc, _):
        for service in WORKERS:
            hb = Heartbeat(service=service, instance="x", started_at="now")
            await nc.publish(subjects.heartbeat_subject(service), hb.model_dump_json().encode())
        await nc.flush()

    async def ready() -> bool:
        return (await gateway.client.get("/readyz")).status_code == 200

    await eventually(ready)
    # heartbeat_seconds is 0.2 in tests: silence for > 3 x 0.2 + 1 s is "missing"

    async def unready() -> bool:
        return (await gateway.client.get("/readyz")).status_code == 503

    await eventually(unready, limit=5)


async def test_the_bearer_token_is_enforced_when_set(
    nats_server: Any, tmp_path: Path, serve_gateway: Any
) -> None:
    settings = settings_for_tests(nats_server.url, tmp_path / "data", api_token="s3cret")
    async with serve_gateway(settings) as gw:
        assert (await gw.client.get("/api/jobs")).status_code == 401
        wrong = await gw.client.get("/api/jobs", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        ok = await gw.client.get("/api/jobs", headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 200
        posted = await gw.client.post("/api/jobs", json={"text": "x" * 50})
        assert posted.status_code == 401
        assert (await gw.client.get("/healthz")).status_code == 200


async def test_losing_nats_makes_the_gateway_unready_until_it_is_back(
    gateway: Any, nats_server: Any, eventually: Any
) -> None:
    import asyncio

    assert (await gateway.client.get("/readyz")).json()["nats_connected"] is True
    await asyncio.to_thread(nats_server.stop)

    async def nats_missing() -> bool:
        body = (await gateway.client.get("/readyz")).json()
        return body["nats_connected"] is False and body["missing"][0] == "nats"

    await eventually(nats_missing)
    assert (await gateway.client.get("/healthz")).status_code == 200  # alive, not ready
    await asyncio.to_thread(nats_server.start)

    async def reconnected() -> bool:
        return (await gateway.client.get("/readyz")).json()["nats_connected"] is True

    await eventually(reconnected, limit=20)
