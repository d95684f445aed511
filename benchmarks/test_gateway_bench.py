"""Gateway read model speed: folding a job's events, and listing a page of many jobs.

Targets: under 2 ms to fold the events of one job (the gateway projects every fact of
every job), and under 50 ms for the first page of 2,000 jobs filtered by status on SQLite
(the job list page is one query).
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from jobintel.contracts import (
    AtsReport,
    CvGenerated,
    Event,
    GroundingReport,
    IngestPosting,
    JdStructured,
    JobIngested,
    Posting,
    StructuredJD,
    TailoredCV,
)
from jobintel.gateway.domain.projection import JobView, apply, dump
from jobintel.gateway.readmodel import INDEXES, JOBS, list_jobs
from jobintel.runtime.store import open_store

FOLD_MS = 2.0
LIST_MS = 50.0
JOBS_STORED = 2000
TEXT = "Platform engineer. Run Kubernetes, Python services and PostgreSQL for harbours. " * 40


def job_events(job_id: str, cv: bool) -> list[Event]:
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    posting = Posting(
        source="paste", title="Platform Engineer", company="Tidewater", description_text=TEXT
    )
    jd = StructuredJD(
        version=1, title="Platform Engineer", company="Tidewater", description_text=TEXT
    )
    events: list[Event] = [
        IngestPosting(job_id=job_id, producer="gateway", text=TEXT, occurred_at=t0),
        JobIngested(
            job_id=job_id,
            producer="ingestion",
            posting=posting,
            occurred_at=t0 + timedelta(seconds=1),
        ),
        JdStructured(
            job_id=job_id,
            producer="annotation",
            jd=jd,
            posting=posting,
            occurred_at=t0 + timedelta(seconds=2),
        ),
    ]
    if cv:
        events.append(
            CvGenerated(
                job_id=job_id,
                producer="cv-generator",
                cv=TailoredCV(name="Ada"),
                ats=AtsReport(score=70),
                grounding=GroundingReport(),
                files=[],
                jd_version=1,
                profile_version=1,
                occurred_at=t0 + timedelta(seconds=3),
            )
        )
    return events


def fold(events: list[Event]) -> JobView:
    view: JobView | None = None
    for event in events:
        view = apply(view, event) or view
    assert view is not None
    return view


def test_fold_one_job(benchmark: Any) -> None:
    events = job_events(str(uuid.uuid4()), cv=True)  # queued → cv_ready
    view = benchmark(fold, events)
    assert view.status.value == "cv_ready"
    ms = benchmark.stats.stats.mean * 1000
    print(f"\nprojection: {ms:.2f} ms to fold {len(events)} events of one job")
    assert ms < FOLD_MS


def test_list_a_page_of_many_jobs(benchmark: Any, tmp_path: Path) -> None:
    loop = asyncio.new_event_loop()
    try:
        store = loop.run_until_complete(open_store(f"sqlite:///{tmp_path / 'gateway.db'}"))
        for fields in INDEXES[JOBS]:
            loop.run_until_complete(store.ensure_index(JOBS, fields))
        for i in range(JOBS_STORED):
            view = fold(job_events(f"job-{i:05d}", cv=i % 2 == 0))
            loop.run_until_complete(store.put(JOBS, view.job_id, dump(view)))

        def first_page() -> int:
            views, total = loop.run_until_complete(list_jobs(store, status="cv_ready", limit=50))
            assert len(views) == 50
            return total

        assert benchmark(first_page) == JOBS_STORED // 2
        ms = benchmark.stats.stats.mean * 1000
        print(f"\njob list: {ms:.1f} ms for the first page of {JOBS_STORED} jobs")
        loop.run_until_complete(store.close())
    finally:
        loop.close()
    assert ms < LIST_MS
