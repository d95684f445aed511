"""Company profiles through the API, read from `company.researched`; refresh is a command."""

from __future__ import annotations

from typing import Any

import pytest

from jobintel.contracts import CompanyResearched, ResearchCompany, subjects
from jobintel.runtime.settings import Settings
from jobintel.testkit.jetstream import collect, jetstream, publish

from ..conftest import Samples

pytestmark = pytest.mark.integration


def researched(samples: Samples, t: float, summary: str) -> CompanyResearched:
    event = samples.researched(t=t)
    return event.model_copy(
        update={"company": event.company.model_copy(update={"summary": summary})}
    )


async def test_a_company_shows_its_newest_profile_and_its_jobs(
    gateway: Any, settings: Settings, eventually: Any
) -> None:
    older, newer = Samples(), Samples()
    async with jetstream(settings.nats_url) as (_, js):
        for s in (older, newer):
            await publish(js, s.ingested())
        await publish(js, researched(newer, 5, "Newest summary."))
        await publish(js, researched(older, 3, "Older summary."))

    async def both_jobs() -> dict[str, Any] | None:
        resp = await gateway.client.get("/api/companies/tidewater.example")
        body: dict[str, Any] = resp.json()
        return body if resp.status_code == 200 and len(body["jobs"]) == 2 else None

    body = await eventually(both_jobs)
    assert body["company"]["name"] == "Tidewater"
    assert body["company"]["summary"] == "Newest summary."
    assert body["company"]["contacts"][0]["source_url"] == "https://tidewater.example/team"
    assert [j["job_id"] for j in body["jobs"]] == [newer.job_id, older.job_id]
    assert body["links"]["refresh"].endswith("/api/companies/tidewater.example/refresh")


async def test_refresh_asks_research_again_for_the_newest_job(
    gateway: Any, settings: Settings, eventually: Any
) -> None:
    older, newer = Samples(), Samples()
    async with jetstream(settings.nats_url) as (_, js):
        await publish(js, researched(older, 3, "a"))
        await publish(js, researched(newer, 5, "b"))

        async def known() -> bool:
            resp = await gateway.client.get("/api/companies/tidewater.example")
            return resp.status_code == 200 and len(resp.json()["jobs"]) == 2

        await eventually(known)
        resp = await gateway.client.post("/api/companies/tidewater.example/refresh")
        assert resp.status_code == 202, resp.text
        assert resp.json()["job_id"] == newer.job_id
        assert resp.json()["events_url"].endswith(f"/api/jobs/{newer.job_id}/events")
        [command] = await collect(
            js, subjects.CMD_RESEARCH, ResearchCompany, until=lambda e: len(e) >= 1
        )
    assert command.job_id == newer.job_id
    assert command.force_refresh


async def test_an_unknown_company_is_a_404_that_says_where_ids_come_from(gateway: Any) -> None:
    for method, path in (
        ("GET", "/api/companies/nobody.example"),
        ("POST", "/api/companies/nobody.example/refresh"),
    ):
        resp = await gateway.client.request(method, path)
        assert resp.status_code == 404
        assert "company_profile.company_id" in resp.json()["detail"]
