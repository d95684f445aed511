"""Greenhouse, Lever and Ashby posting objects, posted as `data`, read like a board run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from jobintel.contracts import Confidence, RemoteType
from jobintel.ingestion.domain.ats_objects import ats_kind
from jobintel.ingestion.domain.boards import Origin, ashby, greenhouse, lever
from jobintel.ingestion.domain.jobposting import from_data
from jobintel.ingestion.domain.normalise import NotAPosting

pytestmark = pytest.mark.unit

BOARDS = Path(__file__).parents[1] / "fixtures" / "boards"


def board(name: str) -> Any:
    return json.loads((BOARDS / name).read_text())


def post(data: dict[str, Any], **hints: str) -> Any:
    args: dict[str, Any] = {"title": None, "company": None, "url": None, "source": "json"}
    return from_data(data, **(args | hints))


def test_a_greenhouse_job_object_is_the_same_posting_a_board_run_reads() -> None:
    job = board("greenhouse_jobs.json")["jobs"][0]
    posting = post(job)
    [from_board] = greenhouse({"jobs": [job]}, Origin("northwind")).postings
    assert posting.source_kind == "greenhouse"
    assert posting.external_id == from_board.external_id == str(job["id"])
    assert posting.title == "Backend Engineer (Go)"
    assert posting.company == "Northwind Freight"
    assert posting.url == job["absolute_url"]
    assert posting.locations == ["Lisbon, Portugal"]
    assert "4+ years writing Go services" in posting.description_text
    assert "<script" not in (posting.description_html or "")
    assert posting.fingerprint == from_board.fingerprint


def test_a_lever_posting_object_gives_title_company_url_and_sections() -> None:
    job = {
        **board("lever_postings.json")[0],
        "hostedUrl": "https://jobs.lever.co/tulip-labs/7c1d2e3f-0000-4a4a-9b9b-000000000001",
        "applyUrl": "https://jobs.lever.co/tulip-labs/7c1d2e3f-0000-4a4a-9b9b-000000000001/apply",
    }
    posting = post(job)
    [from_board] = lever([job], Origin("tulip")).postings
    assert posting.source_kind == "lever"
    assert posting.external_id == from_board.external_id
    assert posting.title == "Product Designer"
    assert posting.company == "Tulip Labs"
    assert posting.company_confidence is Confidence.LOW
    assert posting.url == job["hostedUrl"]
    assert posting.locations == ["Amsterdam", "Rotterdam"]
    assert posting.remote is RemoteType.HYBRID
    assert [s.heading for s in posting.sections] == ["What you'll do", "Requirements"]


def test_an_ashby_job_object_is_read_with_its_remote_flag() -> None:
    job = {**board("ashby_board.json")["jobs"][0], "isRemote": True, "workplaceType": None,
           "jobUrl": "https://jobs.ashbyhq.com/kestrel-health/b5a0c3d1"}  # fmt: skip
    posting = post(job, company="Kestrel Health")
    [from_board] = ashby({"jobs": [job]}, Origin("kestrel", "Kestrel Health")).postings
    assert posting.source_kind == "ashby"
    assert posting.external_id == from_board.external_id
    assert (posting.title, posting.company) == ("Machine Learning Engineer", "Kestrel Health")
    assert posting.company_confidence is Confidence.HIGH
    assert posting.url == "https://jobs.ashbyhq.com/kestrel-health/b5a0c3d1"
    assert posting.remote is RemoteType.REMOTE
    assert "PyTorch" in posting.description_text


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        ({"absolute_url": "https://x", "title": "T", "content": "c", "id": 1}, "greenhouse"),
        ({"text": "T", "hostedUrl": "https://x", "descriptionPlain": "d"}, "lever"),
        ({"title": "T", "jobUrl": "https://x", "descriptionHtml": "<p>d</p>"}, "ashby"),
        ({"title": "T", "description": "d"}, None),
    ],
)
def test_objects_are_recognised_by_their_own_keys(data: dict[str, Any], kind: str | None) -> None:
    assert ats_kind(data) == kind


def test_a_lever_object_without_its_title_says_which_key_is_missing() -> None:
    with pytest.raises(NotAPosting, match="Lever posting has no 'text'"):
        post({"text": "", "hostedUrl": "https://jobs.lever.co/a/1", "descriptionPlain": "Do it."})


def test_a_board_answer_with_one_job_is_that_job() -> None:
    data = board("greenhouse_jobs.json")
    posting = post({"jobs": data["jobs"][:1]})
    assert posting.external_id == str(data["jobs"][0]["id"])
