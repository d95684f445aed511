"""Workday, SmartRecruiters, Workable, Recruitee and Personio answers in their real shapes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from jobintel.contracts import RemoteType, SourceKind, SourceSpec
from jobintel.ingestion.domain.boards import BadPayload, Origin
from jobintel.ingestion.domain.personio import personio
from jobintel.ingestion.domain.recruitee import recruitee
from jobintel.ingestion.domain.smartrecruiters import page, smartrecruiters
from jobintel.ingestion.domain.workable import workable
from jobintel.ingestion.domain.workday import (
    listing,
    page_request,
    posted_on,
    workday,
    workday_site,
)

pytestmark = pytest.mark.unit
BOARDS = Path(__file__).parents[1] / "fixtures" / "boards"
TODAY = date(2026, 12, 2)


def load(name: str) -> Any:
    return json.loads((BOARDS / name).read_text())


# ---------------------------------------------------------------- Workday


@pytest.mark.parametrize(
    ("url", "origin", "tenant", "site", "public"),
    [
        (
            "https://orchardline.wd3.myworkdayjobs.com/en-US/Careers",
            "https://orchardline.wd3.myworkdayjobs.com",
            "orchardline",
            "Careers",
            "https://orchardline.wd3.myworkdayjobs.com/Careers/job/X_R1",
        ),
        (
            "https://Orchardline.wd3.myworkdayjobs.com/Careers/job/Lisbon/Old_R9?q=x",
            "https://orchardline.wd3.myworkdayjobs.com",
            "orchardline",
            "Careers",
            "https://orchardline.wd3.myworkdayjobs.com/Careers/job/X_R1",
        ),
        (
            "https://wd5.myworkdaysite.com/fr-CA/recruiting/maplecrest/External_Site",
            "https://wd5.myworkdaysite.com",
            "maplecrest",
            "External_Site",
            "https://wd5.myworkdaysite.com/recruiting/maplecrest/External_Site/job/X_R1",
        ),
    ],
)
def test_a_workday_career_site_url_names_tenant_and_site(
    url: str, origin: str, tenant: str, site: str, public: str
) -> None:
    found = workday_site(url)
    assert (found.origin, found.tenant, found.site) == (origin, tenant, site)
    assert found.jobs_path == f"/wday/cxs/{tenant}/{site}/jobs"
    assert found.detail_path("/job/X_R1") == f"/wday/cxs/{tenant}/{site}/job/X_R1"
    assert found.public_url("/job/X_R1") == public


@pytest.mark.parametrize(
    "url",
    [
        "https://careers.orchardline.example/jobs",
        "https://orchardline.wd3.myworkdayjobs.com/",
        "https://wd5.myworkdaysite.com/recruiting/maplecrest",
        "",
    ],
)
def test_a_url_that_is_no_workday_career_site_says_what_is_expected(url: str) -> None:
    with pytest.raises(ValueError, match=r"not a Workday career site.*myworkdayjobs\.com"):
        workday_site(url)


def test_the_jobs_request_body_pages_and_narrows() -> None:
    assert page_request(40, {}) == {
        "appliedFacets": {},
        "limit": 20,
        "offset": 40,
        "searchText": "",
    }
    narrowed = page_request(0, {"search_text": "engineer", "applied_facets": {"locations": ["a"]}})
    assert (narrowed["searchText"], narrowed["appliedFacets"]) == ("engineer", {"locations": ["a"]})
    with pytest.raises(ValueError, match="search_text"):
        page_request(0, {"search_text": 3})
    with pytest.raises(ValueError, match="applied_facets"):
        page_request(0, {"applied_facets": {"locations": "a"}})


def test_workday_postings_join_the_list_and_the_details() -> None:
    site = workday_site("https://orchardline.wd3.myworkdayjobs.com/en-US/Careers")
    items, total = listing(load("workday_jobs.json"))
    details = load("workday_job_details.json")
    parsed = workday(
        [(i, details[i["externalPath"]]) for i in items],
        origin=Origin("orchardline"),
        site=site,
        today=TODAY,
    )
    assert (total, parsed.errors) == (3, [])
    backend, analyst, technician = parsed.postings
    assert backend.title == "Senior Backend Engineer"
    assert backend.external_id == "0f3e5a7c9b1d4e6f8a0b2c4d6e8f1a31"
    assert backend.company == "Orchardline Logistics"
    assert backend.locations == ["Lisbon, Portugal"]
    assert backend.employment_type == "full_time"
    assert backend.date_posted == date(2026, 11, 27)
    assert backend.url == (
        "https://orchardline.wd3.myworkdayjobs.com/Careers/job/Lisbon-Portugal/"
        "Senior-Backend-Engineer_R-10231"
    )
    assert "5+ years building JVM services" in backend.description_text
    assert backend.source_kind == "workday"
    assert analyst.locations == ["Porto, Portugal", "Coimbra, Portugal"]
    assert analyst.remote is RemoteType.HYBRID
    assert technician.employment_type == "part_time"
    assert technician.date_posted == date(2026, 12, 1), "no startDate: 'Posted Yesterday'"


def test_a_workday_detail_without_posting_info_is_an_error_and_the_rest_carry_on() -> None:
    site = workday_site("https://orchardline.wd3.myworkdayjobs.com/Careers")
    items, _ = listing(load("workday_jobs.json"))
    details = load("workday_job_details.json")
    pairs = [(i, details[i["externalPath"]]) for i in items]
    pairs[1] = (items[1], {"errorCode": "HTTP_404", "message": "job not found"})
    parsed = workday(pairs, origin=Origin("orchardline"), site=site, today=TODAY)
    assert len(parsed.postings) == 2
    [(url, message)] = parsed.errors
    assert url == site.public_url(items[1]["externalPath"])
    assert "no 'jobPostingInfo'" in message


def test_a_count_of_locations_is_not_a_place() -> None:
    site = workday_site("https://orchardline.wd3.myworkdayjobs.com/Careers")
    item = {"title": "Driver", "externalPath": "/job/x_R1", "locationsText": "3 Locations"}
    detail = {
        "jobPostingInfo": {"title": "Driver", "jobDescription": "<p>Drive vans at night.</p>"}
    }
    [posting] = workday([(item, detail)], origin=Origin("o"), site=site, today=TODAY).postings
    assert posting.locations == []
    listed = {**item, "locationsText": "Faro, Portugal"}
    [posting] = workday([(listed, detail)], origin=Origin("o"), site=site, today=TODAY).postings
    assert posting.locations == ["Faro, Portugal"]
    assert posting.external_id == "/job/x_R1", "no posting id: the path is the natural key"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Posted Today", TODAY),
        ("Posted Yesterday", date(2026, 12, 1)),
        ("Posted 3 Days Ago", date(2026, 11, 29)),
        ("Posted 30+ Days Ago", None),
        ("Publicado hace 3 días", None),
        (None, None),
    ],
)
def test_workday_relative_posting_dates(text: str | None, expected: date | None) -> None:
    assert posted_on(text, TODAY) == expected


@pytest.mark.parametrize("data", [{"total": 3}, [], {"jobPostings": "none"}])
def test_a_workday_list_of_another_shape_is_a_bad_payload(data: Any) -> None:
    with pytest.raises(BadPayload, match="no 'jobPostings' list"):
        listing(data)


# ---------------------------------------------------------------- SmartRecruiters


def test_smartrecruiters_postings_keep_the_job_ad_sections() -> None:
    items, total = page(load("smartrecruiters_postings.json"))
    details = load("smartrecruiters_details.json")
    parsed = smartrecruiters(
        [(i, details[i["id"]]) for i in items],
        origin=Origin("brightwater"),
        company_id="BrightwaterFoods",
    )
    assert (total, parsed.errors) == (2, [])
    engineer, auditor = parsed.postings
    assert engineer.external_id == "744000061234501"
    assert engineer.title == "Data Engineer"
    assert engineer.company == "Brightwater Foods"
    assert engineer.locations == ["Ghent, Flanders, Belgium"]
    assert engineer.remote is RemoteType.HYBRID
    assert engineer.employment_type == "full_time"
    assert engineer.date_posted == date(2026, 11, 20)
    assert engineer.url == (
        "https://jobs.smartrecruiters.com/BrightwaterFoods/744000061234501-data-engineer"
    )
    assert engineer.apply_url is not None
    assert engineer.apply_url.endswith("?oga=true")
    assert [s.heading for s in engineer.sections] == [
        "Company Description",
        "Job Description",
        "Qualifications",
        "Additional Information",
    ]
    assert "3+ years of SQL and Python" in engineer.sections[2].text
    assert "Model our warehouse in dbt" in engineer.description_text
    assert auditor.locations == ["Antwerp, Belgium"], "the empty region is dropped"
    assert auditor.remote is RemoteType.REMOTE
    assert auditor.employment_type == "contract"
    assert "Additional Information" not in [s.heading for s in auditor.sections]


def test_a_smartrecruiters_detail_without_a_posting_url_links_the_public_page() -> None:
    item = {"id": "7440001", "name": "Baker", "location": {"city": "Liège", "country": "be"}}
    detail = {"jobAd": {"sections": {"jobDescription": {"text": "<p>Bake bread at 4am.</p>"}}}}
    [posting] = smartrecruiters(
        [(item, detail)], origin=Origin("b", company="Brightwater"), company_id="Brightwater Foods"
    ).postings
    assert posting.url == "https://jobs.smartrecruiters.com/Brightwater%20Foods/7440001"
    assert posting.locations == ["Liège, BE"]
    assert posting.company == "Brightwater"
    assert [s.heading for s in posting.sections] == ["Job Description"]


def test_a_smartrecruiters_error_answer_is_a_bad_payload_with_its_message() -> None:
    with pytest.raises(BadPayload, match="no 'content' list: Company not found"):
        page({"code": "NOT_FOUND", "message": "Company not found"})


# ---------------------------------------------------------------- Workable


def test_workable_widget_jobs() -> None:
    parsed = workable(load("workable_widget.json"), Origin("saltmarsh"), account="saltmarsh")
    assert parsed.errors == []
    designer, support = parsed.postings
    assert designer.external_id == "3F7A1C9B20"
    assert designer.company == "Saltmarsh Studio"
    assert designer.locations == [
        "Athens, Attica, Greece",
        "Thessaloniki, Central Macedonia, Greece",
    ]
    assert designer.url == "https://apply.workable.com/j/3F7A1C9B20"
    assert designer.apply_url == "https://apply.workable.com/j/3F7A1C9B20/apply"
    assert designer.date_posted == date(2026, 11, 18)
    assert designer.employment_type == "full_time"
    assert [s.heading for s in designer.sections] == ["Requirements", "Benefits"]
    assert "A portfolio with shipped work" in designer.description_text
    assert support.remote is RemoteType.REMOTE, "telecommuting"
    assert support.locations == ["Portugal"]
    assert support.employment_type == "part_time"


def test_a_workable_job_without_a_shortcode_is_an_error_and_the_rest_carry_on() -> None:
    data = load("workable_widget.json")
    del data["jobs"][0]["shortcode"]
    parsed = workable(data, Origin("saltmarsh", company="Saltmarsh"), account="saltmarsh")
    assert [p.external_id for p in parsed.postings] == ["8D2E4F6A11"]
    assert parsed.postings[0].company == "Saltmarsh", "the source's company name wins"
    [(url, message)] = parsed.errors
    assert url == "https://apply.workable.com/j/3F7A1C9B20"
    assert "shortcode" in message


def test_a_workable_answer_without_jobs_is_a_bad_payload() -> None:
    with pytest.raises(BadPayload, match="no 'jobs' list"):
        workable({"error": "Not found"}, Origin("x"), account="x")


# ---------------------------------------------------------------- Recruitee


def test_recruitee_offers() -> None:
    parsed = recruitee(load("recruitee_offers.json"), Origin("kadevos"))
    assert parsed.errors == []
    lead, marketer = parsed.postings
    assert lead.external_id == "1840221"
    assert lead.company == "Kade & Vos"
    assert lead.locations == ["Utrecht, Netherlands"]
    assert lead.remote is RemoteType.ONSITE
    assert lead.employment_type == "full_time"
    assert lead.date_posted == date(2026, 11, 10)
    assert lead.url == "https://kadevos.recruitee.com/o/warehouse-team-lead"
    assert lead.apply_url == "https://kadevos.recruitee.com/o/warehouse-team-lead/c/new"
    assert "A forklift licence" in lead.description_text
    assert [s.heading for s in lead.sections] == ["Requirements"]
    assert marketer.remote is RemoteType.REMOTE
    assert marketer.locations == ["Netherlands"]
    assert marketer.employment_type == "part_time"


def test_a_recruitee_answer_without_offers_is_a_bad_payload() -> None:
    with pytest.raises(BadPayload, match="no 'offers' list"):
        recruitee({"error": "not found"}, Origin("x"))


# ---------------------------------------------------------------- Personio

HOST = "fennwerk.jobs.personio.de"


def test_personio_positions_from_the_xml_feed() -> None:
    parsed = personio((BOARDS / "personio_feed.xml").read_bytes(), Origin("fennwerk"), host=HOST)
    assert parsed.errors == []
    engineer, student = parsed.postings
    assert engineer.external_id == "3920114"
    assert engineer.title == "Embedded Software Engineer (m/w/d)"
    assert engineer.company == "Fennwerk GmbH"
    assert engineer.locations == ["Leipzig", "Dresden"]
    assert engineer.url == "https://fennwerk.jobs.personio.de/job/3920114"
    assert engineer.date_posted == date(2026, 11, 14)
    assert engineer.employment_type == "full_time"
    assert [s.heading for s in engineer.sections] == [
        "Deine Aufgaben",
        "Dein Profil",
        "Was wir bieten",
    ]
    assert "ARM Cortex-M" in engineer.sections[1].text
    assert engineer.description_html is not None
    assert "<li>" in engineer.description_html, "the CDATA is read as HTML"
    assert "30 Tage Urlaub & ein Deutschlandticket." in engineer.description_text
    assert student.employment_type == "internship", "working_student"
    assert student.remote is RemoteType.REMOTE, "its office is 'Remote'"


def test_a_personio_url_carries_the_language_asked_for() -> None:
    parsed = personio(
        (BOARDS / "personio_feed.xml").read_bytes(), Origin("f"), host=HOST, language="en"
    )
    assert parsed.postings[0].url == "https://fennwerk.jobs.personio.de/job/3920114?language=en"


def test_an_empty_personio_feed_is_a_company_not_hiring() -> None:
    parsed = personio(
        b'<?xml version="1.0"?>\n<workzag-jobs></workzag-jobs>', Origin("f"), host=HOST
    )
    assert (parsed.postings, parsed.errors) == ([], [])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"<!doctype html><html><head><title>Personio</title><body><p>Hi<br></body>",
            "not readable",
        ),
        (b"<html><body><p>Welcome to Personio</p></body></html>", "<html> at its root"),
        (
            b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]>'
            b"<workzag-jobs><position><name>&b;</name></position></workzag-jobs>",
            "not readable",
        ),
    ],
    ids=["html", "wrong-root", "entities"],
)
def test_a_personio_answer_that_is_no_feed_is_a_bad_payload(content: bytes, message: str) -> None:
    with pytest.raises(BadPayload, match=message) as raised:
        personio(content, Origin("f"), host=HOST)
    assert HOST in str(raised.value)


def test_a_personio_position_without_id_or_text_is_an_error_and_the_rest_carry_on() -> None:
    xml = (
        b"<workzag-jobs>"
        b"<position><name>No id</name><jobDescriptions><jobDescription><name>A</name>"
        b"<value><![CDATA[<p>Some text here.</p>]]></value></jobDescription></jobDescriptions>"
        b"</position>"
        b"<position><id>7</id><name>Nothing to read</name><jobDescriptions/></position>"
        b"<position><id>8</id><name>Baker</name><office>Halle</office><jobDescriptions>"
        b"<jobDescription><name>Tasks</name><value><![CDATA[<p>Bake bread.</p>]]></value>"
        b"</jobDescription></jobDescriptions></position>"
        b"</workzag-jobs>"
    )
    parsed = personio(xml, Origin("f", company="Fennwerk"), host=HOST)
    assert [p.external_id for p in parsed.postings] == ["8"]
    assert parsed.postings[0].company == "Fennwerk", "no subcompany: the source's company"
    assert [(url, "no <id>" in m or "no description" in m) for url, m in parsed.errors] == [
        (None, True),
        ("https://fennwerk.jobs.personio.de/job/7", True),
    ]


# ---------------------------------------------------------------- definitions


def test_each_new_kind_says_what_it_needs() -> None:
    for kind in ("smartrecruiters", "workable", "recruitee", "personio"):
        with pytest.raises(ValueError, match=f"a {kind} source needs 'board'"):
            SourceSpec(name="x", kind=SourceKind(kind))
    with pytest.raises(ValueError, match="a workday source needs 'url'"):
        SourceSpec(name="x", kind=SourceKind.WORKDAY, board="acme")


def test_every_kind_has_exactly_one_adapter() -> None:
    from jobintel.ingestion.adapters.sources import ADAPTERS

    assert set(ADAPTERS) == set(SourceKind)
