"""Gateway copies: each copy with its own SQLite store sees every event."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jobintel.contracts import JobIngested
from jobintel.gateway.consumers import durable_name
from jobintel.testkit.jetstream import jetstream, publish, settings_for_tests

pytestmark = pytest.mark.integration


def test_sqlite_copies_have_their_own_durables_and_mongodb_copies_share_one(
    tmp_path: Path,
) -> None:
    one = settings_for_tests("nats://127.0.0.1:4222", tmp_path / "one")
    two = settings_for_tests("nats://127.0.0.1:4222", tmp_path / "two")
    restarted = settings_for_tests("nats://127.0.0.1:4222", tmp_path / "one")
    names = [durable_name(JobIngested, s) for s in (one, two, restarted)]
    assert names[0].startswith("gateway-job-ingested-v1-")
    assert names[0] != names[1]
    assert names[0] == names[2]  # the id lives in the data dir: a restart resumes its durables

    shared = [
        durable_name(JobIngested, s.model_copy(update={"store_url": "mongodb://db/x"}))
        for s in (one, two)
    ]
    assert shared == ["gateway-job-ingested-v1"] * 2


async def test_two_copies_with_local_stores_each_show_every_job(
    nats_server: Any, tmp_path: Path, serve_gateway: Any, samples: Any, eventually: Any
) -> None:
    one = settings_for_tests(nats_server.url, tmp_path / "one")
    two = settings_for_tests(nats_server.url, tmp_path / "two")
    jobs = [type(samples)(company=f"Harbour {i}") for i in range(12)]
    async with serve_gateway(one) as first, serve_gateway(two) as second:
        async with jetstream(nats_server.url) as (_, js):
            for job in jobs:
                await publish(js, job.ingested())
                await publish(js, job.structured())

        for gw in (first, second):

            async def all_structured(gw: Any = gw) -> bool:
                listed = (
                    await gw.client.get("/api/jobs", params={"status": "structured", "limit": 50})
                ).json()
                return listed["total"] == len(jobs)

            await eventually(all_structured)
