"""`cmd.ingest.url` and `cmd.ingest.file` on a real nats-server, pages from a local server."""

from __future__ import annotations

import asyncio
import base64
import io
import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from jobintel.contracts import (
    Confidence,
    FailureKind,
    IngestFile,
    IngestUrl,
    JobIngested,
    PipelineFailed,
    RemoteType,
    subjects,
)
from jobintel.ingestion.app import create_app
from jobintel.ingestion.config import IngestionSettings
from jobintel.runtime.settings import Settings
from jobintel.testkit.jetstream import collect, jetstream, publish, running

pytestmark = pytest.mark.integration

PAGES = Path(__file__).parents[1] / "fixtures" / "pages"


def serve_page(site: Any, path: str, fixture: str) -> str:
    site.file(path, f"pages/{fixture}", content_type="text/html; charset=utf-8")
    return str(site.url(path))


async def ingest(settings: Settings, url: str) -> JobIngested | PipelineFailed:
    """Submit one URL as the gateway does; the job ends ingested or failed, whichever first."""
    job_id = str(uuid.uuid4())

    def mine(events: list[Any]) -> bool:
        return any(e.job_id == job_id for e in events)

    async with running(create_app(settings)), jetstream(settings.nats_url) as (_, js):
        await publish(js, IngestUrl(job_id=job_id, producer="test", url=url))
        waits = [
            asyncio.create_task(collect(js, subjects.JOB_INGESTED, JobIngested, until=mine)),
            asyncio.create_task(collect(js, subjects.PIPELINE_FAILED, PipelineFailed, until=mine)),
        ]
        done, pending = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
    found: list[Any] = next(iter(done)).result()
    event: JobIngested | PipelineFailed = next(e for e in found if e.job_id == job_id)
    return event


async def test_a_page_with_json_ld_becomes_a_job_with_its_structured_fields(
    settings: Settings, site: Any
) -> None:
    url = serve_page(site, "/jobs/support-engineer", "jsonld_remote.html")
    event = await ingest(settings, url)
    assert isinstance(event, JobIngested)
    posting = event.posting
    assert posting.title == "Customer Support Engineer"
    assert posting.company == "Parcelbird"
    assert posting.remote is RemoteType.REMOTE
    assert posting.salary is not None
    assert posting.salary.currency == "USD"
    assert posting.confidence is Confidence.HIGH
    assert posting.source_kind == "page"
    assert site.requests[0].headers["user-agent"].startswith("jobintel/")


async def test_a_page_without_structured_data_is_a_lower_confidence_job(
    settings: Settings, site: Any
) -> None:
    url = serve_page(site, "/careers/mechanic", "plain_job.html")
    event = await ingest(settings, url)
    assert isinstance(event, JobIngested)
    assert event.posting.title == "Bicycle Mechanic"
    assert event.posting.confidence is Confidence.LOW
    assert event.posting.url == url


async def test_a_page_with_no_job_fails_with_the_reason(settings: Settings, site: Any) -> None:
    url = serve_page(site, "/about", "not_a_job.html")
    event = await ingest(settings, url)
    assert isinstance(event, PipelineFailed)
    assert event.kind is FailureKind.UNSUPPORTED
    assert "no job posting found" in event.reason
    assert url in event.reason


async def test_a_missing_page_fails_once_with_404(settings: Settings, site: Any) -> None:
    event = await ingest(settings, site.url("/jobs/taken-down"))
    assert isinstance(event, PipelineFailed)
    assert "404" in event.reason
    assert event.attempts == 1, "a 404 is not retried by the pipeline"
    assert site.hits("/jobs/taken-down") == 1


async def test_a_page_over_the_size_cap_fails(settings: Settings, site: Any) -> None:
    big = b"<html><body>" + b"<p>filler</p>" * 20_000 + b"</body></html>"
    site.routes["/jobs/huge"] = lambda _: site.reply(200, big, "text/html")
    capped = IngestionSettings(**settings.model_dump(), page_max_bytes=100_000)
    event = await ingest(capped, site.url("/jobs/huge"))
    assert isinstance(event, PipelineFailed)
    assert "100,000 byte limit" in event.reason


async def test_a_url_that_resolves_to_a_private_address_is_refused(
    settings: Settings, site: Any
) -> None:
    url = serve_page(site, "/jobs/internal", "jsonld_remote.html")
    strict = settings.model_copy(update={"fetch_allow_private_networks": False})
    event = await ingest(strict, url)
    assert isinstance(event, PipelineFailed)
    assert "refused to fetch" in event.reason
    assert site.requests == []


async def test_firecrawl_is_retried_on_503_then_used(settings: Settings, site: Any) -> None:
    html = (PAGES / "jsonld_graph.html").read_text()

    def scrape(request: Any) -> Any:
        if site.hits("/v2/scrape") < 3:
            return site.reply(503, b'{"success": false, "error": "busy"}')
        body = {
            "success": True,
            "data": {"rawHtml": html, "metadata": {"sourceURL": request.json()["url"]}},
        }
        return site.reply(200, json.dumps(body).encode())

    site.routes["/v2/scrape"] = scrape
    config = IngestionSettings(
        **settings.model_dump(), firecrawl_api_key="fc-test", firecrawl_base_url=site.base
    )
    event = await ingest(config, "https://careers.alder.example/jobs/fse")
    assert isinstance(event, JobIngested)
    assert event.posting.title == "Field Service Engineer"
    scrapes = [r for r in site.requests if r.path == "/v2/scrape"]
    assert len(scrapes) == 3
    assert scrapes[0].headers["authorization"] == "Bearer fc-test"
    assert scrapes[0].json()["url"] == "https://careers.alder.example/jobs/fse"


async def test_when_firecrawl_fails_the_page_is_fetched_directly(
    settings: Settings, site: Any
) -> None:
    site.routes["/v2/scrape"] = lambda _: site.reply(
        402, b'{"success": false, "error": "no credits"}'
    )
    url = serve_page(site, "/jobs/pastry", "jsonld_array.html")
    config = IngestionSettings(
        **settings.model_dump(), firecrawl_api_key="fc-test", firecrawl_base_url=site.base
    )
    event = await ingest(config, url)
    assert isinstance(event, JobIngested)
    assert event.posting.title == "Pastry Chef"
    assert site.hits("/jobs/pastry") == 1


async def test_when_firecrawl_and_the_direct_fetch_fail_both_reasons_are_kept(
    settings: Settings, site: Any
) -> None:
    site.routes["/v2/scrape"] = lambda _: site.reply(402, b'{"success": false}')
    config = IngestionSettings(
        **settings.model_dump(), firecrawl_api_key="fc-test", firecrawl_base_url=site.base
    )
    event = await ingest(config, site.url("/jobs/gone"))
    assert isinstance(event, PipelineFailed)
    assert "FireCrawl failed" in event.reason
    assert "402" in event.reason
    assert "404" in event.reason


async def test_an_uploaded_docx_becomes_a_job(settings: Settings) -> None:
    document = Document()
    document.add_paragraph("Greenhouse Gardener")
    document.add_paragraph("Look after 2,000 m2 of glasshouses. Requirements: horticulture.")
    buffer = io.BytesIO()
    document.save(buffer)
    job_id = str(uuid.uuid4())
    async with running(create_app(settings)), jetstream(settings.nats_url) as (_, js):
        await publish(
            js,
            IngestFile(
                job_id=job_id,
                producer="test",
                filename="gardener.docx",
                company="Kew Growers",
                content_base64=base64.b64encode(buffer.getvalue()).decode(),
            ),
        )
        [event] = await collect(js, subjects.JOB_INGESTED, JobIngested, until=lambda e: len(e) >= 1)
    assert event.job_id == job_id
    assert event.posting.title == "Greenhouse Gardener"
    assert event.posting.company == "Kew Growers"
    assert event.posting.source_kind == "file"
    assert "horticulture" in event.posting.description_text
