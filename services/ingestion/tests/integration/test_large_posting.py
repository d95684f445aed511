"""The largest posting a person may paste goes all the way through, on a real nats-server.

A `jd.structured` event carries the posting (sanitised HTML and its text) and the structured
description (the text again, with blocks), so it is several times the size of what was
pasted: nats-server's default 1 MB payload is too small, and the runtime raises it.
"""

from __future__ import annotations

import uuid

import pytest
from nats.js.api import DeliverPolicy

from jobintel.annotation.app import create_app as annotation_app
from jobintel.annotation.structurer import OfflineStructurer
from jobintel.contracts import IngestPosting, JdStructured, PipelineFailed, subjects
from jobintel.contracts.events import MAX_TEXT
from jobintel.ingestion.app import create_app as ingestion_app
from jobintel.runtime.settings import Settings
from jobintel.testkit.jetstream import jetstream, publish, running

pytestmark = pytest.mark.integration

SKILLS = ["Python", "Kubernetes", "PostgreSQL", "Terraform", "AWS", "Go", "Kafka", "React"]


def long_posting(size: int) -> str:
    """A job page of exactly `size` characters: a long list of short requirements, the
    shape that makes the structured event largest (every item is a block and a requirement).
    """
    parts = ["<h1>Principal Platform Engineer</h1><p>Riverside Water runs the pumps.</p><ul>"]
    n = 0
    while sum(map(len, parts)) < size - 1200:
        parts.append(f"<li>{SKILLS[n % len(SKILLS)]} {n}</li>")
        n += 1
    html = "".join(parts) + "</ul>"
    return html + "<p>" + "x" * (size - len(html) - 7) + "</p>"


async def test_a_posting_of_the_largest_pasted_size_is_structured(settings: Settings) -> None:
    html = long_posting(MAX_TEXT)
    assert len(html) == MAX_TEXT
    job_id = str(uuid.uuid4())
    async with (
        running(ingestion_app(settings)),
        running(annotation_app(settings, structurer=OfflineStructurer())),
        jetstream(settings.nats_url) as (nc, js),
    ):
        structured = await js.subscribe(
            subjects.JD_STRUCTURED, ordered_consumer=True, deliver_policy=DeliverPolicy.ALL
        )
        failed = await js.subscribe(
            subjects.PIPELINE_FAILED, ordered_consumer=True, deliver_policy=DeliverPolicy.ALL
        )
        await publish(js, IngestPosting(job_id=job_id, producer="test", html=html))
        msg = await structured.next_msg(timeout=60)
        event = JdStructured.model_validate_json(msg.data)
        try:
            stray = PipelineFailed.model_validate_json((await failed.next_msg(timeout=0.5)).data)
        except TimeoutError:
            stray = None
        assert stray is None, f"the pipeline failed: {stray}"
        assert nc.max_payload >= 8 * 1024 * 1024
    assert event.job_id == job_id
    assert event.posting.title == "Principal Platform Engineer"
    text = event.jd.description_text
    assert "Terraform 3003" in text
    assert text.endswith("x" * 1000), "nothing was cut off"
    print(f"jd.structured for a {len(html):,}-character page: {len(msg.data):,} bytes")
