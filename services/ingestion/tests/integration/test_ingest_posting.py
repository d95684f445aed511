"""Ingestion on a real nats-server: a pasted posting becomes exactly one `job.ingested`."""

from __future__ import annotations

import uuid

import pytest

from jobintel.contracts import IngestPosting, JobIngested, PipelineFailed, subjects
from jobintel.ingestion.app import create_app
from jobintel.runtime.settings import Settings
from jobintel.testkit.jetstream import collect, jetstream, publish, running

pytestmark = pytest.mark.integration

TEXT = """Senior Platform Engineer

Acme builds logistics software. You will run our Kubernetes platform.

Requirements:
- 5+ years with Python
- Experience with AWS and Terraform
"""


async def test_pasted_text_becomes_a_job(settings: Settings) -> None:
    job_id = str(uuid.uuid4())
    async with running(create_app(settings)), jetstream(settings.nats_url) as (_, js):
        await publish(js, IngestPosting(job_id=job_id, producer="test", text=TEXT, company="Acme"))
        [event] = await collect(js, subjects.JOB_INGESTED, JobIngested, until=lambda e: len(e) >= 1)
    assert event.job_id == job_id
    assert event.posting.title == "Senior Platform Engineer"
    assert event.posting.company == "Acme"
    assert "Terraform" in event.posting.description_text


async def test_text_too_short_fails_with_a_reason(settings: Settings) -> None:
    job_id = str(uuid.uuid4())
    async with running(create_app(settings)), jetstream(settings.nats_url) as (_, js):
        await publish(js, IngestPosting(job_id=job_id, producer="test", text="hello"))
        [failure] = await collect(
            js, subjects.PIPELINE_FAILED, PipelineFailed, until=lambda e: len(e) >= 1
        )
    assert failure.job_id == job_id
    assert failure.stage == "ingestion"
    assert "too short" in failure.reason
