"""Sources, runs and history through the HTTP API, with the ingestion service running.

A local HTTP server plays a Greenhouse board and a job page (the `site` fixture, conftest.py).
"""

from __future__ import annotations

import base64
from typing import Any

import pytest

from jobintel.ingestion.app import create_app as create_ingestion
from jobintel.runtime.settings import Settings
from jobintel.testkit.jetstream import running

pytestmark = pytest.mark.integration


async def test_a_board_becomes_jobs_and_the_history_shows_both_runs(
    gateway: Any, settings: Settings, site: str, eventually: Any
) -> None:
    client = gateway.client
    async with running(create_ingestion(settings)):
        resp = await client.post(
            "/api/sources",
            json={
                "name": "tide",
                "kind": "greenhouse",
                "board": "tide",
                "base_url": site,
            },
        )
        assert resp.status_code == 202, resp.text
        assert resp.json()["history_url"].endswith("/api/ingest/history/tide")
        listed = (await client.get("/api/sources")).json()
        assert [s["source"]["name"] for s in listed] == ["tide"]

        first = await client.post("/api/ingest/tide/run")
        assert first.status_code == 202, first.text

        async def runs(count: int) -> list[dict[str, Any]] | None:
            body: list[dict[str, Any]] = (await client.get("/api/ingest/history/tide")).json()
            return body if len(body) >= count else None

        await eventually(lambda: runs(1))
        second = await client.post("/api/ingest/tide/run")
        history = await eventually(lambda: runs(2))

        async def two_jobs() -> dict[str, Any] | None:
            body: dict[str, Any] = (await client.get("/api/jobs")).json()
            return body if len(body["items"]) >= 2 else None

        jobs = await eventually(two_jobs)
        source = (await client.get("/api/sources")).json()[0]

    assert [r["run_id"] for r in history] == [second.json()["run_id"], first.json()["run_id"]]
    newest, oldest = history
    assert (oldest["fetched"], oldest["new"], oldest["duplicates"]) == (2, 2, 0)
    assert (newest["fetched"], newest["new"], newest["duplicates"]) == (2, 0, 2)
    assert oldest["status"] == "ok"
    assert oldest["duration_seconds"] >= 0
    assert sorted(j["title"] for j in jobs["items"]) == ["Crane Operator", "Harbour Pilot"]
    assert {j["company"] for j in jobs["items"]} == {"Tidewater Ports"}
    assert source["confirmed"] is True
    assert source["last_run"]["run_id"] == newest["run_id"]


async def test_unknown_sources_and_bad_definitions_are_refused(gateway: Any) -> None:
    client = gateway.client
    run = await client.post("/api/ingest/nobody/run")
    assert run.status_code == 404
    assert "POST /api/sources" in run.json()["detail"]
    assert (await client.get("/api/ingest/history/nobody")).status_code == 404
    bad = await client.post("/api/sources", json={"name": "acme", "kind": "lever"})
    assert bad.status_code == 422
    assert "needs 'board'" in bad.text
    upload = await client.post("/api/jobs/file", json={"filename": "a.pdf", "content_base64": "%%"})
    assert upload.status_code == 422
    assert "not valid base64" in upload.text


async def test_a_job_page_url_becomes_a_job_with_its_structured_fields(
    gateway: Any, settings: Settings, site: str, eventually: Any
) -> None:
    client = gateway.client
    async with running(create_ingestion(settings)):
        resp = await client.post("/api/jobs", json={"url": f"{site}/jobs/lock-keeper"})
        assert resp.status_code == 202, resp.text
        job_id = resp.json()["job_id"]

        async def ingested() -> dict[str, Any] | None:
            body: dict[str, Any] = (await client.get(f"/api/jobs/{job_id}")).json()
            return body if body.get("posting") else None

        job = await eventually(ingested)
    posting = job["posting"]
    assert posting["title"] == "Lock Keeper"
    assert posting["company"] == "Canal Trust"
    assert posting["locations"] == ["Leiden, NL"]
    assert posting["employment_type"] == "full_time"
    assert posting["confidence"] == "high"


async def test_an_uploaded_file_becomes_a_job(
    gateway: Any, settings: Settings, eventually: Any
) -> None:
    client = gateway.client
    text = "Lighthouse Keeper\n\nKeep the light burning. Requirements: a head for heights."
    async with running(create_ingestion(settings)):
        resp = await client.post(
            "/api/jobs/file",
            json={
                "filename": "keeper.md",
                "content_base64": base64.b64encode(text.encode()).decode(),
            },
        )
        assert resp.status_code == 202, resp.text
        job_id = resp.json()["job_id"]

        async def ingested() -> dict[str, Any] | None:
            got = await client.get(f"/api/jobs/{job_id}")
            body: dict[str, Any] = got.json()
            return body if got.status_code == 200 and body.get("posting") else None

        job = await eventually(ingested)
    assert job["title"] == "Lighthouse Keeper"
    assert job["posting"]["source_kind"] == "file"
