"""The cover letter downloads in three formats, and the grounding reports are shown to audit."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from jobintel.contracts import (
    Contact,
    ContactRole,
    CoverLetter,
    CvFile,
    CvFormat,
    GroundingItem,
    GroundingReport,
    SourceRef,
    Verdict,
)
from jobintel.contracts.cv import ClaimCheck, ClaimKind
from jobintel.runtime.broker import cv_files
from jobintel.runtime.settings import Settings
from jobintel.testkit.jetstream import jetstream, publish

pytestmark = pytest.mark.integration

FILES = {
    CvFormat.MARKDOWN: b"# Ada Quill\n\nDear Tidewater team,\n",
    CvFormat.DOCX: b"PK\x03\x04 a docx",
    CvFormat.PDF: b"%PDF-1.7 a letter",
}
SOURCE = SourceRef(path="work[0].highlights[0]", text="Helped migrate 40 services to Kubernetes")
REFUSED = "I led the migration of 40 services to Kubernetes at Maersk."


def letter(job_id: str) -> CoverLetter:
    files = [
        CvFile(
            format=fmt,
            object_name=f"{job_id}/jd1-p1-letter.{fmt.value}",
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
        )
        for fmt, data in FILES.items()
    ]
    report = GroundingReport(
        rewriter="llm:claude-test",
        note="1 of the model's 3 sentences was refused by the truthfulness gate",
        items=[
            GroundingItem(
                output="Dear Tidewater team,",
                source=SourceRef(path="letter template", text="Dear Tidewater team,"),
                verdict=Verdict.VERBATIM,
                section="salutation",
            ),
            GroundingItem(
                output="I helped migrate 40 services to Kubernetes.",
                source=SOURCE,
                verdict=Verdict.GROUNDED,
                section="proposed body[0]",
                changes=["+I", "-Helped", "+helped"],
            ),
            GroundingItem(
                output="",
                source=SOURCE,
                verdict=Verdict.REVERTED,
                section="proposed body[1]",
                proposed=REFUSED,
                unsupported=["led (the source says helped)", "Maersk"],
                changes=["-Helped migrate", "+I led the migration of", "+at Maersk."],
                claims=[
                    ClaimCheck(
                        kind=ClaimKind.QUANTITY,
                        text="40 services",
                        supported=True,
                        source_path="work[0].highlights[0]",
                        source_text=SOURCE.text,
                    ),
                    ClaimCheck(
                        kind=ClaimKind.ACTION,
                        text="led",
                        supported=False,
                        source_path="work[0].highlights[0]",
                        reason="stronger than the source's 'helped'",
                    ),
                    ClaimCheck(
                        kind=ClaimKind.ORGANISATION,
                        text="Maersk",
                        supported=False,
                        reason="not in the master CV",
                    ),
                ],
                dropped=["Helped"],
                reason="'led': stronger than the source's 'helped'; 'Maersk': not in the master CV",
            ),
        ],
    )
    return CoverLetter(
        name="Ada Quill",
        company="Tidewater",
        job_title="Platform Engineer",
        salutation="Dear Tidewater team,",
        paragraphs=["I helped migrate 40 services to Kubernetes."],
        grounding=report,
        files=files,
        method="llm:claude-test",
    )


async def test_the_cover_letter_downloads_in_markdown_docx_and_pdf(
    gateway: Any, settings: Settings, samples: Any, eventually: Any
) -> None:
    made = letter(samples.job_id)
    async with jetstream(settings.nats_url) as (_, js):
        bucket = await cv_files(js)
        for file in made.files:
            await bucket.put(file.object_name, FILES[file.format])
        for event in (samples.ingested(), samples.structured()):
            await publish(js, event)
        await publish(js, samples.cv_generated().model_copy(update={"cover_letter": made}))

    url = f"/api/jobs/{samples.job_id}/cover-letter"

    async def downloaded() -> Any:
        resp = await gateway.client.get(url, params={"format": "pdf"})
        return resp if resp.status_code == 200 else None

    pdf = await eventually(downloaded)
    assert pdf.content == FILES[CvFormat.PDF]
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"] == (
        'attachment; filename="cover-letter-tidewater-platform-engineer.pdf"'
    )
    docx = await gateway.client.get(url, params={"format": "docx"})
    assert docx.content == FILES[CvFormat.DOCX]
    assert docx.headers["content-type"].endswith("wordprocessingml.document")
    markdown = await gateway.client.get(url)  # Markdown unless asked otherwise
    assert markdown.content == FILES[CvFormat.MARKDOWN]
    assert markdown.headers["content-type"] == "text/markdown; charset=utf-8"
    assert (await gateway.client.get(url, params={"format": "html"})).status_code == 422

    view = (await gateway.client.get(f"/api/jobs/{samples.job_id}")).json()
    assert view["links"]["cover_letter_pdf"].endswith(f"{url}?format=pdf")
    assert view["links"]["grounding"].endswith(f"/api/jobs/{samples.job_id}/grounding")


async def test_the_grounding_reports_are_in_the_api_and_on_the_job_page(
    gateway: Any, settings: Settings, samples: Any, eventually: Any
) -> None:
    made = letter(samples.job_id)
    async with jetstream(settings.nats_url) as (_, js):
        await publish(js, samples.ingested())
        await publish(js, samples.cv_generated().model_copy(update={"cover_letter": made}))

    async def report() -> Any:
        resp = await gateway.client.get(f"/api/jobs/{samples.job_id}/grounding")
        return resp.json() if resp.status_code == 200 else None

    body = await eventually(report)
    assert body["cv"]["items"][0]["source"]["path"] == "work[0].highlights[0]"
    [refused] = [i for i in body["cover_letter"]["items"] if i["verdict"] == "reverted"]
    assert refused["proposed"] == REFUSED
    assert "Maersk" in refused["unsupported"]

    page = (await gateway.client.get(f"/jobs/{samples.job_id}")).text
    assert f'href="/api/jobs/{samples.job_id}/cover-letter?format=docx"' in page
    assert "Grounding of the cover letter: 3 sentences, 1 refused" in page
    assert "Grounding of the CV: 1 sentence, 0 refused" in page
    # the refused sentence: its wording, what failed and why, and where it claimed to come from
    assert (
        "refused wording: <q>I led the migration of 40 services to Kubernetes at Maersk.</q>"
        in (page)
    )
    assert "not supported by the master CV: led (the source says helped); Maersk" in page
    assert "from <code>work[0].highlights[0]</code>" in page
    assert "<q data-source>Helped migrate 40 services to Kubernetes</q>" in page
    assert "dropped from the source: <q>Helped migrate</q>" in page
    assert "1 of the model&#39;s 3 sentences was refused by the truthfulness gate" in page
    # each claim of the refused sentence: the span it maps to, or why it does not
    assert (
        '<span class="chip">quantity</span> <q>40 services</q>\n          → '
        "<code>work[0].highlights[0]</code>: <q>Helped migrate 40 services to Kubernetes</q>"
    ) in page
    assert "refused: stronger than the source&#39;s &#39;helped&#39;" in page
    assert "refused: not in the master CV" in page
    assert "the rewrite dropped: <q>Helped</q>" in page


async def test_the_outreach_drafts_grounding_report_is_on_the_job_page(
    gateway: Any, settings: Settings, samples: Any, eventually: Any
) -> None:
    report = GroundingReport(
        items=[
            GroundingItem(
                output="",
                source=None,
                verdict=Verdict.REVERTED,
                section="proposed sentence[1]",
                proposed="I ran the robotics platform at Boston Dynamics.",
                unsupported=["Boston Dynamics"],
            )
        ]
    )
    contact = Contact(
        name="Tomasz Nowak",
        role=ContactRole.HIRING_MANAGER,
        outreach_draft="Hi Tomasz,\n\nThank you for your time,\nAda Quill",
        outreach_grounding=report,
    )
    researched = samples.researched()
    company = researched.company.model_copy(update={"contacts": [contact]})
    async with jetstream(settings.nats_url) as (_, js):
        await publish(js, researched.model_copy(update={"company": company}))

    async def page() -> str | None:
        html = (await gateway.client.get(f"/jobs/{samples.job_id}")).text
        return html if "Tomasz Nowak" in html else None

    html = await eventually(page)
    assert "Grounding of the draft to Tomasz Nowak: 1 sentence, 1 refused" in html
    assert "refused wording: <q>I ran the robotics platform at Boston Dynamics.</q>" in html


async def test_a_cv_from_before_cover_letters_says_to_regenerate(
    gateway: Any, settings: Settings, samples: Any, eventually: Any
) -> None:
    async with jetstream(settings.nats_url) as (_, js):
        await publish(js, samples.cv_generated())

    async def ready() -> Any:
        resp = await gateway.client.get(f"/api/jobs/{samples.job_id}")
        return resp.json() if resp.status_code == 200 and resp.json()["cv"] else None

    await eventually(ready)
    resp = await gateway.client.get(f"/api/jobs/{samples.job_id}/cover-letter")
    assert resp.status_code == 404
    assert "regenerate the CV to get one" in resp.json()["detail"]
    page = (await gateway.client.get(f"/jobs/{samples.job_id}")).text
    assert "made before cover letters existed" in page
    grounding = (await gateway.client.get(f"/api/jobs/{samples.job_id}/grounding")).json()
    assert grounding["cover_letter"] is None


async def test_no_cover_letter_before_the_cv_is_a_404_that_says_so(gateway: Any) -> None:
    job_id = (await gateway.client.post("/api/jobs", json={"text": "x" * 50})).json()["job_id"]
    resp = await gateway.client.get(f"/api/jobs/{job_id}/cover-letter")
    assert resp.status_code == 404
    assert "no cover letter for job" in resp.json()["detail"]
    assert (await gateway.client.get(f"/api/jobs/{job_id}/grounding")).status_code == 404
