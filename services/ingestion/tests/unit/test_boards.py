"""ATS payloads and feeds in their documented shapes → postings."""

from __future__ import annotations

import importlib.util
import json
from datetime import date
from pathlib import Path

import pytest

from jobintel.contracts import RemoteType, SalaryPeriod, SourceKind, SourceSpec
from jobintel.ingestion.adapters.sources import ADAPTERS
from jobintel.ingestion.domain.boards import BadPayload, Origin, ashby, feed, greenhouse, lever
from jobintel.ingestion.domain.jobspy_rows import jobspy
from jobintel.runtime.errors import PermanentError
from jobintel.runtime.fetch import Fetcher
from jobintel.runtime.settings import Settings

pytestmark = pytest.mark.unit
BOARDS = Path(__file__).parents[1] / "fixtures" / "boards"


def load(name: str) -> object:
    return json.loads((BOARDS / name).read_text())


def test_greenhouse_board() -> None:
    parsed = greenhouse(load("greenhouse_jobs.json"), Origin("northwind"))
    assert parsed.errors == []
    assert [p.title for p in parsed.postings] == [
        "Backend Engineer (Go)",
        "Senior Data Analyst",
        "Warehouse Operations Lead",
    ]
    first = parsed.postings[0]
    assert first.external_id == "4011001"
    assert first.company == "Northwind Freight"
    assert first.locations == ["Lisbon, Portugal"]
    assert first.url == "https://boards.example.test/northwind/jobs/4011001"
    assert first.date_posted == date(2026, 10, 28)
    assert first.description_html is not None
    assert "<script" not in first.description_html, "scraped HTML is sanitised"
    assert "4+ years writing Go services" in first.description_text
    assert [s.heading for s in first.sections] == [
        "About the role",
        "What you bring",
        "Nice to have",
    ]
    assert "PostgreSQL and Kafka" in first.sections[1].text
    assert parsed.postings[1].remote is RemoteType.REMOTE
    assert parsed.postings[2].remote is RemoteType.ONSITE


def test_lever_postings_keep_lists_as_sections() -> None:
    parsed = lever(load("lever_postings.json"), Origin("tulip", company="Tulip Labs"))
    designer, platform = parsed.postings
    assert designer.title == "Product Designer"
    assert designer.company == "Tulip Labs"
    assert designer.locations == ["Amsterdam", "Rotterdam"]
    assert designer.remote is RemoteType.HYBRID
    assert designer.employment_type == "full_time"
    assert designer.salary is not None
    assert (designer.salary.minimum, designer.salary.maximum, designer.salary.currency) == (
        55000,
        70000,
        "EUR",
    )
    assert designer.salary.period is SalaryPeriod.YEAR
    assert [s.heading for s in designer.sections] == ["What you'll do", "Requirements"]
    assert "A portfolio of shipped work" in designer.sections[1].text
    assert "A portfolio of shipped work" in designer.description_text
    assert designer.apply_url is not None
    assert designer.apply_url.endswith("/apply")
    assert platform.remote is RemoteType.REMOTE
    assert platform.employment_type == "contract"


def test_ashby_board_skips_unlisted_jobs() -> None:
    parsed = ashby(load("ashby_board.json"), Origin("kestrel", company="Kestrel Health"))
    assert [p.title for p in parsed.postings] == [
        "Machine Learning Engineer",
        "Clinical Data Specialist",
    ]
    ml, clinical = parsed.postings
    assert ml.locations == ["London", "Manchester"]
    assert ml.remote is RemoteType.HYBRID
    assert ml.salary is not None
    assert (ml.salary.minimum, ml.salary.maximum, ml.salary.currency) == (80000, 100000, "GBP")
    assert clinical.remote is RemoteType.REMOTE
    assert clinical.employment_type == "part_time"


def test_a_bad_posting_is_an_error_and_the_rest_carry_on() -> None:
    data = load("ashby_board.json")
    assert isinstance(data, dict)
    data["jobs"][0]["title"] = ""
    parsed = ashby(data, Origin("kestrel"))
    assert [p.title for p in parsed.postings] == ["Clinical Data Specialist"]
    [(url, message)] = parsed.errors
    assert url == data["jobs"][0]["jobUrl"]
    assert "no title" in message


@pytest.mark.parametrize(
    ("parser", "payload"),
    [
        (greenhouse, {"error": "not found"}),
        (lever, {"ok": False, "message": "Document not found"}),
        (ashby, []),
    ],
)
def test_wrong_shapes_are_bad_payloads(parser: object, payload: object) -> None:
    with pytest.raises(BadPayload):
        parser(payload, Origin("x"))  # type: ignore[operator]


def test_empty_boards_have_no_postings() -> None:
    assert greenhouse({"jobs": [], "meta": {"total": 0}}, Origin("x")).postings == []
    assert lever([], Origin("x")).postings == []
    assert ashby({"apiVersion": "1", "jobs": []}, Origin("x")).postings == []


def test_rss_and_atom_feeds() -> None:
    rss = feed((BOARDS / "jobs_feed.rss").read_bytes(), Origin("harbour"), feed_url="f")
    assert [p.title for p in rss.postings] == ["Roastery Technician", "Barista Trainer"]
    assert rss.postings[0].company == "Harbour Coffee careers"
    assert rss.postings[0].external_id == "hc-2026-014"
    assert rss.postings[0].date_posted == date(2026, 11, 16)
    atom = feed(
        (BOARDS / "jobs_feed.atom").read_bytes(), Origin("fjord", company="Fjord"), feed_url="f"
    )
    [grid] = atom.postings
    assert grid.url == "https://fjord.example.test/jobs/88"
    assert "power-systems" in grid.description_text


def test_html_is_not_a_feed() -> None:
    with pytest.raises(BadPayload, match="not an RSS or Atom feed"):
        feed(b"<html><body>hello</body></html>", Origin("x"), feed_url="https://x/feed")


def test_jobspy_rows_with_missing_values() -> None:
    nan = float("nan")
    rows = [
        {
            "id": "in-8f2a",
            "site": "indeed",
            "job_url": "https://www.indeed.example/viewjob?jk=8f2a",
            "job_url_direct": "https://careers.harbour.example/jobs/12",
            "title": "Line Cook",
            "company": "Harbour Kitchen",
            "location": "Bristol, England, GB",
            "date_posted": "2026-11-21",
            "job_type": "fulltime",
            "interval": "hourly",
            "min_amount": 12.5,
            "max_amount": 14.0,
            "currency": "GBP",
            "is_remote": False,
            "description": "Prep and cook on the grill station. Two years in a busy kitchen.",
            "company_url_direct": "https://harbour.example",
        },
        {
            "id": "li-77",
            "site": "linkedin",
            "job_url": "https://www.linkedin.example/jobs/77",
            "job_url_direct": nan,
            "title": "Data Engineer",
            "company": "Quayside Analytics",
            "location": nan,
            "date_posted": nan,
            "job_type": nan,
            "interval": nan,
            "min_amount": nan,
            "max_amount": nan,
            "currency": nan,
            "is_remote": True,
            "description": "Build our dbt models and keep the warehouse tidy.",
            "company_url_direct": nan,
        },
    ]
    parsed = jobspy(rows, Origin("big-boards"))
    cook, data = parsed.postings
    assert cook.source_kind == "jobspy:indeed"
    assert cook.external_id == "in-8f2a"
    assert cook.apply_url == "https://careers.harbour.example/jobs/12"
    assert cook.company_domain == "harbour.example"
    assert cook.employment_type == "full_time"
    assert cook.salary is not None
    assert cook.salary.period is SalaryPeriod.HOUR
    assert (cook.salary.minimum, cook.salary.maximum, cook.salary.currency) == (12.5, 14.0, "GBP")
    assert data.remote is RemoteType.REMOTE
    assert data.salary is None
    assert data.locations == []
    assert data.apply_url == data.url


async def test_jobspy_source_without_the_extra_says_how_to_install_it(tmp_path: Path) -> None:
    if importlib.util.find_spec("jobspy") is not None:
        pytest.skip("python-jobspy is installed here; this checks the message when it is not")
    spec = SourceSpec(name="big", kind="jobspy", options={"search_term": "cook"})
    async with Fetcher(Settings(data_dir=tmp_path)) as fetcher:
        with pytest.raises(PermanentError, match="--extra jobspy"):
            await ADAPTERS[SourceKind.JOBSPY].read(spec, fetcher)
