"""cv-generator on a real nats-server: profile + researched job in, CV out, files readable."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from nats.js import JetStreamContext

from jobintel.contracts import (
    CompanyResearched,
    CvFormat,
    CvGenerated,
    FailureKind,
    GenerateCv,
    PipelineFailed,
    ProfileUpdated,
    Progress,
    subjects,
)
from jobintel.contracts.company import CompanyProfile
from jobintel.cv_generator.app import create_app
from jobintel.cv_generator.domain.roundtrip import pdf_text
from jobintel.runtime.broker import cv_files
from jobintel.runtime.settings import Settings
from jobintel.testkit.jetstream import collect, jetstream, publish, running

from ..conftest import load_profile, make_jd

pytestmark = pytest.mark.integration

COMPANY = CompanyProfile(company_id="tidewater.example", name="Tidewater")


async def consumed(js: JetStreamContext, durable: str) -> None:
    """Wait until the service has acknowledged everything on one of its consumers."""
    async with asyncio.timeout(10):
        while True:
            info = await js.consumer_info("PIPELINE", durable)
            if info.num_pending == 0 and info.num_ack_pending == 0:
                return
            await asyncio.sleep(0.05)


def researched(job_id: str) -> CompanyResearched:
    return CompanyResearched(job_id=job_id, producer="test", company=COMPANY, jd=make_jd())


async def test_profile_and_researched_job_become_a_cv_in_the_object_store(
    settings: Settings,
) -> None:
    job_id = str(uuid.uuid4())
    async with running(create_app(settings)), jetstream(settings.nats_url) as (_, js):
        await publish(js, ProfileUpdated(producer="test", profile=load_profile()))
        await publish(js, researched(job_id))
        [event] = await collect(js, subjects.CV_GENERATED, CvGenerated, until=lambda e: len(e) >= 1)
        bucket = await cv_files(js)
        markdown = next(f for f in event.files if f.format is CvFormat.MARKDOWN)
        stored = await bucket.get(markdown.object_name)
        pdf = await bucket.get(f"{job_id}/jd1-p1.pdf")
        others = {f.object_name: (await bucket.get(f.object_name)).data for f in event.files}
        progress = await collect(
            js, subjects.progress_subject(job_id), Progress, until=lambda e: any(p.final for p in e)
        )
    assert event.job_id == job_id
    assert markdown.object_name == f"{job_id}/jd1-p1.md"
    text = stored.data.decode() if stored.data else ""
    assert text.startswith("# Ines Halvorsen")
    assert "Kubernetes" in text
    assert "Skarv Payments" in text
    assert len(stored.data or b"") == markdown.size
    assert event.cv.work[0].bullets, "the most recent role keeps its best bullets"
    assert "Kubernetes" in event.ats.must_have_found
    text, pages = pdf_text(pdf.data or b"")
    assert "Ines Halvorsen" in text
    assert 1 <= pages <= 2
    assert {f.format for f in event.files} == set(CvFormat)
    assert all(len(others[f.object_name] or b"") == f.size for f in event.files)
    assert next(c for c in event.ats.checks if c.name == "pdf_round_trip").passed
    assert progress[-1].final
    assert progress[-1].stage == "cv-generator"


async def test_without_a_master_cv_the_job_fails_telling_the_user_to_upload_one(
    settings: Settings,
) -> None:
    job_id = str(uuid.uuid4())
    async with running(create_app(settings)), jetstream(settings.nats_url) as (_, js):
        await publish(js, researched(job_id))
        [failure] = await collect(
            js, subjects.PIPELINE_FAILED, PipelineFailed, until=lambda e: len(e) >= 1
        )
    assert failure.job_id == job_id
    assert failure.kind is FailureKind.NOT_READY
    assert "PUT /api/profile" in failure.reason
    assert failure.attempts == settings.max_deliver  # it waited for the profile a few times


async def test_regenerating_uses_the_new_profile_version(settings: Settings) -> None:
    job_id = str(uuid.uuid4())
    async with running(create_app(settings)), jetstream(settings.nats_url) as (_, js):
        await publish(js, ProfileUpdated(producer="test", profile=load_profile(1)))
        await publish(js, researched(job_id))
        await collect(js, subjects.CV_GENERATED, CvGenerated, until=lambda e: len(e) >= 1)
        await publish(js, ProfileUpdated(producer="test", profile=load_profile(2)))
        await consumed(js, "cv-generator-profile-updated-v1")
        await publish(js, GenerateCv(job_id=job_id, producer="test"))
        events = await collect(js, subjects.CV_GENERATED, CvGenerated, until=lambda e: len(e) >= 2)
    assert [e.profile_version for e in events] == [1, 2]
    assert events[1].files[0].object_name == f"{job_id}/jd1-p2.md"
