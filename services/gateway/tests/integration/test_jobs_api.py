"""Jobs through the API: POST publishes the command; facts from upstream show up in reads."""

from __future__ import annotations

from typing import Any

import pytest

from jobintel.contracts import (
    FailureKind,
    GenerateCv,
    IngestPosting,
    IngestUrl,
    JobDiscarded,
    PipelineFailed,
    StructureJob,
    subjects,
)
from jobintel.runtime.settings import Settings
from jobintel.testkit.jetstream import collect, jetstream, publish

pytestmark = pytest.mark.integration

TEXT = "Platform Engineer\n\nTidewater runs Kubernetes. You know Python and PostgreSQL."


async def test_a_pasted_posting_is_queued_and_sent_to_ingestion(
    gateway: Any, settings: Settings
) -> None:
    resp = await gateway.client.post(
        "/api/jobs", json={"text": TEXT, "title": "Platform Engineer", "company": "Tidewater"}
    )
    assert resp.status_code == 202, resp.text
    body = resp.json()
    job_id = body["job_id"]
    assert body["status_url"].endswith(f"/api/jobs/{job_id}")
    assert body["events_url"].endswith(f"/api/jobs/{job_id}/events")

    view = (await gateway.client.get(f"/api/jobs/{job_id}")).json()
    assert view["status"] == "queued"
    assert view["title"] == "Platform Engineer"
    assert view["request"]["kind"] == "text"

    async with jetstream(settings.nats_url) as (_, js):
        [command] = await collect(
            js, subjects.CMD_INGEST_POSTING, IngestPosting, until=lambda e: len(e) >= 1
        )
    assert command.job_id == job_id
    assert command.text == TEXT
    assert command.company == "Tidewater"
    assert command.producer == "gateway"


async def test_a_url_is_sent_as_an_ingest_url_command(gateway: Any, settings: Settings) -> None:
    resp = await gateway.client.post("/api/jobs", json={"url": "https://jobs.example/42"})
    assert resp.status_code == 202, resp.text
    async with jetstream(settings.nats_url) as (_, js):
        [command] = await collect(
            js, subjects.CMD_INGEST_URL, IngestUrl, until=lambda e: len(e) >= 1
        )
    assert command.job_id == resp.json()["job_id"]
    assert command.url == "https://jobs.example/42"


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({}, "give one of text, html, data or url"),
        ({"text": "a", "html": "<p>a</p>"}, "give only one"),
        ({"url": "ftp://example.org/job"}, "url"),
        ({"text": "x" * 200_001}, "text"),
    ],
)
async def test_bad_postings_are_refused_with_the_reason(
    gateway: Any, body: dict[str, Any], problem: str
) -> None:
    resp = await gateway.client.post("/api/jobs", json=body)
    assert resp.status_code == 422
    assert problem in resp.text


async def test_an_oversized_body_is_refused(gateway: Any) -> None:
    resp = await gateway.client.post("/api/jobs", json={"data": {"blob": "x" * 3_000_000}})
    assert resp.status_code == 413


async def test_facts_from_every_stage_show_in_the_job(
    gateway: Any, settings: Settings, samples: Any, eventually: Any
) -> None:
    async with jetstream(settings.nats_url) as (_, js):
        for event in (
            samples.ingested(),
            samples.structured(),
            samples.researched(),
            samples.cv_generated(),
        ):
            await publish(js, event)

    async def ready() -> dict[str, Any] | None:
        # each fact has its own consumer: they land in any order, so wait for all four
        resp = await gateway.client.get(f"/api/jobs/{samples.job_id}")
        view = resp.json() if resp.status_code == 200 else None
        return view if view and len(view["history"]) == 4 else None

    view = await eventually(ready)
    assert view["status"] == "cv_ready"
    assert view["posting"]["title"] == "Platform Engineer"
    assert [s["kind"] for s in view["jd"]["sections"]][:2] == ["about_company", "responsibilities"]
    assert view["company_profile"]["contacts"][0]["name"] == "Noor Haddad"
    assert view["cv"]["ats"]["score"] == 82.5
    assert view["cv"]["grounding"]["items"][0]["verdict"] == "verbatim"
    assert view["cv_formats"] == ["md"]
    assert view["links"]["cv_md"].endswith(f"/api/jobs/{samples.job_id}/cv?format=md")
    producers = {s["stage"]: s["producer"] for s in view["history"]}
    assert producers == {
        "ingested": "ingestion",
        "structured": "annotation",
        "researched": "research",
        "cv_generated": "cv-generator",
    }

    listed = (await gateway.client.get("/api/jobs", params={"status": "cv_ready"})).json()
    assert [j["job_id"] for j in listed["items"]] == [samples.job_id]
    assert listed["items"][0]["ats_score"] == 82.5
    by_company = (await gateway.client.get("/api/jobs", params={"company": "TIDEWATER"})).json()
    assert by_company["total"] == 1
    none = (await gateway.client.get("/api/jobs", params={"status": "failed"})).json()
    assert none == {"items": [], "total": 0, "limit": 50, "offset": 0}


async def test_a_failed_job_shows_failed_with_its_reason(
    gateway: Any, settings: Settings, samples: Any, eventually: Any
) -> None:
    failure = PipelineFailed(
        job_id=samples.job_id,
        producer="ingestion",
        stage="ingestion",
        kind=FailureKind.INVALID_INPUT,
        reason="text too short: paste more",
        failed_subject=subjects.CMD_INGEST_POSTING,
        dead_lettered=True,
    )
    async with jetstream(settings.nats_url) as (_, js):
        await publish(js, failure)

    async def failed() -> dict[str, Any] | None:
        resp = await gateway.client.get("/api/jobs", params={"status": "failed"})
        items = resp.json()["items"]
        return items[0] if items else None

    item = await eventually(failed)
    assert item["failure_reason"] == "text too short: paste more"
    view = (await gateway.client.get(f"/api/jobs/{samples.job_id}")).json()
    assert view["failure"]["stage"] == "ingestion"
    assert view["failure"]["kind"] == "invalid_input"


async def test_an_unknown_job_is_a_clear_404(gateway: Any) -> None:
    resp = await gateway.client.get("/api/jobs/nope")
    assert resp.status_code == 404
    assert "never submitted" in resp.json()["detail"]


async def test_bulk_discard_and_regenerate_publish_one_command_per_job(
    gateway: Any, settings: Settings, eventually: Any
) -> None:
    ids = [
        (await gateway.client.post("/api/jobs", json={"text": TEXT})).json()["job_id"]
        for _ in range(2)
    ]
    resp = await gateway.client.post(
        "/api/jobs/regenerate", json={"job_ids": [*ids, "unknown"], "stage": "cv"}
    )
    assert resp.status_code == 202
    assert resp.json() == {"accepted": ids, "unknown": ["unknown"]}
    resp = await gateway.client.post(
        "/api/jobs/regenerate", json={"job_ids": ids[:1], "stage": "structure"}
    )
    assert resp.status_code == 202
    resp = await gateway.client.post(
        "/api/jobs/discard", json={"job_ids": ids, "reason": "on-site only"}
    )
    assert resp.status_code == 202
    bad = await gateway.client.post("/api/jobs/regenerate", json={"job_ids": ids, "stage": "x"})
    assert bad.status_code == 422

    async with jetstream(settings.nats_url) as (_, js):
        cvs = await collect(js, subjects.CMD_CV_GENERATE, GenerateCv, until=lambda e: len(e) >= 2)
        structures = await collect(
            js, subjects.CMD_STRUCTURE, StructureJob, until=lambda e: len(e) >= 1
        )
        discards = await collect(
            js, subjects.JOB_DISCARDED, JobDiscarded, until=lambda e: len(e) >= 2
        )
    assert sorted(c.job_id or "" for c in cvs) == sorted(ids)
    assert [s.job_id for s in structures] == ids[:1]
    assert {d.reason for d in discards} == {"on-site only"}

    async def discarded() -> bool:
        listed = (await gateway.client.get("/api/jobs", params={"status": "discarded"})).json()
        return listed["total"] == 2

    await eventually(discarded)


async def test_a_gateway_on_a_fresh_store_rebuilds_the_read_model_from_the_stream(
    nats_server: Any, tmp_path: Any, serve_gateway: Any, samples: Any, eventually: Any
) -> None:
    from jobintel.testkit.jetstream import settings_for_tests

    first = settings_for_tests(nats_server.url, tmp_path / "first")
    async with serve_gateway(first) as gw:
        async with jetstream(first.nats_url) as (_, js):
            for event in (samples.ingested(), samples.structured(), samples.cv_generated()):
                await publish(js, event)

        async def ready() -> bool:
            resp = await gw.client.get(f"/api/jobs/{samples.job_id}")
            return resp.status_code == 200 and resp.json()["status"] == "cv_ready"

        await eventually(ready)

    # the store is lost (or moved); the events are still in the stream
    fresh = settings_for_tests(nats_server.url, tmp_path / "second")
    async with serve_gateway(fresh) as gw:

        async def rebuilt() -> dict[str, Any] | None:
            resp = await gw.client.get(f"/api/jobs/{samples.job_id}")
            return resp.json() if resp.status_code == 200 else None

        view = await eventually(rebuilt)
        assert view["title"] == "Platform Engineer"

        async def all_three() -> bool:
            body = (await gw.client.get(f"/api/jobs/{samples.job_id}")).json()
            return len(body["history"]) == 3 and body["status"] == "cv_ready"

        await eventually(all_three)

    # restarting on the same store does not replay: nothing is projected twice
    async with serve_gateway(fresh) as gw:
        view = (await gw.client.get(f"/api/jobs/{samples.job_id}")).json()
        assert view["status"] == "cv_ready"
        assert len(view["history"]) == 3


async def test_html_and_json_postings_are_sent_as_they_came(
    gateway: Any, settings: Settings
) -> None:
    html = await gateway.client.post("/api/jobs", json={"html": "<h1>Lock Keeper</h1><p>…</p>"})
    data = await gateway.client.post(
        "/api/jobs", json={"data": {"title": "Lock Keeper", "description": "Locks."}}
    )
    assert html.status_code == data.status_code == 202
    async with jetstream(settings.nats_url) as (_, js):
        commands = await collect(
            js, subjects.CMD_INGEST_POSTING, IngestPosting, until=lambda e: len(e) >= 2
        )
    by_job = {c.job_id: c for c in commands}
    sent_html = by_job[html.json()["job_id"]]
    assert sent_html.html == "<h1>Lock Keeper</h1><p>…</p>"
    assert sent_html.text is None
    sent_data = by_job[data.json()["job_id"]]
    assert sent_data.data == {"title": "Lock Keeper", "description": "Locks."}
    assert sent_data.source == "json"


async def test_a_retried_post_with_the_same_idempotency_key_makes_one_job(
    gateway: Any, settings: Settings
) -> None:
    body = {"text": TEXT, "title": "Platform Engineer", "company": "Retrybay"}
    headers = {"Idempotency-Key": "client-attempt-7f3a"}
    first = await gateway.client.post("/api/jobs", json=body, headers=headers)
    again = await gateway.client.post("/api/jobs", json=body, headers=headers)
    other = await gateway.client.post(
        "/api/jobs", json=body, headers={"Idempotency-Key": "client-attempt-91bc"}
    )
    assert first.status_code == again.status_code == 202, again.text
    assert first.json()["job_id"] == again.json()["job_id"]
    assert other.json()["job_id"] != first.json()["job_id"]

    listed = (await gateway.client.get("/api/jobs", params={"company": "Retrybay"})).json()
    assert sorted(j["job_id"] for j in listed["items"]) == sorted(
        {first.json()["job_id"], other.json()["job_id"]}
    )
    async with jetstream(settings.nats_url) as (_, js):
        info = await js.stream_info("PIPELINE", subjects_filter=subjects.CMD_INGEST_POSTING)
    # JetStream dropped the retry's publish (same derived event id): one command per job
    assert info.state.subjects == {subjects.CMD_INGEST_POSTING: 2}


async def test_without_an_idempotency_key_each_post_is_a_new_job(gateway: Any) -> None:
    body = {"text": TEXT, "company": "Twicebay"}
    first = await gateway.client.post("/api/jobs", json=body)
    second = await gateway.client.post("/api/jobs", json=body)
    assert first.json()["job_id"] != second.json()["job_id"]


async def test_the_idempotency_key_is_documented(gateway: Any) -> None:
    spec = (await gateway.client.get("/openapi.json")).json()
    for path in ("/api/jobs", "/api/jobs/file"):
        params = {p["name"]: p for p in spec["paths"][path]["post"]["parameters"]}
        assert params["Idempotency-Key"]["in"] == "header"
        assert "retry" in params["Idempotency-Key"]["description"]


async def test_a_retried_file_upload_with_the_same_key_makes_one_job(
    gateway: Any, settings: Settings
) -> None:
    import base64

    body = {
        "filename": "keeper.md",
        "content_base64": base64.b64encode(b"Lighthouse Keeper\n\nKeep it lit.").decode(),
    }
    headers = {"Idempotency-Key": "upload-1"}
    first = await gateway.client.post("/api/jobs/file", json=body, headers=headers)
    again = await gateway.client.post("/api/jobs/file", json=body, headers=headers)
    assert first.status_code == again.status_code == 202, again.text
    assert first.json()["job_id"] == again.json()["job_id"]
    async with jetstream(settings.nats_url) as (_, js):
        info = await js.stream_info("PIPELINE", subjects_filter=subjects.CMD_INGEST_FILE)
    assert info.state.subjects == {subjects.CMD_INGEST_FILE: 1}
