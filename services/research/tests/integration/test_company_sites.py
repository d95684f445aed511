"""Research against local company websites, on a real nats-server and real SQLite.

Each fixture company's profile must carry a summary, facts with the URLs they came from and
contacts with titles and sources; failing sites must give partial profiles with reasons and
still hand the job on; a second job at the same company must not touch its website.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
from nats.js import JetStreamContext

from jobintel.contracts import (
    CacheOutcome,
    CompanyResearched,
    ContactRole,
    JdStructured,
    Posting,
    Progress,
    ResearchCompany,
    StructuredJD,
    subjects,
)
from jobintel.research.app import create_app
from jobintel.runtime.settings import Settings
from jobintel.testkit.jetstream import collect, jetstream, publish, running

from ..conftest import SiteFarm, fast_settings

pytestmark = pytest.mark.integration

DESCRIPTION = (
    "We are looking for a Backend Engineer to build our fleet controller in Python and Go.\n"
    "You will report to Tomasz Nowak, Head of Engineering.\n"
    "Questions? Our recruiter Amara Okafor is happy to help."
)


def job(company: str, website: str | None, *, text: str = DESCRIPTION) -> JdStructured:
    posting = Posting(
        source="paste",
        title="Backend Engineer",
        company=company,
        company_url=website,
        description_text=text,
        url="https://jobs.example-board.test/backend-engineer",
    )
    return JdStructured(
        job_id=str(uuid.uuid4()),
        producer="test",
        posting=posting,
        jd=StructuredJD(
            version=1, title="Backend Engineer", company=company, description_text=text
        ),
    )


@pytest.fixture
async def js(settings: Settings) -> AsyncIterator[JetStreamContext]:
    async with jetstream(settings.nats_url) as (_, context):
        yield context


async def researched(js: JetStreamContext, count: int) -> list[CompanyResearched]:
    return await collect(
        js, subjects.COMPANY_RESEARCHED, CompanyResearched, until=lambda e: len(e) >= count
    )


async def progress_messages(js: JetStreamContext, job_id: str) -> list[str]:
    events = await collect(
        js,
        subjects.progress_subject(job_id),
        Progress,
        until=lambda e: any(p.state == "done" for p in e),
    )
    return [p.message for p in events]


async def test_a_company_site_with_json_ld_gives_a_cited_profile_and_contacts(
    settings: Settings, farm: SiteFarm, js: JetStreamContext
) -> None:
    acme = farm["acme"]
    async with running(create_app(fast_settings(settings))):
        await publish(js, job("Acme Robotics", acme.url))
        [event] = await researched(js, 1)
    company = event.company
    assert company.company_id == f"127.0.0.1:{acme.port}"
    assert not company.partial, company.partial_reasons
    assert company.cache is CacheOutcome.MISS
    facts = {f.label: f for f in company.facts}
    assert facts["Founded"].value == "2015"
    assert facts["Employees"].value == "85"
    assert facts["Headquarters"].value == "Berlin, DE"
    assert facts["Mission"].source_url == acme.url + "about"
    assert "small retailer" in facts["Mission"].value
    site_facts = [f for f in company.facts if f.label != "Tech stack signals in the posting"]
    assert all((f.source_url or "").startswith(acme.url) for f in site_facts)
    [from_posting] = [f for f in company.facts if f not in site_facts]
    assert from_posting.source_url == "https://jobs.example-board.test/backend-engineer"
    assert from_posting.value == "Go, Python"
    assert "https://github.com/acme-robotics-example" in company.same_as
    assert {"Python", "Rust", "Kubernetes", "PostgreSQL", "Apache Kafka"} <= set(company.tech_stack)
    assert "Go" in company.tech_stack  # from the posting itself
    assert company.summary
    assert "warehouse robots" in company.summary
    assert company.summary_sources
    assert all(u.startswith(acme.url) for u in company.summary_sources)
    assert [n.title for n in company.news][:2] == [
        "Acme Robotics raises a Series B to expand to the Nordics",
        "400 retailers now ship with Acme",
    ]
    assert str(company.news[0].date) == "2026-09-14"
    assert company.news[0].source_url == acme.url + "news/series-b"
    people = {c.name: c for c in company.contacts}
    assert people["Tomasz Nowak"].role is ContactRole.HIRING_MANAGER
    assert people["Amara Okafor"].role is ContactRole.RECRUITER
    assert people["Greta Lindqvist"].role is ContactRole.FOUNDER
    assert people["Lukas Brandt"].role is ContactRole.PEER
    assert people["Lukas Brandt"].title == "Senior Robotics Engineer"
    assert people["Lukas Brandt"].source_url == acme.url + "team"
    assert company.contacts[0].name == "Tomasz Nowak"  # the hiring manager comes first
    for contact in company.contacts:
        assert contact.relevance
        assert contact.outreach_draft
        assert contact.source_url
        assert "@" not in contact.outreach_draft  # no guessed email anywhere
    assert "/private/team-directory" not in acme.requests  # robots.txt is obeyed
    assert acme.requests[0] == "/robots.txt"
    assert "/sitemap.xml" in acme.requests  # named in robots.txt
    assert event.jd.title == "Backend Engineer"


async def test_a_site_without_json_ld_or_sitemap_still_gives_facts_and_leaders(
    settings: Settings, farm: SiteFarm, js: JetStreamContext
) -> None:
    globex = farm["globex"]
    async with running(create_app(fast_settings(settings))):
        await publish(js, job("Globex", globex.url, text="Build payroll features in Ruby."))
        [event] = await researched(js, 1)
    company = event.company
    assert not company.partial, company.partial_reasons
    facts = {f.label: f for f in company.facts}
    assert facts["What they do"].source_url == globex.url
    assert "payroll and scheduling software" in facts["What they do"].value
    assert facts["Founded"].value == "2011"
    assert facts["Founded"].source_url == globex.url + "company"
    assert facts["Employees"].value == "200"
    assert {"Ruby on Rails", "React", "MySQL", "AWS"} <= set(company.tech_stack)
    assert company.summary
    people = {c.name: c for c in company.contacts}
    assert people["Daniel Mercer"].role is ContactRole.ENGINEERING_LEADER
    assert people["Daniel Mercer"].title == "VP Engineering"
    assert people["Sofia Alvarez"].role is ContactRole.PRODUCT_LEADER
    assert people["Priya Raman"].source_url == globex.url + "leadership"


async def test_a_second_job_at_the_same_company_makes_no_request_to_its_site(
    settings: Settings, farm: SiteFarm, js: JetStreamContext
) -> None:
    acme = farm["acme"]
    first, second = job("Acme Robotics", acme.url), job("Acme Robotics GmbH", acme.url)
    async with running(create_app(fast_settings(settings))):
        await publish(js, first)
        await researched(js, 1)
        before = len(acme.requests)
        await publish(js, second)
        events = await researched(js, 2)
        second_progress = await progress_messages(js, str(second.job_id))
    assert before > 3
    assert len(acme.requests) == before
    cached = events[1].company
    assert cached.cache is CacheOutcome.HIT
    assert cached.facts == events[0].company.facts
    assert {c.name for c in cached.contacts} == {c.name for c in events[0].company.contacts}
    assert any(m.startswith("cache hit") for m in second_progress)


async def test_a_cached_profile_without_contacts_runs_contact_discovery_only(
    settings: Settings, farm: SiteFarm, js: JetStreamContext
) -> None:
    acme = farm["acme"]
    acme.failing.add("/team")  # the team page is down during the first visit
    async with running(create_app(fast_settings(settings))):
        await publish(js, job("Acme Robotics", acme.url, text="A backend role in Python."))
        [first] = await researched(js, 1)
        acme.failing.clear()
        before = len(acme.requests)
        later = job("Acme Robotics", acme.url, text="A data role in Python.")
        await publish(js, later)
        events = await researched(js, 2)
        messages = await progress_messages(js, str(later.job_id))
    assert "Lukas Brandt" not in {c.name for c in first.company.contacts}
    assert first.company.contacts_researched_at is None
    # only where people are: the team page, and the homepage whose JSON-LD names the founder
    assert "/team" in acme.requests[before:]
    assert set(acme.requests[before:]) <= {"/robots.txt", "/team", "/"}
    second = events[1].company
    assert second.cache is CacheOutcome.PARTIAL_HIT
    assert {"Lukas Brandt", "Tomasz Nowak", "Amara Okafor"} <= {c.name for c in second.contacts}
    assert second.facts == first.company.facts
    assert any("discovering contacts only" in m for m in messages)


async def test_a_forced_refresh_reads_the_site_again(
    settings: Settings, farm: SiteFarm, js: JetStreamContext
) -> None:
    globex = farm["globex"]
    first = job("Globex", globex.url)
    async with running(create_app(fast_settings(settings))):
        await publish(js, first)
        await researched(js, 1)
        before = len(globex.requests)
        await publish(js, ResearchCompany(job_id=first.job_id, producer="test", force_refresh=True))
        events = await researched(js, 2)
    assert len(globex.requests) > before
    assert events[1].job_id == first.job_id
    assert events[1].company.cache is CacheOutcome.MISS
    # one fetcher serves the process: what it cached for the first job makes the second
    # job's requests conditional, so the unchanged pages come back as 304s
    assert {"/", "/company", "/leadership"} <= set(globex.not_modified)
    assert events[1].company.facts == events[0].company.facts


async def test_sitemaps_are_followed_only_on_the_company_site_and_where_robots_txt_allows(
    settings: Settings, farm: SiteFarm, js: JetStreamContext
) -> None:
    """Stark's robots.txt names a sitemap on another server, and its sitemap index a child
    there and one in a directory robots.txt disallows: none of them is fetched."""
    stark, elsewhere = farm.start("stark"), farm.start("elsewhere")
    stark.substitutions["OTHER"] = elsewhere.url.rstrip("/")
    async with running(create_app(fast_settings(settings))):
        await publish(js, job("Stark Thermal", stark.url, text="Control software in Rust."))
        [event] = await researched(js, 1)
    assert elsewhere.requests == []
    assert not [p for p in stark.requests if p.startswith("/hidden/")]
    assert {"/sitemap-index.xml", "/pages.xml"} <= set(stark.requests)
    company = event.company
    assert not company.partial, company.partial_reasons
    # the about page is linked from nowhere: only the site's own child sitemap names it
    assert stark.url + "about-us" in company.pages
    facts = {f.label: f for f in company.facts}
    assert facts["Founded"].value == "2016"
    assert facts["Founded"].source_url == stark.url + "about-us"


@pytest.mark.parametrize(
    ("site", "reason"),
    [
        ("initech", "answered 500"),
        ("umbrella", "cloud metadata"),
        ("hooli", "no readable text"),
        ("wonka", "refuses automated access"),
    ],
)
async def test_a_failing_site_gives_a_partial_profile_and_the_job_goes_on(
    settings: Settings, farm: SiteFarm, js: JetStreamContext, site: str, reason: str
) -> None:
    event = job(site.title(), farm[site].url)
    async with running(create_app(fast_settings(settings))):
        await publish(js, event)
        [done] = await researched(js, 1)
    assert done.job_id == event.job_id
    assert done.company.partial
    assert any(reason in r for r in done.company.partial_reasons), done.company.partial_reasons
    # the posting still gives what it can: its named people and technologies
    assert {"Tomasz Nowak", "Amara Okafor"} <= {c.name for c in done.company.contacts}
    assert "Python" in done.company.tech_stack
    if site == "umbrella":
        assert farm[site].requests == ["/robots.txt", "/"]  # the redirect hop was never taken


async def test_a_site_on_a_private_address_is_refused_when_private_networks_are_not_allowed(
    settings: Settings, farm: SiteFarm, js: JetStreamContext
) -> None:
    """The production default: `localhost` resolves to 127.0.0.1, so nothing may be fetched.

    The fixture site is really there and answering; the refusal happens before any
    connection, so its request counter stays at zero.
    """
    acme = farm["acme"]
    website = f"http://localhost:{acme.port}/"
    strict = fast_settings(settings, fetch_allow_private_networks=False)
    event = job("Acme Robotics", website)
    async with running(create_app(strict)):
        await publish(js, event)
        [done] = await researched(js, 1)
    assert acme.requests == []
    assert done.job_id == event.job_id
    assert done.company.partial
    assert any("loopback" in r and "refused" in r for r in done.company.partial_reasons), (
        done.company.partial_reasons
    )


async def test_a_page_without_people_failing_for_now_does_not_send_the_next_job_back_to_the_site(
    settings: Settings, farm: SiteFarm, js: JetStreamContext
) -> None:
    acme = farm["acme"]
    acme.failing.add("/news")
    async with running(create_app(fast_settings(settings))):
        await publish(js, job("Acme Robotics", acme.url))
        [first] = await researched(js, 1)
        acme.failing.clear()
        before = len(acme.requests)
        await publish(js, job("Acme Robotics", acme.url))
        events = await researched(js, 2)
    assert first.company.partial  # the news page could not be read, and the profile says so
    assert any("/news answered 503" in r for r in first.company.partial_reasons)
    assert first.company.contacts_researched_at is not None
    assert events[1].company.cache is CacheOutcome.HIT
    assert len(acme.requests) == before
