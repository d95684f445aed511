"""Job pages: schema.org JSON-LD in every published shape, microdata, then main text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from jobintel.contracts import Confidence, RemoteType, SalaryPeriod
from jobintel.ingestion.domain.normalise import NotAPosting
from jobintel.ingestion.domain.pages import extract_job

pytestmark = pytest.mark.unit
PAGES = Path(__file__).parents[1] / "fixtures" / "pages"


def page(name: str) -> str:
    return (PAGES / name).read_text()


def test_job_posting_inside_graph_with_several_locations_and_hourly_salary() -> None:
    posting = extract_job(page("jsonld_graph.html"), page_url="https://x.example/j")
    assert posting.title == "Field Service Engineer"
    assert posting.company == "Alder Wind"
    assert posting.company_domain == "alderwind.example"
    assert posting.external_id == "FSE-2026-31"
    assert posting.locations == ["Esbjerg, South Denmark, DK", "Hamburg, DE"]
    assert posting.employment_type == "full_time"
    assert posting.date_posted == date(2026, 11, 9)
    assert posting.valid_through == date(2026, 12, 31)
    assert posting.salary is not None
    assert (posting.salary.minimum, posting.salary.maximum) == (32, 41)
    assert posting.salary.currency == "EUR"
    assert posting.salary.period is SalaryPeriod.HOUR
    assert "GWO Basic Safety Training" in posting.description_text
    assert posting.confidence is Confidence.HIGH
    assert posting.url == "https://x.example/j"


def test_job_posting_in_a_top_level_array_with_single_value_salary() -> None:
    posting = extract_job(page("jsonld_array.html"), page_url="https://x.example/p")
    assert posting.title == "Pastry Chef"
    assert posting.company == "Maison Brioche"
    assert posting.locations == ["12 Rue Oberkampf, Paris"]
    assert posting.employment_type == "part_time,temporary"
    assert posting.salary is not None
    assert posting.salary.minimum == posting.salary.maximum == 2400
    assert posting.salary.period is SalaryPeriod.MONTH


def test_entity_escaped_json_ld() -> None:
    posting = extract_job(page("jsonld_escaped.html"), page_url="https://x.example/t")
    assert posting.title == "Tax Advisor & Accountant"
    assert posting.company == "Ledger & Co"
    assert posting.locations == ["Dublin, IE"]
    assert posting.description_html is not None
    assert "<li>Chartered accountant</li>" in posting.description_html
    assert "Advise small businesses on VAT." in posting.description_text


def test_telecommute_with_applicant_location_requirements() -> None:
    posting = extract_job(page("jsonld_remote.html"), page_url="https://x.example/r")
    assert posting.remote is RemoteType.REMOTE
    assert posting.locations == ["Remote (USA)", "Remote (Canada)"]
    assert posting.employment_type == "contract"
    assert posting.salary is not None
    assert (posting.salary.minimum, posting.salary.maximum) == (70000, 90000)
    assert posting.salary.currency == "USD"
    assert posting.url == "https://parcelbird.example/careers/support-engineer"
    assert posting.apply_url == posting.url
    assert posting.valid_through == date(2027, 1, 15)


def test_microdata_job_posting() -> None:
    posting = extract_job(page("microdata.html"), page_url="https://x.example/n")
    assert posting.title == "Ward Nurse (Nights)"
    assert posting.company == "St Brigid's Clinic"
    assert posting.company_domain == "stbrigids.example"
    assert posting.locations == ["Cork, IE"]
    assert posting.date_posted == date(2026, 11, 19)
    assert "Registered nurse (NMBI)" in posting.description_text
    assert posting.confidence is Confidence.HIGH


def test_page_without_structured_data_is_main_text_at_low_confidence() -> None:
    posting = extract_job(page("plain_job.html"), page_url="https://beacon.example/jobs/1")
    assert posting.title == "Bicycle Mechanic"
    assert posting.company == "Beacon Bikes"
    assert posting.confidence is Confidence.LOW
    assert "Service and repair customer bikes" in posting.description_text
    assert "Home" not in posting.description_text.split("\n")[0], "navigation is not the job"


def test_page_with_no_job_is_an_error() -> None:
    with pytest.raises(NotAPosting, match="no job posting found"):
        extract_job(page("not_a_job.html"), page_url="https://beacon.example/about")
