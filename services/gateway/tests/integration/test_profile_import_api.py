"""`POST /api/profile/import`: a CV file becomes a draft to review, offline or drafted by Claude."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import SecretStr

from jobintel.runtime.settings import Settings
from jobintel.testkit.anthropic import ErrorReply, FakeAnthropic, FakeCall

pytestmark = pytest.mark.integration

TYPES = {
    "markdown": "text/markdown",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


async def upload(gateway: Any, data: bytes, kind: str, name: str) -> Any:
    return await gateway.client.post(
        "/api/profile/import",
        params={"filename": name},
        content=data,
        headers={"content-type": TYPES[kind]},
    )


@pytest.mark.parametrize(
    ("kind", "name", "first_role"),
    [
        ("markdown", "ines.md", ("Senior Site Reliability Engineer", "Saltmarsh Travel")),
        ("pdf", "okafor.pdf", ("Lead Backend Engineer", "Pennine Freight Systems")),
        ("docx", "vidal.docx", ("Senior Product Designer", "Lumen Health")),
    ],
)
async def test_each_format_becomes_a_draft_that_saves_as_it_is(
    gateway: Any, cv_files: Any, eventually: Any, kind: str, name: str, first_role: Any
) -> None:
    data = getattr(cv_files, kind)()
    resp = await upload(gateway, data, kind, name)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["format"] == kind
    assert body["notes"][0].startswith("read offline:")
    assert "basics.label" in body["unsure"]
    work = body["draft"]["work"]
    assert (work[0]["position"], work[0]["name"]) == first_role
    assert all(w.get("startDate") for w in work)
    # nothing was saved by the import; the reviewed draft is saved with PUT
    assert (await gateway.client.get("/api/profile")).status_code == 404
    saved = await gateway.client.put("/api/profile", json=body["draft"])
    assert saved.status_code == 202, saved.text

    async def stored() -> Any:
        got = await gateway.client.get("/api/profile")
        return got.json() if got.status_code == 200 else None

    profile = await eventually(stored)
    assert [w["name"] for w in profile["resume"]["work"]] == [w["name"] for w in work]


async def test_a_json_resume_sent_to_the_importer_is_taken_as_it_is(gateway: Any) -> None:
    from pathlib import Path

    older = Path(__file__).parents[1] / "fixtures" / "resumes" / "older.json"
    resp = await gateway.client.post(
        "/api/profile/import", params={"filename": "resume.json"}, content=older.read_bytes()
    )
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["notes"][0] == "the file is already a JSON Resume document: taken as it is"
    assert "work[0].company read as work[0].name" in body["notes"]
    assert [w["name"] for w in body["draft"]["work"]] == [
        "Northgate Civic Digital",
        "Brightwater Insurance",
        "Penfold & Daughters",
    ]
    assert body["unsure"] == []


async def test_an_unreadable_file_is_refused_with_what_to_send(gateway: Any, cv_files: Any) -> None:
    resp = await upload(gateway, cv_files.pdf([]), "pdf", "scan.pdf")
    assert resp.status_code == 422
    assert "no text layer" in resp.json()["detail"]


async def test_claude_drafts_when_configured_and_unsure_fields_are_listed(
    settings: Settings, serve_gateway: Any, cv_files: Any
) -> None:
    calls: list[FakeCall] = []

    def model(call: FakeCall) -> dict[str, Any]:
        calls.append(call)
        return {
            "resume": {
                "basics": {"name": "Daniel Okafor", "label": "Backend Engineer"},
                "work": [
                    {
                        "name": "Pennine Freight Systems",
                        "position": "Lead Backend Engineer",
                        "startDate": "2021-01",
                        "highlights": ["Replaced a nightly batch with Kafka events"],
                    },
                    {
                        "name": "Harrowgate Parcel Co.",
                        "position": "Principal Kotlin Wizard",  # not in the file
                        "startDate": "2017",
                        "endDate": "2020",
                    },
                ],
            },
            "unsure": ["work[1].startDate"],
        }

    async with FakeAnthropic(model) as fake:
        configured = settings.model_copy(
            update={"anthropic_base_url": fake.url, "anthropic_api_key": SecretStr(fake.api_key)}
        )
        async with serve_gateway(configured) as gateway:
            resp = await upload(gateway, cv_files.pdf(), "pdf", "okafor.pdf")
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert "Pennine Freight Systems" in calls[0].prompt  # the file's text went to the model
    assert body["draft"]["work"][1]["position"] == "Principal Kotlin Wizard"
    assert body["unsure"] == ["work[1].startDate", "work[1].position"]
    assert body["notes"][0].startswith("drafted by ")
    assert "not in the file word for word" in body["notes"][1]


async def test_a_failing_claude_falls_back_to_the_offline_draft_and_says_why(
    settings: Settings, serve_gateway: Any, cv_files: Any
) -> None:
    async with FakeAnthropic(lambda call: ErrorReply(400, "prompt is too long")) as fake:
        configured = settings.model_copy(
            update={"anthropic_base_url": fake.url, "anthropic_api_key": SecretStr(fake.api_key)}
        )
        async with serve_gateway(configured) as gateway:
            resp = await upload(gateway, cv_files.markdown(), "markdown", "ines.md")
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["draft"]["work"][0]["name"] == "Saltmarsh Travel"
    assert body["notes"][0].startswith("read offline:")
    fell_back = body["notes"][-1]
    assert fell_back.startswith("Claude drafting failed (")
    assert "prompt is too long" in fell_back
    assert fell_back.endswith("used the offline draft")
