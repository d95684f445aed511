"""Research on a real nats-server: every structured job gets exactly one `company.researched`."""

from __future__ import annotations

import uuid

import pytest

from jobintel.contracts import (
    CacheOutcome,
    CompanyResearched,
    JdStructured,
    PipelineFailed,
    Posting,
    ResearchCompany,
    StructuredJD,
    subjects,
)
from jobintel.research.app import create_app
from jobintel.runtime.settings import Settings
from jobintel.testkit.jetstream import collect, jetstream, publish, running

from ..conftest import SiteFarm, fast_settings

pytestmark = pytest.mark.integration


def structured(job_id: str, **posting: str) -> JdStructured:
    text = "Build our data platform with Python and Postgres."
    return JdStructured(
        job_id=job_id,
        producer="test",
        jd=StructuredJD(
            version=1, title="Data Engineer", company=posting.get("company"), description_text=text
        ),
        posting=Posting(source="paste", title="Data Engineer", description_text=text, **posting),
    )


async def test_posting_without_website_gives_a_partial_profile_and_the_job_goes_on(
    settings: Settings,
) -> None:
    job_id = str(uuid.uuid4())
    app = create_app(fast_settings(settings))
    async with running(app), jetstream(settings.nats_url) as (_, js):
        await publish(js, structured(job_id, company="Acme Robotics, Inc."))
        [event] = await collect(
            js, subjects.COMPANY_RESEARCHED, CompanyResearched, until=lambda e: len(e) >= 1
        )
    assert event.job_id == job_id
    assert event.company.company_id == "acme-robotics"
    assert event.company.name == "Acme Robotics, Inc."
    assert event.company.partial
    assert "no website known" in event.company.partial_reasons[0]
    assert event.jd.title == "Data Engineer"


async def test_jobs_of_one_company_share_its_id_and_research_can_be_asked_again(
    settings: Settings, farm: SiteFarm
) -> None:
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    site = farm["globex"]
    app = create_app(fast_settings(settings))
    async with running(app), jetstream(settings.nats_url) as (_, js):
        await publish(
            js,
            structured(
                first,
                company="Globex",
                apply_url="https://boards.greenhouse.io/globex/jobs/1",
                company_url=site.url + "company",
            ),
        )
        await publish(js, structured(second, company="Globex Ltd"))
        await collect(
            js, subjects.COMPANY_RESEARCHED, CompanyResearched, until=lambda e: len(e) >= 2
        )
        await publish(js, ResearchCompany(job_id=second, producer="test", force_refresh=True))
        events = await collect(
            js, subjects.COMPANY_RESEARCHED, CompanyResearched, until=lambda e: len(e) >= 3
        )
    by_job = {e.job_id: e for e in events[:2]}
    company_id = f"127.0.0.1:{site.port}"
    assert by_job[first].company.company_id == company_id
    assert by_job[first].company.website == site.url
    # the second posting names the company only; it joins the profile with the website
    assert by_job[second].company.company_id == company_id
    assert by_job[second].company.cache is CacheOutcome.HIT
    assert events[2].job_id == second
    assert events[2].company.company_id == company_id
    assert events[2].company.cache is CacheOutcome.MISS  # forced: the site was read again


async def test_research_command_for_an_unknown_job_fails_with_a_reason(settings: Settings) -> None:
    job_id = str(uuid.uuid4())
    app = create_app(fast_settings(settings))
    async with running(app), jetstream(settings.nats_url) as (_, js):
        await publish(js, ResearchCompany(job_id=job_id, producer="test"))
        [failure] = await collect(
            js, subjects.PIPELINE_FAILED, PipelineFailed, until=lambda e: len(e) >= 1
        )
    assert failure.job_id == job_id
    assert failure.stage == "research"
    assert "no structured description" in failure.reason
