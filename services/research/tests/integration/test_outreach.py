"""Outreach drafts on a real nats-server: signed with the master CV's name, gated like the CV.

Research keeps the latest master CV from `profile.updated` (its own durable consumer); the
drafts of a job researched after that end with the person's name, and a fabricating model
behind the real Anthropic SDK cannot get an invented claim about the sender into a draft.
"""

from __future__ import annotations

import asyncio

import pytest
from nats.js import JetStreamContext
from pydantic import SecretStr

from jobintel.contracts import CompanyResearched, ProfileUpdated, Verdict, subjects
from jobintel.contracts.profile import MasterProfile
from jobintel.research.app import create_app
from jobintel.research.domain.outreach import PLACEHOLDER
from jobintel.runtime.settings import Settings
from jobintel.testkit.anthropic import FakeAnthropic, FakeCall
from jobintel.testkit.jetstream import collect, jetstream, publish, running

from ..conftest import SiteFarm, fast_settings
from .test_company_sites import job

pytestmark = pytest.mark.integration

PROFILE = MasterProfile.model_validate(
    {
        "resume": {
            "basics": {"name": "Oskar Lindqvist", "label": "Backend Engineer"},
            "work": [
                {
                    "name": "Sundberg Freight",
                    "position": "Backend Engineer",
                    "startDate": "2021-02",
                    "highlights": ["Built the route-pricing service in Go for 30 carriers"],
                }
            ],
        }
    }
)
INVENTED = {
    "Tomasz Nowak": ("I ran the robotics platform at Boston Dynamics for 5 years.", "Boston"),
    "Amara Okafor": ("I already worked at Acme Robotics as a contractor.", "contractor"),
}
HONEST = "I built the route-pricing service in Go for 30 carriers."


async def consumed(js: JetStreamContext, durable: str) -> None:
    async with asyncio.timeout(10):
        while True:
            info = await js.consumer_info("PIPELINE", durable)
            if info.num_pending == 0 and info.num_ack_pending == 0:
                return
            await asyncio.sleep(0.05)


async def test_offline_drafts_are_signed_with_the_name_from_the_master_cv(
    settings: Settings, farm: SiteFarm
) -> None:
    config = fast_settings(settings)
    async with running(create_app(config)), jetstream(settings.nats_url) as (_, js):
        await publish(js, ProfileUpdated(producer="test", profile=PROFILE))
        await consumed(js, "research-profile-updated-v1")
        await publish(js, job("Acme Robotics", farm["acme"].url))
        [event] = await collect(
            js, subjects.COMPANY_RESEARCHED, CompanyResearched, until=lambda e: len(e) >= 1
        )
    assert event.company.contacts
    for contact in event.company.contacts:
        draft = contact.outreach_draft or ""
        assert draft.endswith("\nOskar Lindqvist"), draft
        assert PLACEHOLDER not in draft
        assert contact.outreach_grounding is not None
        assert not contact.outreach_grounding.reverted


async def test_a_fabricating_model_cannot_put_a_claim_about_the_sender_in_a_draft(
    settings: Settings, farm: SiteFarm
) -> None:
    def answer(call: FakeCall) -> dict[str, object]:
        if "drafts" in (call.output_schema or {}).get("properties", {}):
            return {
                "drafts": [
                    {
                        "name": name,
                        "message": f"Hi {name.split()[0]}, I saw the Backend Engineer role at "
                        f"Acme Robotics. {HONEST} {invented}\n\nBest,\n{PLACEHOLDER}",
                    }
                    for name, (invented, _) in INVENTED.items()
                ]
            }
        return {"sentences": [{"text": "Acme Robotics builds warehouse robots.", "page": 1}]}

    async with FakeAnthropic(answer) as fake:
        config = fast_settings(
            settings.model_copy(
                update={
                    "anthropic_base_url": fake.url,
                    "anthropic_api_key": SecretStr(fake.api_key),
                }
            )
        )
        async with running(create_app(config)), jetstream(settings.nats_url) as (_, js):
            await publish(js, ProfileUpdated(producer="test", profile=PROFILE))
            await consumed(js, "research-profile-updated-v1")
            await publish(js, job("Acme Robotics", farm["acme"].url))
            [event] = await collect(
                js, subjects.COMPANY_RESEARCHED, CompanyResearched, until=lambda e: len(e) >= 1
            )
    contacts = {c.name: c for c in event.company.contacts}
    for name, (invented, claim) in INVENTED.items():
        contact = contacts[name]
        draft = contact.outreach_draft or ""
        assert draft.startswith(f"Hi {name.split()[0]}, I saw the Backend Engineer role")
        assert HONEST in draft  # the model's true sentence about the sender stays
        assert invented not in draft
        assert claim not in draft
        assert draft.endswith("Best,\nOskar Lindqvist")
        report = contact.outreach_grounding
        assert report is not None
        [refused] = [i for i in report.items if i.verdict is Verdict.REVERTED]
        assert refused.proposed == invented
        assert refused.unsupported
