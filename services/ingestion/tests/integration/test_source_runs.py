"""Sources and runs on a real nats-server, reading boards from a local fixture HTTP server."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from typing import Any

import nats.errors
import pytest
from nats.js import JetStreamContext
from nats.js.api import DeliverPolicy
from pydantic import BaseModel

from jobintel.contracts import (
    DefineSource,
    FailureKind,
    IngestRun,
    IngestRunFinished,
    IngestRunRecord,
    JobIngested,
    PipelineFailed,
    RunStatus,
    RunTrigger,
    SourceFilters,
    SourceOrigin,
    SourceSpec,
    SourceUpdated,
    subjects,
)
from jobintel.ingestion.app import create_app
from jobintel.ingestion.config import IngestionSettings
from jobintel.ingestion.domain.fields import job_id_for
from jobintel.runtime.settings import Settings
from jobintel.runtime.testing import collect, jetstream, publish, running

pytestmark = pytest.mark.integration

FIXTURES = Path(__file__).parents[1] / "fixtures" / "boards"


async def stored(js: JetStreamContext, subject: str, model: type[BaseModel]) -> list[Any]:
    """Every message the stream holds on `subject` right now."""
    sub = await js.subscribe(subject, ordered_consumer=True, deliver_policy=DeliverPolicy.ALL)
    found: list[Any] = []
    try:
        while True:
            try:
                msg = await sub.next_msg(timeout=1.0)
            except nats.errors.TimeoutError:
                break
            found.append(model.model_validate_json(msg.data))
            if msg.metadata.num_pending == 0:
                break
    finally:
        await sub.unsubscribe()
    return found


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


def serve_boards(site: Any) -> None:
    site.file("/v1/boards/northwind/jobs", "boards/greenhouse_jobs.json")
    site.file("/v1/boards/northwind", "boards/greenhouse_board.json")
    site.file("/v0/postings/tulip", "boards/lever_postings.json")
    site.file("/posting-api/job-board/kestrel", "boards/ashby_board.json")


BOARDS = [
    (
        "greenhouse",
        "northwind",
        None,
        ["Backend Engineer (Go)", "Senior Data Analyst", "Warehouse Operations Lead"],
        "4011001",
    ),
    (
        "lever",
        "tulip",
        "Tulip Labs",
        ["Product Designer", "Platform Engineer (Contract)"],
        "7c1d2e3f-0000-4a4a-9b9b-000000000001",
    ),
    (
        "ashby",
        "kestrel",
        "Kestrel Health",
        ["Machine Learning Engineer", "Clinical Data Specialist"],
        "b5a0c3d1-1111-4e4e-8f8f-00000000000a",
    ),
]


@pytest.mark.parametrize(("kind", "board", "company", "titles", "first_id"), BOARDS)
async def test_a_board_becomes_one_job_per_posting_and_a_second_run_adds_none(
    settings: Settings,
    site: Any,
    kind: str,
    board: str,
    company: str | None,
    titles: list[str],
    first_id: str,
) -> None:
    serve_boards(site)
    spec = SourceSpec(name=board, kind=kind, board=board, base_url=site.base, company=company)
    async with running(create_app(settings)), jetstream(settings.nats_url) as (_, js):
        await define(js, spec)
        clock = time.perf_counter()
        first = await run(js, board)
        wall = time.perf_counter() - clock
        second = await run(js, board)
        jobs = await stored(js, subjects.JOB_INGESTED, JobIngested)
        runs = await stored(js, subjects.INGEST_RUN_FINISHED, IngestRunFinished)

    assert sorted(j.posting.title for j in jobs) == sorted(titles)
    for job in jobs:
        posting = job.posting
        assert posting.company, "company filled"
        assert posting.locations, "location filled"
        assert len(posting.description_text) > 30, "description filled"
        assert posting.url, "URL filled"
        assert posting.url.startswith("https://")
        assert posting.source == board
        assert posting.source_kind == kind
        assert job.job_id == job_id_for(board, posting.external_id or "")
    assert job_id_for(board, first_id) in {j.job_id for j in jobs}

    assert (first.status, first.fetched, first.new, first.duplicates) == (
        RunStatus.OK,
        len(titles),
        len(titles),
        0,
    )
    assert (second.status, second.fetched, second.new, second.duplicates) == (
        RunStatus.OK,
        len(titles),
        0,
        len(titles),
    )
    assert first.trigger is RunTrigger.MANUAL
    # the run's own measure: some time passed, no more than the test saw around the run,
    # and it agrees with its start and finish times
    assert 0 < first.duration_seconds <= wall
    span = (first.finished_at - first.started_at).total_seconds()
    assert first.duration_seconds == pytest.approx(span, abs=0.05)
    assert [r.run.run_id for r in runs] == [first.run_id, second.run_id]


async def test_lever_is_read_page_by_page(settings: Settings, site: Any) -> None:
    postings = [
        {
            "id": f"p-{i:03d}",
            "text": f"Courier {i}",
            "categories": {"location": "Ghent"},
            "description": f"<p>Deliver parcels by cargo bike in route {i} of Ghent.</p>",
            "hostedUrl": f"https://jobs.example.test/velo/p-{i:03d}",
            "lists": [],
        }
        for i in range(130)
    ]

    def page(request: Any) -> Any:
        skip, limit = int(request.query.get("skip", 0)), int(request.query.get("limit", 1000))
        return site.reply(200, json.dumps(postings[skip : skip + limit]).encode())

    site.routes["/v0/postings/velo"] = page
    spec = SourceSpec(name="velo", kind="lever", board="velo", base_url=site.base)
    async with running(create_app(settings)), jetstream(settings.nats_url) as (_, js):
        await define(js, spec)
        record = await run(js, "velo")
    assert (record.fetched, record.new) == (130, 130)
    asked = [(r.query["skip"], r.query["limit"]) for r in site.requests]
    assert asked == [("0", "100"), ("100", "100")]


async def test_rss_feed_source(settings: Settings, site: Any) -> None:
    site.file("/careers/jobs.rss", "boards/jobs_feed.rss", content_type="application/rss+xml")
    spec = SourceSpec(
        name="harbour",
        kind="feed",
        url="https://careers.example.test/careers/jobs.rss",
        base_url=site.base,
    )
    async with running(create_app(settings)), jetstream(settings.nats_url) as (_, js):
        await define(js, spec)
        record = await run(js, "harbour")
        jobs = await stored(js, subjects.JOB_INGESTED, JobIngested)
    assert record.new == 2
    assert {j.posting.title for j in jobs} == {"Roastery Technician", "Barista Trainer"}


async def test_filters_keep_only_matching_postings(settings: Settings, site: Any) -> None:
    serve_boards(site)
    spec = SourceSpec(
        name="northwind",
        kind="greenhouse",
        board="northwind",
        base_url=site.base,
        filters=SourceFilters(title_include=["engineer", "analyst"], title_exclude=["senior"]),
    )
    async with running(create_app(settings)), jetstream(settings.nats_url) as (_, js):
        await define(js, spec)
        record = await run(js, "northwind")
        jobs = await stored(js, subjects.JOB_INGESTED, JobIngested)
    assert (record.fetched, record.filtered, record.new) == (3, 2, 1)
    assert [j.posting.title for j in jobs] == ["Backend Engineer (Go)"]


async def test_the_same_jobs_through_a_second_source_are_linked_not_doubled(
    settings: Settings, site: Any
) -> None:
    serve_boards(site)
    async with running(create_app(settings)), jetstream(settings.nats_url) as (_, js):
        await define(
            js,
            SourceSpec(name="northwind", kind="greenhouse", board="northwind", base_url=site.base),
        )
        await define(
            js,
            SourceSpec(
                name="northwind-mirror", kind="greenhouse", board="northwind", base_url=site.base
            ),
        )
        await run(js, "northwind")
        mirror = await run(js, "northwind-mirror")
        jobs = await stored(js, subjects.JOB_INGESTED, JobIngested)
    assert (mirror.fetched, mirror.new, mirror.duplicates) == (3, 0, 3)
    assert len(jobs) == 3
    assert {j.posting.source for j in jobs} == {"northwind"}


@pytest.mark.parametrize(
    ("serve", "message"),
    [
        (
            lambda site: site.routes.update(
                {"/v1/boards/northwind/jobs": lambda _: site.reply(200, b'{"jobs": [ {"id": 1,')}
            ),
            "valid JSON",
        ),
        (lambda site: None, "404"),
        (lambda site: site.json("/v1/boards/northwind/jobs", {"status": "gone"}), "no 'jobs' list"),
    ],
    ids=["malformed-json", "board-404", "wrong-shape"],
)
async def test_a_board_that_cannot_be_read_is_a_failed_run_with_its_reason(
    settings: Settings, site: Any, serve: Any, message: str
) -> None:
    serve(site)
    spec = SourceSpec(name="northwind", kind="greenhouse", board="northwind", base_url=site.base)
    async with running(create_app(settings)), jetstream(settings.nats_url) as (_, js):
        await define(js, spec)
        record = await run(js, "northwind")
    assert record.status is RunStatus.FAILED
    assert record.fetched == 0
    [error] = record.errors
    assert error.url == site.url("/v1/boards/northwind/jobs?content=true")
    assert message in error.message


async def test_unreachable_and_private_hosts_end_in_the_run_history(
    settings: Settings, site: Any, tmp_path: Path
) -> None:
    serve_boards(site)
    strict = settings.model_copy(update={"fetch_allow_private_networks": False})
    async with running(create_app(strict)), jetstream(settings.nats_url) as (_, js):
        await define(
            js, SourceSpec(name="private", kind="greenhouse", board="northwind", base_url=site.base)
        )
        await define(
            js,
            SourceSpec(
                name="nowhere", kind="lever", board="x", base_url="http://does-not-exist.invalid"
            ),
        )
        private = await run(js, "private")
        nowhere = await run(js, "nowhere")
    assert private.status is RunStatus.FAILED
    assert "refused to fetch" in private.errors[0].message
    assert "loopback" in private.errors[0].message
    assert site.requests == [], "nothing reached the private address"
    assert nowhere.status is RunStatus.FAILED
    assert "does not resolve" in nowhere.errors[0].message


async def test_one_bad_posting_is_an_error_and_the_rest_carry_on(
    settings: Settings, site: Any
) -> None:
    data = json.loads((FIXTURES / "ashby_board.json").read_text())
    data["jobs"][1]["descriptionHtml"] = ""
    data["jobs"][1]["descriptionPlain"] = ""
    site.json("/posting-api/job-board/kestrel", data)
    spec = SourceSpec(name="kestrel", kind="ashby", board="kestrel", base_url=site.base)
    async with running(create_app(settings)), jetstream(settings.nats_url) as (_, js):
        await define(js, spec)
        record = await run(js, "kestrel")
    assert record.status is RunStatus.PARTIAL
    assert record.new == 1
    [error] = record.errors
    assert error.url == data["jobs"][1]["jobUrl"]
    assert "no description" in error.message


async def test_a_run_of_an_unknown_source_fails_with_a_reason(settings: Settings) -> None:
    async with running(create_app(settings)), jetstream(settings.nats_url) as (_, js):
        await publish(js, IngestRun(producer="test", source="ghost", run_id="r-1"))
        [failure] = await collect(
            js, subjects.PIPELINE_FAILED, PipelineFailed, until=lambda e: len(e) >= 1
        )
    assert failure.kind is FailureKind.NOT_READY
    assert "no source named 'ghost'" in failure.reason
    assert "POST /api/sources" in failure.reason


async def test_config_file_sources_run_on_their_schedule(
    settings: Settings, site: Any, tmp_path: Path
) -> None:
    serve_boards(site)
    sources = tmp_path / "sources.toml"
    sources.write_text(
        f'[[sources]]\nname = "kestrel"\nkind = "ashby"\nboard = "kestrel"\n'
        f'base_url = "{site.base}"\ninterval_minutes = 0.02\n'
    )
    config = IngestionSettings(
        **settings.model_dump(), sources_file=sources, schedule_tick_seconds=0.2
    )
    async with running(create_app(config)), jetstream(settings.nats_url) as (_, js):
        [updated] = await collect(
            js, subjects.SOURCE_UPDATED, SourceUpdated, until=lambda e: len(e) >= 1
        )
        finished = await collect(
            js, subjects.INGEST_RUN_FINISHED, IngestRunFinished, until=lambda e: len(e) >= 2
        )
    assert updated.origin is SourceOrigin.CONFIG
    assert updated.source.name == "kestrel"
    first, second = (f.run for f in finished)
    assert first.trigger is RunTrigger.SCHEDULE
    assert (first.new, second.new, second.duplicates) == (2, 0, 2)
    assert first.run_id != second.run_id


async def test_an_unchanged_board_is_answered_with_304_even_after_a_restart(
    settings: Settings, site: Any
) -> None:
    body = (FIXTURES / "ashby_board.json").read_bytes()

    def board(request: Any) -> Any:
        if request.headers.get("if-none-match") == '"board-v1"':
            return site.reply(304)
        return site.reply(200, body, headers={"ETag": '"board-v1"'})

    site.routes["/posting-api/job-board/kestrel"] = board
    spec = SourceSpec(name="kestrel", kind="ashby", board="kestrel", base_url=site.base)
    async with running(create_app(settings)), jetstream(settings.nats_url) as (_, js):
        await define(js, spec)
        first = await run(js, "kestrel")
    # a restarted service still has the validators: they live in its store
    async with running(create_app(settings)), jetstream(settings.nats_url) as (_, js):
        second = await run(js, "kestrel")
    assert (first.unchanged_source, first.new) == (False, 2)
    assert (second.unchanged_source, second.new, second.duplicates) == (True, 0, 2)
    assert site.requests[1].headers["if-none-match"] == '"board-v1"'


async def test_a_changed_posting_is_announced_again_for_the_same_job(
    settings: Settings, site: Any
) -> None:
    data = json.loads((FIXTURES / "ashby_board.json").read_text())
    site.json("/posting-api/job-board/kestrel", data)
    spec = SourceSpec(name="kestrel", kind="ashby", board="kestrel", base_url=site.base)
    async with running(create_app(settings)), jetstream(settings.nats_url) as (_, js):
        await define(js, spec)
        await run(js, "kestrel")
        data["jobs"][1]["descriptionPlain"] += " Now four days a week."
        data["jobs"][1]["descriptionHtml"] += "<p>Now four days a week.</p>"
        site.json("/posting-api/job-board/kestrel", data)
        second = await run(js, "kestrel")
        jobs = await stored(js, subjects.JOB_INGESTED, JobIngested)
    assert (second.new, second.updated, second.duplicates) == (0, 1, 1)
    changed = [j for j in jobs if j.job_id == job_id_for("kestrel", data["jobs"][1]["id"])]
    assert len(changed) == 2
    assert "four days a week" in changed[-1].posting.description_text


async def test_sources_are_announced_again_on_start(settings: Settings, site: Any) -> None:
    spec = SourceSpec(name="tulip", kind="lever", board="tulip", base_url=site.base)
    async with running(create_app(settings)), jetstream(settings.nats_url) as (_, js):
        await define(js, spec)
    async with running(create_app(settings)), jetstream(settings.nats_url) as (_, js):
        updates = await collect(
            js, subjects.SOURCE_UPDATED, SourceUpdated, until=lambda e: len(e) >= 2
        )
    assert [u.source for u in updates] == [spec, spec]
    assert [u.origin for u in updates] == [SourceOrigin.API, SourceOrigin.API]
