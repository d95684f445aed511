"""Claude-written summaries and drafts, against a local fake of the Anthropic API (real SDK)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import SecretStr

from jobintel.contracts import CompanyResearched, Event, ResearchCompany, subjects
from jobintel.research.adapters.site import HostPacer, SiteReader
from jobintel.research.app import create_app
from jobintel.research.domain.facts import Passage
from jobintel.research.drafts import LlmDrafter
from jobintel.research.service import (
    CachePolicy,
    Research,
    on_jd_structured,
    on_research_command,
)
from jobintel.research.summarize import LlmSummarizer
from jobintel.runtime.fetch import Fetcher
from jobintel.runtime.llm import ClaudeLLM, llm_from_settings
from jobintel.runtime.settings import Settings
from jobintel.runtime.store import open_store
from jobintel.testkit.anthropic import ErrorReply, FakeAnthropic, FakeCall
from jobintel.testkit.jetstream import collect, jetstream, publish, running

from ..conftest import SiteFarm, fast_settings
from .test_company_sites import job

pytestmark = pytest.mark.integration

PASSAGES = [
    Passage(
        url="https://acme.example/",
        kind="home",
        text="Acme Robotics builds warehouse robots for small retailers. "
        "More than 400 retailers use them every day.",
    ),
    Passage(
        url="https://acme.example/about",
        kind="about",
        text="Acme Robotics was founded in 2015 in Berlin. Our mission is to give every "
        "small retailer the speed of the largest shops.",
    ),
]


def configured(settings: Settings, fake: FakeAnthropic) -> Settings:
    return settings.model_copy(
        update={"anthropic_base_url": fake.url, "anthropic_api_key": SecretStr(fake.api_key)}
    )


async def test_every_sentence_keeps_the_page_it_cites(settings: Settings) -> None:
    def answer(call: FakeCall) -> dict[str, object]:
        assert "[2] https://acme.example/about" in call.prompt
        return {
            "sentences": [
                {"text": "Acme Robotics makes warehouse robots for small retailers.", "page": 1},
                {"text": "It was founded in Berlin in 2015.", "page": 2},
                {"text": "It is listed on the stock exchange.", "page": 7},  # cites no given page
            ]
        }

    async with FakeAnthropic(answer) as fake:
        llm = llm_from_settings(configured(settings, fake), max_retries=0)
        assert isinstance(llm, ClaudeLLM)
        try:
            summary = await LlmSummarizer(llm).summarize("Acme Robotics", PASSAGES)
        finally:
            await llm.aclose()
    assert summary is not None
    assert summary.method == "llm"
    assert summary.text == (
        "Acme Robotics makes warehouse robots for small retailers. "
        "It was founded in Berlin in 2015."
    )
    assert summary.sources == ["https://acme.example/", "https://acme.example/about"]


async def test_a_failing_model_falls_back_to_the_extractive_summary(settings: Settings) -> None:
    async with FakeAnthropic(lambda call: ErrorReply(400, "bad request")) as fake:
        llm = llm_from_settings(configured(settings, fake), max_retries=0)
        assert isinstance(llm, ClaudeLLM)
        try:
            summary = await LlmSummarizer(llm).summarize("Acme Robotics", PASSAGES)
        finally:
            await llm.aclose()
    assert summary is not None
    assert summary.method == "extractive"
    assert "warehouse robots" in summary.text


async def test_with_claude_configured_the_pipeline_writes_cited_summaries_and_drafts(
    settings: Settings, farm: SiteFarm
) -> None:
    def answer(call: FakeCall) -> dict[str, object]:
        schema = call.output_schema or {}
        if "drafts" in schema.get("properties", {}):
            assert "Tomasz Nowak, Head of Engineering (hiring_manager)" in call.prompt
            return {
                "drafts": [
                    {
                        "name": "Tomasz Nowak",
                        "message": "Hi Tomasz, the fleet controller work at "
                        "Acme Robotics caught my eye. [your name]",
                    },
                    {
                        "name": "Amara Okafor",
                        "message": "Hi Amara, write to me at me@example.org "
                        "about the role. [your name]",
                    },
                ]
            }
        return {"sentences": [{"text": "Acme Robotics builds warehouse robots.", "page": 1}]}

    acme = farm["acme"]
    async with FakeAnthropic(answer) as fake:
        config = fast_settings(configured(settings, fake))
        async with running(create_app(config)), jetstream(settings.nats_url) as (_, js):
            await publish(js, job("Acme Robotics", acme.url))
            [event] = await collect(
                js, subjects.COMPANY_RESEARCHED, CompanyResearched, until=lambda e: len(e) >= 1
            )
    company = event.company
    assert company.summary == "Acme Robotics builds warehouse robots."
    assert company.summary_method == "llm"
    assert company.summary_sources == [acme.url]
    drafts = {c.name: c.outreach_draft or "" for c in company.contacts}
    assert drafts["Tomasz Nowak"].startswith("Hi Tomasz, the fleet controller work")
    # a draft with an email address is refused: the offline template stays
    assert "@" not in drafts["Amara Okafor"]
    assert drafts["Amara Okafor"].startswith("Hi Amara,\n\nI am applying")


class Published:
    def __init__(self) -> None:
        self.events: list[Event] = []

    async def publish(self, event: Event) -> None:
        self.events.append(event)


async def test_drafts_are_written_once_per_job_not_on_every_delivery_or_cache_hit(
    settings: Settings, farm: SiteFarm
) -> None:
    asked: list[str] = []

    def answer(call: FakeCall) -> dict[str, object]:
        if "drafts" in (call.output_schema or {}).get("properties", {}):
            asked.append("drafts")
            return {
                "drafts": [
                    {
                        "name": "Tomasz Nowak",
                        "message": "Hi Tomasz, the fleet "
                        "controller at Acme Robotics caught my eye. [your name]",
                    }
                ]
            }
        asked.append("summary")
        return {"sentences": [{"text": "Acme Robotics builds warehouse robots.", "page": 1}]}

    acme = farm["acme"]
    first, second = job("Acme Robotics", acme.url), job("Acme Robotics", acme.url)
    store = await open_store("sqlite:///:memory:")
    published = Published()
    async with FakeAnthropic(answer) as fake, Fetcher(settings) as fetcher:
        llm = llm_from_settings(configured(settings, fake), max_retries=0)
        assert isinstance(llm, ClaudeLLM)
        deps = Research(
            store=store,
            publisher=published,
            site=SiteReader(fetcher, HostPacer(0.0), max_pages=8),
            cache=CachePolicy(timedelta(days=30), timedelta(days=14)),
            summarizer=LlmSummarizer(llm),
            drafter=LlmDrafter(llm),
        )
        try:
            made = await on_jd_structured(first, deps)
            assert asked == ["summary", "drafts"]
            requests_to_site = len(acme.requests)
            again = await on_jd_structured(first, deps)  # the same message, redelivered
            assert asked == ["summary", "drafts"]
            research_again = ResearchCompany(job_id=first.job_id, producer="test")
            asked_again = await on_research_command(research_again, deps)  # a cache hit
            assert asked == ["summary", "drafts"]
            await on_jd_structured(second, deps)  # another job: its own drafts, cached profile
            assert asked == ["summary", "drafts", "drafts"]
        finally:
            await llm.aclose()
            await store.close()
        assert len(fake.message_requests) == len(asked)
    assert again == made
    assert [e for e in published.events if isinstance(e, CompanyResearched)][:2] == [made, made]
    assert len(acme.requests) == requests_to_site
    drafts = {c.name: c.outreach_draft for c in asked_again.company.contacts}
    assert drafts == {c.name: c.outreach_draft for c in made.company.contacts}
    assert (drafts["Tomasz Nowak"] or "").startswith("Hi Tomasz, the fleet controller")
