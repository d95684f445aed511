"""CV downloads come from the JetStream object store, named after the job."""

from __future__ import annotations

from typing import Any

import pytest

from jobintel.runtime.broker import cv_files
from jobintel.runtime.settings import Settings
from jobintel.runtime.testing import jetstream, publish

pytestmark = pytest.mark.integration

CV = b"# Ada Quill\n\nPlatform engineer.\n\n- Ran Kubernetes for 40 services\n"


async def test_the_cv_is_read_from_the_object_store(
    gateway: Any, settings: Settings, samples: Any, eventually: Any
) -> None:
    async with jetstream(settings.nats_url) as (_, js):
        bucket = await cv_files(js)
        await bucket.put(samples.cv_file(CV).object_name, CV)
        for event in (samples.ingested(), samples.structured(), samples.cv_generated()):
            await publish(js, event)

    async def downloaded() -> Any:
        resp = await gateway.client.get(f"/api/jobs/{samples.job_id}/cv", params={"format": "md"})
        return resp if resp.status_code == 200 else None

    resp = await eventually(downloaded)
    assert resp.content == CV
    assert resp.headers["content-type"] == "text/markdown; charset=utf-8"
    assert resp.headers["content-disposition"] == (
        'attachment; filename="cv-tidewater-platform-engineer.md"')

    pdf = await gateway.client.get(f"/api/jobs/{samples.job_id}/cv", params={"format": "pdf"})
    assert pdf.status_code == 404
    assert "no pdf file (available: md)" in pdf.json()["detail"]


async def test_no_cv_yet_is_a_404_that_says_so(gateway: Any) -> None:
    job_id = (await gateway.client.post("/api/jobs", json={"text": "x" * 50})).json()["job_id"]
    resp = await gateway.client.get(f"/api/jobs/{job_id}/cv")
    assert resp.status_code == 404
    assert "no CV for job" in resp.json()["detail"]
    assert "status: queued" in resp.json()["detail"]
