"""The master CV: PUT publishes `profile.updated` with the next version; GET reads it back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from jobintel.contracts import ProfileUpdated, subjects
from jobintel.runtime.settings import Settings
from jobintel.testkit.jetstream import collect, jetstream

pytestmark = pytest.mark.integration

RESUME = {
    "basics": {"name": "Ada Quill", "email": "ada@example.org", "label": "Platform engineer"},
    "work": [
        {
            "name": "Harbour Ltd",
            "position": "Engineer",
            "startDate": "2019-03",
            "highlights": ["Ran Kubernetes for 40 services"],
        }
    ],
    "skills": [{"name": "Platform", "keywords": ["Kubernetes", "Python"]}],
}


async def test_a_profile_is_published_versioned_and_read_back(
    gateway: Any, settings: Settings, eventually: Any
) -> None:
    assert (await gateway.client.get("/api/profile")).status_code == 404
    assert (await gateway.client.get("/api/profile/persona")).status_code == 404
    # a persona before any CV is kept for the first one
    early = await gateway.client.put(
        "/api/profile/persona",
        json={"identity": "Platform engineer", "core_strengths": ["reliability"]},
    )
    assert early.status_code == 200, early.text
    assert early.json()["version"] is None
    assert "no master CV yet" in early.json()["notes"][0]
    resp = await gateway.client.put("/api/profile", json=RESUME)
    assert resp.status_code == 202, resp.text
    assert resp.json()["version"] == 1

    async def stored() -> dict[str, Any] | None:
        got = await gateway.client.get("/api/profile")
        return got.json() if got.status_code == 200 else None

    profile = await eventually(stored)
    assert profile["resume"]["basics"]["name"] == "Ada Quill"
    assert profile["persona"]["core_strengths"] == ["reliability"]

    second = await gateway.client.put(
        "/api/profile", json={**RESUME, "basics": {"name": "Ada M. Quill"}}
    )
    assert second.json()["version"] == 2

    async with jetstream(settings.nats_url) as (_, js):
        events = await collect(
            js, subjects.PROFILE_UPDATED, ProfileUpdated, until=lambda e: len(e) >= 2
        )
    assert [e.profile.version for e in events] == [1, 2]
    assert events[1].profile.resume.basics.name == "Ada M. Quill"
    assert events[1].profile.persona.core_strengths == ["reliability"]  # kept

    async def newest() -> bool:
        return (await gateway.client.get("/api/profile")).json()["version"] == 2

    await eventually(newest)


async def test_concurrent_puts_get_distinct_versions(gateway: Any, settings: Settings) -> None:
    import asyncio

    answers = await asyncio.gather(
        *(
            gateway.client.put("/api/profile", json={**RESUME, "basics": {"name": f"Ada {i}"}})
            for i in range(6)
        )
    )
    assert all(a.status_code == 202 for a in answers), [a.text for a in answers]
    assert sorted(a.json()["version"] for a in answers) == list(range(1, 7))


async def test_two_gateways_sharing_a_store_never_issue_the_same_version(
    settings: Settings,
) -> None:
    import asyncio

    from jobintel.gateway.readmodel import next_profile_version
    from jobintel.runtime.store import open_store

    url = settings.store_url_for("gateway")
    one, two = await open_store(url), await open_store(url)  # two replicas' connections
    try:
        versions = await asyncio.gather(
            *(next_profile_version(store, "default") for _ in range(5) for store in (one, two))
        )
    finally:
        await one.close()
        await two.close()
    assert sorted(versions) == list(range(1, 11))


async def test_two_running_gateways_answer_concurrent_puts_with_distinct_versions(
    settings: Settings, serve_gateway: Any
) -> None:
    import asyncio

    async with serve_gateway(settings) as one, serve_gateway(settings) as two:
        answers = await asyncio.gather(
            *(
                gw.client.put("/api/profile", json={**RESUME, "basics": {"name": f"Ada {i}"}})
                for i in range(4)
                for gw in (one, two)
            )
        )
    assert all(a.status_code == 202 for a in answers), [a.text for a in answers]
    assert sorted(a.json()["version"] for a in answers) == list(range(1, 9))


async def test_the_sample_profile_is_accepted(gateway: Any) -> None:
    import jobintel.runtime

    samples = Path(jobintel.runtime.__file__).parent / "samples"
    resp = await gateway.client.put(
        "/api/profile",
        content=(samples / "resume.json").read_bytes(),
        headers={"content-type": "application/json"},
    )
    assert resp.status_code == 202, resp.text
    assert resp.json()["mapped"] == []
    assert resp.json()["normalised"] == []
    persona = json.loads((samples / "persona.json").read_text())
    assert (await gateway.client.put("/api/profile/persona", json=persona)).status_code == 200


@pytest.mark.parametrize(
    ("resume", "field"),
    [
        ({"basics": {"name": "Ada", "email": "not-an-email"}}, "email"),
        ({"basics": {"name": ""}}, "name"),
        ({"work": []}, "basics"),
        ({**RESUME, "work": [{"startDate": "Spring 2019"}]}, "startDate"),
    ],
)
async def test_a_profile_schema_error_names_the_field(
    gateway: Any, resume: dict[str, Any], field: str
) -> None:
    resp = await gateway.client.put("/api/profile", json=resume)
    assert resp.status_code == 422
    locations = [e["loc"] for e in resp.json()["detail"]]
    assert any(loc[-1] == field for loc in locations), locations
