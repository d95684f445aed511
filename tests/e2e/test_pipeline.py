"""A user's path through the whole stack, each service its own process."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from typing import Any

import httpx
import nats
import pytest
from nats.js.api import DeliverPolicy

from jobintel.contracts import CvGenerated, subjects

from .conftest import Stack, follow_events, sample_posting, sample_profile, start_stack, stop_stack

pytestmark = pytest.mark.e2e


def wait_for_status(
    client: httpx.Client, job_id: str, wanted: set[str], timeout: float = 90
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    view: dict[str, Any] = {}
    while time.monotonic() < deadline:
        resp = client.get(f"/api/jobs/{job_id}")
        if resp.status_code == 200:
            view = resp.json()
            if view["status"] in wanted:
                return view
        time.sleep(0.3)
    raise AssertionError(f"job {job_id} never reached {wanted}; last view: {view}")


async def cv_events(nats_url: str) -> list[CvGenerated]:
    nc = await nats.connect(nats_url)
    try:
        js = nc.jetstream()
        info = await js.stream_info("PIPELINE")
        sub = await js.subscribe(
            subjects.CV_GENERATED, ordered_consumer=True, deliver_policy=DeliverPolicy.ALL
        )
        found: list[CvGenerated] = []
        if info.state.messages:
            while True:
                try:
                    msg = await sub.next_msg(timeout=1)
                except TimeoutError:
                    break
                found.append(CvGenerated.model_validate_json(msg.data))
        await sub.unsubscribe()
        return found
    finally:
        await nc.close()


def test_profile_and_posting_become_a_downloadable_cv(stack: Stack) -> None:
    with stack.client() as client:
        assert client.get("/readyz").status_code == 200
        assert client.put("/api/profile", json=sample_profile()).status_code == 202
        resp = client.post("/api/jobs", json=sample_posting("01-platform-engineer.md"))
        assert resp.status_code == 202, resp.text
        job_id = resp.json()["job_id"]

        events = follow_events(client, job_id)
        stages = [e["data"]["stage"] for e in events]
        for stage in ("ingestion", "annotation", "research", "cv-generator"):
            assert stage in stages, f"no progress from {stage}: {stages}"
        assert (
            stages.index("ingestion")
            < stages.index("annotation")
            < stages.index("research")
            < stages.index("cv-generator")
        )
        assert events[-1]["data"]["final"] is True
        ids = [int(e["id"]) for e in events]
        assert ids == sorted(set(ids)), "SSE ids are JetStream sequences: increasing, unique"

        # Reconnecting with Last-Event-ID replays exactly what came after it.
        middle = events[len(events) // 2]
        resumed = follow_events(client, job_id, last_event_id=middle["id"])
        assert [e["id"] for e in resumed] == [
            e["id"] for e in events if int(e["id"]) > int(middle["id"])
        ]

        view = wait_for_status(client, job_id, {"cv_ready"})
        assert view["status"] == "cv_ready"
        cv = client.get(f"/api/jobs/{job_id}/cv", params={"format": "md"})
        assert cv.status_code == 200
        assert cv.headers["content-type"].startswith("text/markdown")
        assert "Mara Lindqvist" in cv.text
        assert "Kubernetes" in cv.text


def test_a_worker_killed_mid_stream_restarts_and_each_job_completes_once(stack: Stack) -> None:
    with stack.client() as client:
        assert client.put("/api/profile", json=sample_profile()).status_code == 202
        job_ids = []
        for name in ("01-platform-engineer.md", "02-backend-payments.md", "03-data-engineer.md"):
            resp = client.post("/api/jobs", json=sample_posting(name))
            assert resp.status_code == 202
            job_ids.append(resp.json()["job_id"])
        # Kill the annotation worker while the jobs are in flight; the supervisor restarts it
        # and JetStream redelivers what it had not acknowledged.
        os.kill(stack.pids["annotation"], signal.SIGKILL)
        for job_id in job_ids:
            wait_for_status(client, job_id, {"cv_ready"}, timeout=120)

    generated = asyncio.run(cv_events(stack.nats_url))
    per_job = {job_id: [e for e in generated if e.job_id == job_id] for job_id in job_ids}
    assert all(len(events) == 1 for events in per_job.values()), {
        j: len(e) for j, e in per_job.items()
    }
    assert "annotation exited" in stack.printed()


def test_a_poison_posting_fails_with_its_reason_and_the_rest_carry_on(stack: Stack) -> None:
    with stack.client() as client:
        assert client.put("/api/profile", json=sample_profile()).status_code == 202
        bad = client.post("/api/jobs", json={"text": "too short"})
        good = client.post("/api/jobs", json=sample_posting("02-backend-payments.md"))
        assert bad.status_code == 202
        assert good.status_code == 202
        failed = wait_for_status(client, bad.json()["job_id"], {"failed"})
        assert "too short" in str(failed["failure"]["reason"])
        wait_for_status(client, good.json()["job_id"], {"cv_ready"})
        listed = client.get("/api/jobs", params={"status": "failed"}).json()
        items = listed["items"] if isinstance(listed, dict) else listed
        assert [j["job_id"] for j in items] == [bad.json()["job_id"]]


def test_the_next_start_finds_the_same_jobs(tmp_path: Any) -> None:
    from jobintel.runtime.nats_server import free_port

    data_dir = tmp_path / "data"
    port, nats_port = free_port(), free_port()
    first = start_stack(data_dir, port, nats_port)
    try:
        with first.client() as client:
            client.put("/api/profile", json=sample_profile()).raise_for_status()
            job_id = client.post("/api/jobs", json=sample_posting("03-data-engineer.md")).json()[
                "job_id"
            ]
            wait_for_status(client, job_id, {"cv_ready"})
    finally:
        stop_stack(first)
    assert first.process.returncode == 0, first.logs()
    assert "jobintel: stopped" in first.printed()

    second = start_stack(data_dir, port, nats_port)
    try:
        with second.client() as client:
            view = client.get(f"/api/jobs/{job_id}").json()
            assert view["status"] == "cv_ready"
            assert client.get(f"/api/jobs/{job_id}/cv", params={"format": "md"}).status_code == 200
    finally:
        stop_stack(second)


SAMPLE_POSTINGS = ("01-platform-engineer.md", "02-backend-payments.md", "03-data-engineer.md")
MAGIC = {
    "pdf": (b"%PDF-", "application/pdf"),
    "docx": (b"PK\x03\x04", "application/vnd.openxmlformats-officedocument"),
    "md": (b"# Mara Lindqvist", "text/markdown"),
    "html": (b"<", "text/html"),
    "json": (b"{", "application/json"),
}


def test_every_sample_job_downloads_in_every_format_with_its_reports(stack: Stack) -> None:
    with stack.client() as client:
        assert client.put("/api/profile", json=sample_profile()).status_code == 202
        job_ids = [
            client.post("/api/jobs", json=sample_posting(name)).json()["job_id"]
            for name in SAMPLE_POSTINGS
        ]
        for job_id in job_ids:
            view = wait_for_status(client, job_id, {"cv_ready"})
            for fmt, (magic, content_type) in MAGIC.items():
                resp = client.get(f"/api/jobs/{job_id}/cv", params={"format": fmt})
                assert resp.status_code == 200, (fmt, resp.text[:200])
                assert resp.content.startswith(magic), (fmt, resp.content[:40])
                assert resp.headers["content-type"].startswith(content_type)
            resume = client.get(f"/api/jobs/{job_id}/cv", params={"format": "json"}).json()
            assert resume["basics"]["name"] == "Mara Lindqvist"

            ats = view["cv"]["ats"]
            checks = {c["name"]: c for c in ats["checks"]}
            round_trips = [c for name, c in checks.items() if name.startswith("pdf_round_trip")]
            assert round_trips, f"no PDF round-trip check in {sorted(checks)}"
            assert all(c["passed"] for c in round_trips), round_trips
            assert 0 < ats["score"] <= 100
            grounding = view["cv"]["grounding"]["items"]
            assert grounding, "the CV carries no grounding report"
            # every bullet names the master-CV line it came from; the header is composed from
            # the whole profile and checked against all of it
            bullets = [
                i for i in grounding if i["section"] not in ("headline", "value_proposition")
            ]
            assert bullets
            assert all(i["source"]["path"] for i in bullets), bullets


def _cv_for_jd_version(client: httpx.Client, job_id: str, version: int) -> dict[str, Any]:
    deadline = time.monotonic() + 90
    view: dict[str, Any] = {}
    while time.monotonic() < deadline:
        view = client.get(f"/api/jobs/{job_id}").json()
        cv = view.get("cv") or {}
        if view["status"] == "cv_ready" and cv.get("jd_version") == version:
            return view
        time.sleep(0.3)
    raise AssertionError(f"no CV for JD version {version}; last view: {view}")


def test_annotating_the_description_regenerates_the_cv_with_the_change(stack: Stack) -> None:
    """The user marks a requirement as one to avoid: the next CV stops chasing it."""
    with stack.client() as client:
        assert client.put("/api/profile", json=sample_profile()).status_code == 202
        job_id = client.post("/api/jobs", json=sample_posting("01-platform-engineer.md")).json()[
            "job_id"
        ]
        first = _cv_for_jd_version(client, job_id, 1)
        ats = first["cv"]["ats"]
        assert "Terraform" in ats["must_have_found"] + ats["must_have_missing"]

        text = first["jd"]["description_text"]
        quote = "Experience with Terraform on AWS or GCP"
        start = text.index(quote)
        created = client.post(
            f"/api/jobs/{job_id}/annotations",
            json={
                "type": "avoid",
                "start": start,
                "end": start + len(quote),
                "quote": quote,
                "relevance": 5,
                "note": "not what I want to do next",
            },
        )
        assert created.status_code == 202, created.text
        [annotation_id] = created.json()["annotation_ids"]

        second = _cv_for_jd_version(client, job_id, 2)
        [kept] = second["annotations"]
        assert kept["annotation_id"] == annotation_id
        assert kept["type"] == "avoid"
        ats2 = second["cv"]["ats"]
        assert "Terraform" not in ats2["must_have_found"] + ats2["must_have_missing"]
        coverage = client.get(f"/api/jobs/{job_id}").json()["coverage"]
        assert coverage["requirements_annotated"] >= 1

        # and taking the annotation back restores the original emphasis
        assert client.delete(f"/api/jobs/{job_id}/annotations/{annotation_id}").status_code == 202
        third = _cv_for_jd_version(client, job_id, 3)
        assert third["annotations"] == []
        ats3 = third["cv"]["ats"]
        assert "Terraform" in ats3["must_have_found"] + ats3["must_have_missing"]
