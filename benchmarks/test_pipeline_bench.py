"""Bulk throughput: many jobs through all four workers on a real nats-server, end to end.

The four worker apps run in this one process (one event loop), so the figure is a floor for
one machine; in production each service scales on its own.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import pytest

from jobintel.annotation.app import create_app as annotation_app
from jobintel.contracts import CvGenerated, IngestPosting, MasterProfile, ProfileUpdated, subjects
from jobintel.cv_generator.app import create_app as cv_app
from jobintel.ingestion.app import create_app as ingestion_app
from jobintel.research.app import create_app as research_app
from jobintel.runtime.settings import Settings
from jobintel.testkit.jetstream import collect, jetstream, publish, running

SAMPLES = Path(__file__).parents[1] / "libs/runtime/src/jobintel/runtime/samples"
JOBS = 60


def _postings() -> list[dict[str, str]]:
    out = []
    for path in sorted((SAMPLES / "postings").iterdir()):
        head, _, body = path.read_text()[4:].partition("\n---\n")
        meta = dict(line.split(": ", 1) for line in head.splitlines())
        out.append({"text": body, "title": meta["title"], "company": meta["company"]})
    return out


async def _run_batch(settings: Settings, jobs: int) -> dict[str, Any]:
    profile = MasterProfile(
        resume=json.loads((SAMPLES / "resume.json").read_text()),
        persona=json.loads((SAMPLES / "persona.json").read_text()),
    )
    postings = _postings()
    async with AsyncExitStack() as stack:
        for factory in (ingestion_app, annotation_app, research_app, cv_app):
            await stack.enter_async_context(running(factory(settings)))
        _, js = await stack.enter_async_context(jetstream(settings.nats_url))
        await publish(js, ProfileUpdated(producer="bench", profile=profile))
        await asyncio.sleep(0.5)
        started = time.perf_counter()
        for i in range(jobs):
            p = postings[i % len(postings)]
            await publish(
                js,
                IngestPosting(
                    job_id=str(uuid.uuid4()),
                    producer="bench",
                    text=p["text"],
                    title=f"{p['title']} #{i}",
                    company=p["company"],
                ),
            )
        done = await collect(
            js, subjects.CV_GENERATED, CvGenerated, until=lambda e: len(e) >= jobs, timeout=600
        )
        elapsed = time.perf_counter() - started
    return {"jobs": len(done), "seconds": elapsed, "jobs_per_second": len(done) / elapsed}


@pytest.mark.integration
def test_bulk_pipeline_throughput(benchmark: Any, settings: Settings) -> None:
    result = benchmark.pedantic(
        lambda: asyncio.run(_run_batch(settings, JOBS)), rounds=1, iterations=1
    )
    benchmark.extra_info.update(result)
    print(
        f"\npipeline: {result['jobs']} jobs in {result['seconds']:.1f}s "
        f"= {result['jobs_per_second']:.1f} jobs/s (all four workers in one process)"
    )
    assert result["jobs"] == JOBS
