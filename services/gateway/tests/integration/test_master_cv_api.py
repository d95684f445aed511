"""`PUT /api/profile` with JSON Resume documents as people have them; the persona on its own."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from jobintel.contracts import ProfileUpdated, subjects
from jobintel.runtime.settings import Settings
from jobintel.testkit.jetstream import collect, jetstream

pytestmark = pytest.mark.integration

RESUMES = Path(__file__).parents[1] / "fixtures" / "resumes"


def given(value: Any) -> Any:
    """The document without empty lists (the model's defaults, shown by GET)."""
    if isinstance(value, dict):
        return {k: given(v) for k, v in value.items() if v != []}
    if isinstance(value, list):
        return [given(v) for v in value]
    return value


async def stored_profile(gateway: Any, eventually: Any, version: int = 1) -> dict[str, Any]:
    async def check() -> dict[str, Any] | None:
        got = await gateway.client.get("/api/profile")
        if got.status_code == 200 and got.json()["version"] >= version:
            return dict(got.json())
        return None

    return dict(await eventually(check))


async def test_a_plain_json_resume_is_stored_whole(gateway: Any, eventually: Any) -> None:
    raw = (RESUMES / "complete.json").read_bytes()
    resp = await gateway.client.put(
        "/api/profile", content=raw, headers={"content-type": "application/json"}
    )
    assert resp.status_code == 202, resp.text
    answer = resp.json()
    assert answer["mapped"] == []
    assert answer["normalised"] == []
    assert answer["ignored"] == []
    assert answer["unknown_kept"] == ["basics.x-pronouns", "work[0].x-team-size", "x-generator"]
    profile = await stored_profile(gateway, eventually)
    assert given(profile["resume"]) == json.loads(raw)  # every section, field, unknown field


@pytest.mark.parametrize("content_type", ["application/yaml", "text/yaml; charset=utf-8"])
async def test_a_yaml_resume_is_read(gateway: Any, eventually: Any, content_type: str) -> None:
    resp = await gateway.client.put(
        "/api/profile",
        content=(RESUMES / "complete.yaml").read_bytes(),
        headers={"content-type": content_type},
    )
    assert resp.status_code == 202, resp.text
    normalised = {n["field"]: n for n in resp.json()["normalised"]}
    assert normalised["education[0].score"]["now"] == "1.7"
    resume = (await stored_profile(gateway, eventually))["resume"]
    assert resume["basics"]["name"] == "Tomasz Brandt"
    assert [(w["name"], w["position"], w["startDate"]) for w in resume["work"]] == [
        ("Elbe Freight Data", "Lead Data Engineer", "2020-07-01"),
        ("Rheinpost Analytics", "Data Engineer", "2016-10"),
        ("Statistisches Landesamt Nord", "Working Student", "2014"),
    ]


async def test_an_older_resume_keeps_every_employer_title_and_date(
    gateway: Any, eventually: Any, settings: Settings
) -> None:
    resp = await gateway.client.put(
        "/api/profile",
        content=(RESUMES / "older.json").read_bytes(),
        headers={"content-type": "application/json"},
    )
    assert resp.status_code == 202, resp.text
    answer = resp.json()
    mapped = {(m["from"], m["to"]) for m in answer["mapped"]}
    assert ("work[0].company", "work[0].name") in mapped
    assert ("work[1].website", "work[1].url") in mapped
    assert ("basics.website", "basics.url") in mapped
    assert ("education[0].gpa", "education[0].score") in mapped
    ongoing = next(n for n in answer["normalised"] if n["field"] == "work[0].endDate")
    assert ongoing["was"] == "Present"
    assert "ongoing" in ongoing["note"]

    resume = (await stored_profile(gateway, eventually))["resume"]
    roles = [(w["name"], w["position"], w["startDate"], w.get("endDate")) for w in resume["work"]]
    assert roles == [
        ("Northgate Civic Digital", "Senior Backend Developer", "2020-03-01", None),
        ("Brightwater Insurance", "Backend Developer", "2016-04", "2020-02"),
        ("Penfold & Daughters", "Junior Developer", "2013-09", "2016-03"),
    ]
    assert resume["basics"]["url"] == "https://ruth.example.com"
    assert "company" not in resume["work"][0]
    assert "website" not in resume["work"][0]
    async with jetstream(settings.nats_url) as (_, js):
        [event] = await collect(js, subjects.PROFILE_UPDATED, ProfileUpdated, until=bool)
    assert [w.name for w in event.profile.resume.work] == [r[0] for r in roles]


async def test_an_invalid_resume_gets_a_short_error_naming_each_field(gateway: Any) -> None:
    document = json.loads((RESUMES / "older.json").read_text())
    document["basics"]["email"] = "ruth at example dot com"
    document["work"][1]["startDate"] = "03/04/2016"
    resp = await gateway.client.put("/api/profile", json=document)
    assert resp.status_code == 422
    body = resp.json()
    assert body["message"] == "The master CV was not saved: 1 field to fix"
    [problem] = body["detail"]
    assert problem["field"] == "work[1].startDate"
    assert "could be 3 Apr or 4 Mar 2016" in problem["msg"]
    assert '"2019-04"' in problem["fix"]
    assert "Northgate" not in resp.text
    assert "Case-management" not in resp.text
    assert len(resp.text) < 600

    document["work"][1]["startDate"] = "2016-04"
    resp = await gateway.client.put("/api/profile", json=document)
    assert resp.status_code == 422
    assert [p["field"] for p in resp.json()["detail"]] == ["basics.email"]
    assert "ruth at example" not in resp.text


async def test_a_body_sent_without_its_type_is_read_as_json_or_yaml(
    gateway: Any, eventually: Any
) -> None:
    # curl -d sends application/x-www-form-urlencoded unless told otherwise
    resp = await gateway.client.put(
        "/api/profile",
        content=(RESUMES / "older.json").read_bytes(),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert resp.status_code == 202, resp.text
    resp = await gateway.client.put(
        "/api/profile",
        content=(RESUMES / "complete.yaml").read_bytes(),
        headers={"content-type": "text/plain"},
    )
    assert resp.status_code == 202, resp.text
    resume = (await stored_profile(gateway, eventually, version=2))["resume"]
    assert resume["basics"]["name"] == "Tomasz Brandt"


async def test_a_body_that_is_not_a_cv_document_is_refused_with_the_way_to_go(
    gateway: Any,
) -> None:
    resp = await gateway.client.put(
        "/api/profile", content=b"# Ada Quill", headers={"content-type": "text/markdown"}
    )
    assert resp.status_code == 415
    assert "/api/profile/import" in resp.json()["detail"]
    resp = await gateway.client.put(
        "/api/profile", content=b'{"basics": ', headers={"content-type": "application/json"}
    )
    assert resp.status_code == 422
    assert "not valid JSON at line 1" in resp.json()["detail"][0]["msg"]
    resp = await gateway.client.put("/api/profile", json=["not", "an", "object"])
    assert resp.status_code == 422
    assert "an object, not a list" in resp.json()["detail"][0]["msg"]


async def test_the_deprecated_envelope_still_works_and_says_so(
    gateway: Any, eventually: Any
) -> None:
    resp = await gateway.client.put(
        "/api/profile",
        json={"resume": {"basics": {"name": "Ada Quill"}}, "persona": {"tone": "plain"}},
    )
    assert resp.status_code == 202, resp.text
    assert resp.headers["deprecation"] == "true"
    assert resp.json()["persona_saved"] is True
    assert "/api/profile/persona" in resp.json()["deprecated"]
    profile = await stored_profile(gateway, eventually)
    assert profile["persona"]["tone"] == "plain"
    assert (await gateway.client.get("/api/profile/persona")).json()["tone"] == "plain"


async def test_the_persona_has_its_own_endpoint_and_keeps_the_cv(
    gateway: Any, eventually: Any
) -> None:
    resume = json.loads((RESUMES / "complete.json").read_text())
    assert (await gateway.client.put("/api/profile", json=resume)).status_code == 202
    # straight after the CV, on purpose: the persona must not bring back an older CV
    resp = await gateway.client.put(
        "/api/profile/persona",
        json={"identity": "Reliability engineer", "target_roles": ["SRE lead"], "tone": "calm"},
    )
    assert resp.status_code == 200, resp.text
    assert resp.json()["version"] == 2
    profile = await stored_profile(gateway, eventually, version=2)
    assert given(profile["resume"]) == resume
    assert profile["persona"]["target_roles"] == ["SRE lead"]
    got = await gateway.client.get("/api/profile/persona")
    assert got.json()["identity"] == "Reliability engineer"
    # and a new CV keeps the persona
    resume["basics"]["label"] = "Principal SRE"
    assert (await gateway.client.put("/api/profile", json=resume)).json()["version"] == 3
    profile = await stored_profile(gateway, eventually, version=3)
    assert profile["persona"]["tone"] == "calm"
    assert profile["resume"]["basics"]["label"] == "Principal SRE"

    bad = await gateway.client.put("/api/profile/persona", json={"voice": "loud"})
    assert bad.status_code == 422


async def test_the_profile_endpoints_are_documented(gateway: Any) -> None:
    spec = (await gateway.client.get("/openapi.json")).json()
    put = spec["paths"]["/api/profile"]["put"]
    assert set(put["requestBody"]["content"]) == {"application/json", "application/yaml"}
    assert "older field names" in put["description"]
    assert "Deprecated" in put["description"]
    assert "422" in put["responses"]
    assert set(spec["paths"]["/api/profile/persona"]) == {"get", "put"}
    imported = spec["paths"]["/api/profile/import"]["post"]
    assert "application/pdf" in imported["requestBody"]["content"]
    assert "unsure" in imported["description"]
