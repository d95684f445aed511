"""Sources and runs on a real nats-server, reading boards from a local fixture HTTP server."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from nats.js import JetStreamContext

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
from jobintel.testkit.jetstream import collect, jetstream, publish, running, stored

pytestmark = pytest.mark.integration

FIXTURES = Path(__file__).parents[1] / "fixtures" / "boards"


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


# ---------------------------------------------------------------- Workday, SmartRecruiters,
# Workable, Recruitee and Personio: the same run, through their own APIs

WORKDAY_SITE = "https://orchardline.wd3.myworkdayjobs.com/en-US/Careers"
WORKDAY_JOBS = "/wday/cxs/orchardline/Careers/jobs"
SR_POSTINGS = "/v1/companies/BrightwaterFoods/postings"


def offset_pages(
    site: Any, items: list[Any], *, total_key: str, items_key: str, first_only: bool = False
) -> Any:
    """A route that pages `items` by offset and limit (in the query, or a POSTed JSON body)."""

    def route(request: Any) -> Any:
        asked = request.json() if request.method == "POST" else request.query
        offset, limit = int(asked.get("offset", 0)), int(asked.get("limit", 10))
        total = 0 if first_only and offset else len(items)
        body = {total_key: total, items_key: items[offset : offset + limit]}
        return site.reply(200, json.dumps(body).encode())

    return route


def serve_apis(site: Any) -> None:
    jobs = json.loads((FIXTURES / "workday_jobs.json").read_text())
    site.routes[WORKDAY_JOBS] = offset_pages(
        site, jobs["jobPostings"], total_key="total", items_key="jobPostings", first_only=True
    )
    for path, detail in json.loads((FIXTURES / "workday_job_details.json").read_text()).items():
        site.json(f"/wday/cxs/orchardline/Careers{path}", detail)
    postings = json.loads((FIXTURES / "smartrecruiters_postings.json").read_text())
    site.routes[SR_POSTINGS] = offset_pages(
        site, postings["content"], total_key="totalFound", items_key="content"
    )
    for posting_id, ad in json.loads(
        (FIXTURES / "smartrecruiters_details.json").read_text()
    ).items():
        site.json(f"{SR_POSTINGS}/{posting_id}", ad)
    site.file("/api/v1/widget/accounts/saltmarsh", "boards/workable_widget.json")
    site.file("/api/offers/", "boards/recruitee_offers.json")
    site.file("/xml", "boards/personio_feed.xml", content_type="text/xml; charset=utf-8")


APIS = [
    (
        SourceSpec(name="orchardline", kind="workday", url=WORKDAY_SITE),
        ["Senior Backend Engineer", "Supply Chain Analyst", "Field Service Technician (Part-Time)"],
        "0f3e5a7c9b1d4e6f8a0b2c4d6e8f1a31",
    ),
    (
        SourceSpec(name="brightwater", kind="smartrecruiters", board="BrightwaterFoods"),
        ["Data Engineer", "Food Safety Auditor"],
        "744000061234501",
    ),
    (
        SourceSpec(name="saltmarsh", kind="workable", board="saltmarsh"),
        ["Senior Product Designer", "Customer Support Specialist (Portuguese)"],
        "3F7A1C9B20",
    ),
    (
        SourceSpec(name="kadevos", kind="recruitee", board="kadevos"),
        ["Warehouse Team Lead", "E-commerce Marketer"],
        "1840221",
    ),
    (
        SourceSpec(name="fennwerk", kind="personio", board="fennwerk", options={"language": "en"}),
        ["Embedded Software Engineer (m/w/d)", "Working Student Sales Operations"],
        "3920114",
    ),
]


@pytest.mark.parametrize(("spec", "titles", "first_id"), APIS, ids=[a[0].kind for a in APIS])
async def test_each_ats_api_becomes_one_job_per_posting_and_a_second_run_adds_none(
    settings: Settings, site: Any, spec: SourceSpec, titles: list[str], first_id: str
) -> None:
    serve_apis(site)
    spec = spec.model_copy(update={"base_url": site.base})
    async with running(create_app(settings)), jetstream(settings.nats_url) as (_, js):
        await define(js, spec)
        first = await run(js, spec.name)
        second = await run(js, spec.name)
        jobs = await stored(js, subjects.JOB_INGESTED, JobIngested)

    assert sorted(j.posting.title for j in jobs) == sorted(titles)
    for job in jobs:
        posting = job.posting
        assert posting.company, "company filled"
        assert posting.locations, "location filled"
        assert posting.date_posted is not None, "posted date filled"
        assert len(posting.description_text) > 30, "description filled"
        assert posting.url
        assert posting.url.startswith("https://"), "the public page, not the test server"
        assert (posting.source, posting.source_kind) == (spec.name, spec.kind)
        assert job.job_id == job_id_for(spec.name, posting.external_id or "")
    assert job_id_for(spec.name, first_id) in {j.job_id for j in jobs}
    assert (first.status, first.fetched, first.new, first.errors) == (
        RunStatus.OK,
        len(titles),
        len(titles),
        [],
    )
    assert (second.status, second.new, second.duplicates) == (RunStatus.OK, 0, len(titles))
    assert first.kind == spec.kind


def generated_workday(site: Any, count: int) -> None:
    postings = [
        {
            "title": f"Picker {i}",
            "externalPath": f"/job/Faro/Picker-{i}_R-{i:04d}",
            "locationsText": "Faro, Portugal",
            "postedOn": "Posted Today",
            "bulletFields": [f"R-{i:04d}"],
        }
        for i in range(count)
    ]
    site.routes[WORKDAY_JOBS] = offset_pages(
        site, postings, total_key="total", items_key="jobPostings", first_only=True
    )
    for i, posting in enumerate(postings):
        info = {
            "id": f"wid-{i:04d}",
            "title": posting["title"],
            "jobDescription": f"<p>Pick and pack orders for route {i} in our Faro depot.</p>",
            "location": "Faro, Portugal",
            "startDate": "2026-11-30",
            "timeType": "Full time",
        }
        site.json(
            f"/wday/cxs/orchardline/Careers{posting['externalPath']}",
            {"jobPostingInfo": info, "hiringOrganization": {"name": "Orchardline Logistics"}},
        )


async def test_workday_is_read_20_at_a_time_with_one_detail_request_each(
    settings: Settings, site: Any
) -> None:
    generated_workday(site, 45)
    spec = SourceSpec(
        name="orchardline",
        kind="workday",
        url=WORKDAY_SITE,
        base_url=site.base,
        options={"search_text": "picker"},
    )
    async with running(create_app(settings)), jetstream(settings.nats_url) as (_, js):
        await define(js, spec)
        record = await run(js, "orchardline")
    assert (record.status, record.fetched, record.new) == (RunStatus.OK, 45, 45)
    bodies = [r.json() for r in site.requests if r.path == WORKDAY_JOBS]
    assert [(b["offset"], b["limit"], b["searchText"]) for b in bodies] == [
        (0, 20, "picker"),
        (20, 20, "picker"),
        (40, 20, "picker"),
    ]
    assert sum(1 for r in site.requests if r.method == "GET") == 45


async def test_a_board_beyond_the_page_cap_is_read_up_to_it_and_says_so(
    settings: Settings, site: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jobintel.ingestion.adapters import sources

    monkeypatch.setattr(sources, "WORKDAY_MAX_PAGES", 2)
    generated_workday(site, 45)
    spec = SourceSpec(name="orchardline", kind="workday", url=WORKDAY_SITE, base_url=site.base)
    async with running(create_app(settings)), jetstream(settings.nats_url) as (_, js):
        await define(js, spec)
        record = await run(js, "orchardline")
    assert (record.status, record.new) == (RunStatus.PARTIAL, 40)
    [error] = record.errors
    assert error.url == site.url(WORKDAY_JOBS)
    assert "stopped after 2 pages (40 of 45 postings)" in error.message


async def test_smartrecruiters_is_read_100_at_a_time_and_unchanged_answers_are_304s(
    settings: Settings, site: Any
) -> None:
    content = [
        {
            "id": f"7440000{i:05d}",
            "name": f"Line Operator {i}",
            "releasedDate": "2026-11-20T09:14:05.000Z",
            "company": {"identifier": "BrightwaterFoods", "name": "Brightwater Foods"},
            "location": {"city": "Ghent", "country": "be", "fullLocation": "Ghent, , Belgium"},
        }
        for i in range(130)
    ]
    listed = offset_pages(site, content, total_key="totalFound", items_key="content")

    def conditional(route: Any, etag: str) -> Any:
        def answer(request: Any) -> Any:
            if request.headers.get("if-none-match") == etag:
                return site.reply(304)
            reply = route(request)
            reply.headers["ETag"] = etag
            return reply

        return answer

    site.routes[SR_POSTINGS] = lambda r: conditional(listed, f'"list-{r.query["offset"]}"')(r)
    for item in content:
        ad = {
            **item,
            "postingUrl": f"https://jobs.smartrecruiters.com/BrightwaterFoods/{item['id']}",
            "jobAd": {
                "sections": {
                    "jobDescription": {
                        "title": "Job Description",
                        "text": f"<p>Run filling line {item['name'][-3:]} on the night shift.</p>",
                    }
                }
            },
        }
        body = json.dumps(ad).encode()
        site.routes[f"{SR_POSTINGS}/{item['id']}"] = conditional(
            lambda _, body=body: site.reply(200, body), f'"ad-{item["id"]}"'
        )
    spec = SourceSpec(
        name="brightwater", kind="smartrecruiters", board="BrightwaterFoods", base_url=site.base
    )
    async with running(create_app(settings)), jetstream(settings.nats_url) as (_, js):
        await define(js, spec)
        first = await run(js, "brightwater")
        mark = len(site.requests)
        second = await run(js, "brightwater")
    assert (first.status, first.new, first.unchanged_source) == (RunStatus.OK, 130, False)
    assert (second.new, second.duplicates, second.unchanged_source) == (0, 130, True)
    pages = [r.query for r in site.requests if r.path == SR_POSTINGS]
    assert [(p["offset"], p["limit"]) for p in pages] == [("0", "100"), ("100", "100")] * 2
    again = site.requests[mark:]
    assert len(again) == 132, "two pages and 130 ads, each asked again"
    assert all("if-none-match" in r.headers for r in again), "every request is conditional"


async def test_one_unreadable_workday_detail_is_an_error_and_the_rest_carry_on(
    settings: Settings, site: Any
) -> None:
    serve_apis(site)
    broken = "/wday/cxs/orchardline/Careers/job/Porto-Portugal/Supply-Chain-Analyst_R-10244"
    site.routes[broken] = lambda _: site.reply(404, b'{"errorCode": "HTTP_404"}')
    spec = SourceSpec(name="orchardline", kind="workday", url=WORKDAY_SITE, base_url=site.base)
    async with running(create_app(settings)), jetstream(settings.nats_url) as (_, js):
        await define(js, spec)
        record = await run(js, "orchardline")
    assert (record.status, record.new) == (RunStatus.PARTIAL, 2)
    [error] = record.errors
    assert error.url == site.url(broken)
    assert "404" in error.message


async def test_a_later_page_that_cannot_be_read_keeps_the_pages_before_it(
    settings: Settings, site: Any
) -> None:
    generated_workday(site, 45)
    paged = site.routes[WORKDAY_JOBS]
    site.routes[WORKDAY_JOBS] = lambda r: (
        paged(r) if r.json()["offset"] < 40 else site.reply(200, b'{"error": "session expired"}')
    )
    spec = SourceSpec(name="orchardline", kind="workday", url=WORKDAY_SITE, base_url=site.base)
    async with running(create_app(settings)), jetstream(settings.nats_url) as (_, js):
        await define(js, spec)
        record = await run(js, "orchardline")
    assert (record.status, record.new) == (RunStatus.PARTIAL, 40)
    [error] = record.errors
    assert "stopped reading at offset 40" in error.message
    assert "no 'jobPostings' list" in error.message


@pytest.mark.parametrize(
    ("spec", "serve", "message"),
    [
        (
            SourceSpec(name="x", kind="workday", url="https://careers.orchardline.example/jobs"),
            lambda site: None,
            "not a Workday career site",
        ),
        (
            SourceSpec(name="x", kind="smartrecruiters", board="BrightwaterFoods"),
            lambda site: site.json(SR_POSTINGS, {"message": "Company not found"}),
            "no 'content' list: Company not found",
        ),
        (
            SourceSpec(name="x", kind="personio", board="fennwerk"),
            lambda site: site.routes.update(
                {
                    "/xml": lambda _: site.reply(
                        200, b"<html><body>Personio</body></html>", "text/html"
                    )
                }
            ),
            "not <workzag-jobs>",
        ),
        (
            SourceSpec(name="x", kind="recruitee", board="kadevos"),
            lambda site: None,
            "404",
        ),
        (
            SourceSpec(name="x", kind="recruitee", board="kade vos.example/"),
            lambda site: None,
            "board is the company's subdomain",
        ),
    ],
    ids=["workday-url", "smartrecruiters-shape", "personio-html", "recruitee-404", "subdomain"],
)
async def test_an_ats_api_that_cannot_be_read_is_a_failed_run_with_its_reason(
    settings: Settings, site: Any, spec: SourceSpec, serve: Any, message: str
) -> None:
    serve(site)
    spec = spec.model_copy(update={"base_url": site.base})
    async with running(create_app(settings)), jetstream(settings.nats_url) as (_, js):
        await define(js, spec)
        record = await run(js, "x")
    assert (record.status, record.fetched) == (RunStatus.FAILED, 0)
    [error] = record.errors
    assert message in error.message


@pytest.mark.parametrize(
    ("spec", "path", "fixture"),
    [
        (
            SourceSpec(name="saltmarsh", kind="workable", board="saltmarsh"),
            "/api/v1/widget/accounts/saltmarsh",
            "workable_widget.json",
        ),
        (
            SourceSpec(name="kadevos", kind="recruitee", board="kadevos"),
            "/api/offers/",
            "recruitee_offers.json",
        ),
        (
            SourceSpec(name="fennwerk", kind="personio", board="fennwerk"),
            "/xml",
            "personio_feed.xml",
        ),
    ],
    ids=["workable", "recruitee", "personio"],
)
async def test_an_unchanged_whole_board_answer_is_a_304(
    settings: Settings, site: Any, spec: SourceSpec, path: str, fixture: str
) -> None:
    body = (FIXTURES / fixture).read_bytes()

    def board(request: Any) -> Any:
        if request.headers.get("if-modified-since") == "Mon, 30 Nov 2026 08:00:00 GMT":
            return site.reply(304)
        return site.reply(200, body, headers={"Last-Modified": "Mon, 30 Nov 2026 08:00:00 GMT"})

    site.routes[path] = board
    spec = spec.model_copy(update={"base_url": site.base})
    async with running(create_app(settings)), jetstream(settings.nats_url) as (_, js):
        await define(js, spec)
        first = await run(js, spec.name)
        second = await run(js, spec.name)
    assert (first.unchanged_source, first.new) == (False, 2)
    assert (second.unchanged_source, second.new, second.duplicates) == (True, 0, 2)
