"""Postings as companies and aggregators publish them, through the real ingestion path.

A real nats-server, pages and boards from a local fixture server: a board run, a URL, a
paste and a file each end up right in `job.ingested` (employer, JSON-LD fields, remote and
locations, titles), and a posted ATS object is linked to the same posting from a board run.
"""

from __future__ import annotations

import asyncio
import base64
import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from nats.js import JetStreamContext

from jobintel.contracts import (
    Confidence,
    DefineSource,
    Event,
    IngestFile,
    IngestPosting,
    IngestRun,
    IngestRunFinished,
    IngestRunRecord,
    IngestUrl,
    JobIngested,
    PipelineFailed,
    RemoteType,
    SourceSpec,
    SourceUpdated,
    subjects,
)
from jobintel.ingestion.app import create_app
from jobintel.ingestion.domain.fields import job_id_for
from jobintel.runtime.settings import Settings
from jobintel.runtime.web import company_id
from jobintel.testkit.jetstream import collect, jetstream, publish, running, stored

pytestmark = pytest.mark.integration

FIXTURES = Path(__file__).parents[1] / "fixtures"
ONE_PARAGRAPH = (
    "Data Engineer at Larkspur Bank. We are hiring a data engineer to move our nightly batch "
    "jobs to streaming. You have four years of Python and SQL and have run Kafka in "
    "production. Hybrid in Leeds, two days a week in the office."
)
NO_TITLE = (
    "You would be part of a small group that looks after customers, answers their questions "
    "by phone and email, and keeps the order book tidy for the sales people."
)


async def outcome(js: JetStreamContext, command: Event) -> JobIngested | PipelineFailed:
    """Publish a command for one job; its `job.ingested` or `pipeline.failed`, whichever first."""
    job_id = command.job_id

    def mine(events: list[Any]) -> bool:
        return any(e.job_id == job_id for e in events)

    await publish(js, command)
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


async def ingested(js: JetStreamContext, command: Event) -> JobIngested:
    event = await outcome(js, command)
    assert isinstance(event, JobIngested), f"failed: {getattr(event, 'reason', event)}"
    return event


async def define(js: JetStreamContext, spec: SourceSpec) -> None:
    await publish(js, DefineSource(producer="test", source=spec))
    await collect(
        js,
        subjects.SOURCE_UPDATED,
        SourceUpdated,
        until=lambda e: any(u.source.name == spec.name for u in e),
    )


async def run(js: JetStreamContext, source: str) -> IngestRunRecord:
    run_id = str(uuid.uuid4())
    await publish(js, IngestRun(producer="test", source=source, run_id=run_id))
    finished = await collect(
        js,
        subjects.INGEST_RUN_FINISHED,
        IngestRunFinished,
        until=lambda e: any(f.run.run_id == run_id for f in e),
    )
    return next(f.run for f in finished if f.run.run_id == run_id)


def url_command(site: Any, path: str, fixture: str) -> IngestUrl:
    site.file(path, f"pages/{fixture}", content_type="text/html; charset=utf-8")
    return IngestUrl(job_id=str(uuid.uuid4()), producer="test", url=site.url(path))


def research_id(event: JobIngested) -> str | None:
    """The company id research derives from a posting (its own-site URLs, else its name)."""
    p = event.posting
    return company_id([p.company_url, p.apply_url, p.url], p.company)


async def test_urls_on_an_aggregator_are_filed_under_their_employers(
    settings: Settings, site: Any
) -> None:
    async with running(create_app(settings)), jetstream(settings.nats_url) as (_, js):
        with_ld = await ingested(
            js, url_command(site, "/job/dpe/7731904", "aggregator_jsonld.html")
        )
        by_link = await ingested(
            js, url_command(site, "/job/rse/5120077", "aggregator_org_by_link.html")
        )
        no_ld = await ingested(
            js, url_command(site, "/job/ae/6650213", "aggregator_no_jsonld.html")
        )
        nobody = await ingested(
            js, url_command(site, "/job/wtl/6650999", "aggregator_no_employer.html")
        )

    assert [e.posting.company for e in (with_ld, by_link, no_ld, nobody)] == [
        "Larkspur Bank",
        "Fernhill Robotics",
        "Quillmate",
        None,
    ]
    assert {e.posting.listing_site for e in (with_ld, by_link, no_ld, nobody)} == {"builtin.com"}
    ids = [research_id(e) for e in (with_ld, by_link, no_ld)]
    assert len(set(ids)) == 3, f"company ids are shared between employers: {ids}"
    assert any(n.startswith("employer unknown") for n in nobody.posting.notes)
    assert research_id(nobody) is None, "an unknown employer is no company record"

    posting = with_ld.posting
    assert posting.remote is RemoteType.REMOTE
    assert posting.locations == ["Remote (United States)"]
    assert posting.details.qualifications is not None
    assert "Production experience with Apache Kafka" in posting.details.qualifications
    assert "Qualifications" in posting.description_text
    assert "4+ years building data pipelines in Python" in posting.description_text

    text = no_ld.posting.description_text
    assert text.startswith("Quillmate builds the writing assistant")
    assert "Data + Analytics" not in text
    assert "Orbitline" not in text


async def test_a_remote_job_open_in_31_countries_has_31_locations(
    settings: Settings, site: Any
) -> None:
    async with running(create_app(settings)), jetstream(settings.nats_url) as (_, js):
        event = await ingested(js, url_command(site, "/jobs/sre", "remote_31_countries.html"))
    assert event.posting.remote is RemoteType.REMOTE
    assert len(event.posting.locations) == 31
    assert event.posting.company == "Tidewater Maps"


async def test_pasted_postings_without_a_title_line_are_ingested(settings: Settings) -> None:
    async with running(create_app(settings)), jetstream(settings.nats_url) as (_, js):
        paragraph = await ingested(
            js, IngestPosting(job_id=str(uuid.uuid4()), producer="test", text=ONE_PARAGRAPH)
        )
        untitled = await ingested(
            js, IngestPosting(job_id=str(uuid.uuid4()), producer="test", text=NO_TITLE)
        )
    assert (paragraph.posting.title, paragraph.posting.company) == (
        "Data Engineer",
        "Larkspur Bank",
    )
    assert paragraph.posting.remote is RemoteType.HYBRID
    assert untitled.posting.title == "untitled"
    assert any("no title found" in n for n in untitled.posting.notes)


async def test_files_a_saved_aggregator_page_and_an_untitled_text(settings: Settings) -> None:
    page = (FIXTURES / "pages" / "aggregator_jsonld.html").read_bytes()

    def upload(name: str, content: bytes) -> IngestFile:
        encoded = base64.b64encode(content).decode()
        return IngestFile(
            job_id=str(uuid.uuid4()), producer="test", filename=name, content_base64=encoded
        )

    async with running(create_app(settings)), jetstream(settings.nats_url) as (_, js):
        saved = await ingested(js, upload("larkspur.html", page))
        text = await ingested(js, upload("posting.txt", ONE_PARAGRAPH.encode()))
        untitled = await ingested(js, upload("notes.md", NO_TITLE.encode()))

    assert saved.posting.title == "Data Platform Engineer"
    assert saved.posting.company == "Larkspur Bank"
    assert saved.posting.company_confidence is Confidence.HIGH
    assert saved.posting.source_kind == "file"
    assert saved.posting.details.skills == ["Python", "Apache Kafka", "dbt", "Snowflake"]
    assert saved.posting.remote is RemoteType.REMOTE
    assert (text.posting.title, text.posting.company) == ("Data Engineer", "Larkspur Bank")
    assert untitled.posting.title == "untitled"


async def test_a_hosted_board_run_names_the_employer_from_the_board(
    settings: Settings, site: Any
) -> None:
    site.file("/v0/postings/marigold-analytics", "boards/lever_hosted.json")
    spec = SourceSpec(name="marigold", kind="lever", board="marigold-analytics", base_url=site.base)
    async with running(create_app(settings)), jetstream(settings.nats_url) as (_, js):
        await define(js, spec)
        record = await run(js, "marigold")
        jobs = await stored(js, subjects.JOB_INGESTED, JobIngested)
    assert record.new == 2
    for job in jobs:
        assert job.posting.company == "Marigold Analytics"
        assert job.posting.company_confidence is Confidence.LOW
        assert job.posting.listing_site == "lever.co"
        assert research_id(job) == "marigold-analytics"
    platform = next(j for j in jobs if j.posting.title.startswith("Machine Learning"))
    assert platform.posting.locations == ["Berlin", "Hamburg"]


async def test_posted_ats_objects_are_read_and_linked_to_the_board_run(
    settings: Settings, site: Any
) -> None:
    greenhouse_job = json.loads((FIXTURES / "boards" / "greenhouse_jobs.json").read_text())["jobs"][
        0
    ]
    lever_jobs = json.loads((FIXTURES / "boards" / "lever_hosted.json").read_text())
    site.file("/v1/boards/northwind/jobs", "boards/greenhouse_jobs.json")
    site.file("/v1/boards/northwind", "boards/greenhouse_board.json")
    site.file("/v0/postings/marigold-analytics", "boards/lever_hosted.json")
    async with running(create_app(settings)), jetstream(settings.nats_url) as (_, js):
        # the board first, then the same Greenhouse posting posted as `data`
        await define(js, SourceSpec(name="northwind", kind="greenhouse", board="northwind",
                                    base_url=site.base))  # fmt: skip
        await run(js, "northwind")
        posted_gh = await ingested(
            js, IngestPosting(job_id=str(uuid.uuid4()), producer="test", data=greenhouse_job)
        )
        # a Lever posting posted first, then the board run that lists it
        posted_lever = await ingested(
            js, IngestPosting(job_id=str(uuid.uuid4()), producer="test", data=lever_jobs[0])
        )
        await define(js, SourceSpec(name="marigold", kind="lever", board="marigold-analytics",
                                    base_url=site.base))  # fmt: skip
        lever_run = await run(js, "marigold")
        jobs = await stored(js, subjects.JOB_INGESTED, JobIngested)

    gh = posted_gh.posting
    assert (gh.title, gh.company, gh.url) == (
        "Backend Engineer (Go)",
        "Northwind Freight",
        greenhouse_job["absolute_url"],
    )
    assert gh.locations == ["Lisbon, Portugal"]
    assert posted_gh.duplicate_of == job_id_for("northwind", "4011001")

    lv = posted_lever.posting
    assert (lv.title, lv.company) == ("Machine Learning Platform Engineer", "Marigold Analytics")
    assert lv.url == lever_jobs[0]["hostedUrl"]
    assert "3+ years of Python in production" in lv.description_text
    assert posted_lever.duplicate_of is None
    assert (lever_run.new, lever_run.duplicates) == (1, 1)
    announced = {j.job_id for j in jobs}
    assert job_id_for("marigold", lever_jobs[0]["id"]) not in announced
    assert job_id_for("marigold", lever_jobs[1]["id"]) in announced
