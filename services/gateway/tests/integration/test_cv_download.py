"""CV downloads come from the JetStream object store, named after the job."""

from __future__ import annotations

from typing import Any

import pytest

from jobintel.runtime.broker import cv_files
from jobintel.runtime.settings import Settings
from jobintel.testkit.jetstream import jetstream, publish

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
        'attachment; filename="cv-tidewater-platform-engineer.md"'
    )
    # a download is data: never sniffed into a page, never allowed to run anything
    assert resp.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in resp.headers["content-security-policy"]
    assert "default-src 'none'" in resp.headers["content-security-policy"]

    pdf = await gateway.client.get(f"/api/jobs/{samples.job_id}/cv", params={"format": "pdf"})
    assert pdf.status_code == 404
    assert "no pdf file (available: md)" in pdf.json()["detail"]


async def test_no_cv_yet_is_a_404_that_says_so(gateway: Any) -> None:
    job_id = (await gateway.client.post("/api/jobs", json={"text": "x" * 50})).json()["job_id"]
    resp = await gateway.client.get(f"/api/jobs/{job_id}/cv")
    assert resp.status_code == 404
    assert "no CV for job" in resp.json()["detail"]
    assert "status: queued" in resp.json()["detail"]


async def test_a_format_with_several_layouts_is_chosen_by_template(
    gateway: Any, settings: Settings, samples: Any, eventually: Any
) -> None:
    import hashlib

    from jobintel.contracts import CvFile, CvFormat

    layouts = {"modern": b"%PDF-1.7 modern", "classic": b"%PDF-1.7 classic"}
    files = [
        CvFile(
            format=CvFormat.PDF,
            object_name=f"{samples.job_id}/{name}.pdf",
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            template=name,
        )
        for name, data in layouts.items()
    ]
    async with jetstream(settings.nats_url) as (_, js):
        bucket = await cv_files(js)
        for file, data in zip(files, layouts.values(), strict=True):
            await bucket.put(file.object_name, data)
        await publish(js, samples.cv_generated().model_copy(update={"files": files}))

    async def known() -> Any:
        resp = await gateway.client.get(f"/api/jobs/{samples.job_id}")
        return resp.json() if resp.status_code == 200 else None

    view = await eventually(known)
    assert view["cv_formats"] == ["pdf"]
    assert view["links"]["cv_pdf_classic"].endswith("?format=pdf&template=classic")
    url = f"/api/jobs/{samples.job_id}/cv"
    default = await gateway.client.get(url, params={"format": "pdf"})
    assert default.content == layouts["modern"]
    assert default.headers["content-type"] == "application/pdf"
    classic = await gateway.client.get(url, params={"format": "pdf", "template": "classic"})
    assert classic.content == layouts["classic"]
    assert classic.headers["content-disposition"].endswith('-classic.pdf"')
    missing = await gateway.client.get(url, params={"format": "pdf", "template": "fancy"})
    assert missing.status_code == 404
    assert "pdf/modern, pdf/classic" in missing.json()["detail"]
