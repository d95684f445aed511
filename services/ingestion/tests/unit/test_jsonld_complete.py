"""Every JobPosting text field is read, remote jobs stay remote, places are listed once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jobintel.contracts import RemoteType
from jobintel.ingestion.domain.jobposting import from_data
from jobintel.ingestion.domain.pages import extract_job

pytestmark = pytest.mark.unit

CREDENTIAL = "EducationalOccupationalCredential"
PAGES = Path(__file__).parents[1] / "fixtures" / "pages"


def page(name: str) -> str:
    return (PAGES / name).read_text()


def paste(data: dict[str, Any]) -> Any:
    return from_data(data, title=None, company=None, url=None, source="json")


def test_every_text_field_reaches_the_posting_and_its_description() -> None:
    posting = extract_job(page("aggregator_jsonld.html"), page_url="https://builtin.com/job/x/1")
    details = posting.details
    assert details.qualifications is not None
    assert "Production experience with Apache Kafka" in details.qualifications
    assert details.responsibilities is not None
    assert "Own the data contracts" in details.responsibilities
    assert details.skills == ["Python", "Apache Kafka", "dbt", "Snowflake"]
    assert details.experience_requirements == "4 years of experience"
    assert details.education_requirements == "Bachelor degree"
    assert details.incentive_compensation == "Annual bonus of up to 10%"
    assert details.benefits is not None
    assert "401(k) with a 5% match" in details.benefits
    text = posting.description_text
    # under headings the annotation service knows, so the must-haves are found
    assert text.index("Qualifications") < text.index("4+ years building data pipelines")
    assert text.index("Responsibilities") < text.index("Run the streaming ingestion")
    assert "Benefits" in text
    assert "Education requirements" in text
    assert posting.description_html is not None
    assert "<h3>Qualifications</h3>" in posting.description_html


def test_fields_the_description_already_holds_are_not_repeated() -> None:
    posting = paste(
        {
            "@type": "JobPosting",
            "title": "Pump Technician",
            "description": "<p>Keep the pumps running.</p><h3>Qualifications</h3>"
            "<ul><li>Two years on industrial pumps</li></ul>",
            "qualifications": "Two years on industrial pumps",
            "responsibilities": ["Weekly pump checks", "Keep the pumps running"],
        }
    )
    assert posting.description_text.count("Two years on industrial pumps") == 1
    assert posting.description_text.count("Keep the pumps running") == 1
    assert "Weekly pump checks" in posting.description_text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("3+ years in a similar role", "3+ years in a similar role"),
        ({"@type": "OccupationalExperienceRequirements", "monthsOfExperience": 18}, "18 months"),
        (
            {"@type": "OccupationalExperienceRequirements", "monthsOfExperience": 24,
             "description": "Two years of B2B sales"},
            "Two years of B2B sales",
        ),
        ({"@type": "OccupationalExperienceRequirements", "monthsOfExperience": 0}, "No prior"),
    ],
)  # fmt: skip
def test_experience_as_text_or_object(value: Any, text: str) -> None:
    posting = paste({"@type": "JobPosting", "title": "Sales Rep", "description": "Sell it.",
                     "experienceRequirements": value})  # fmt: skip
    assert posting.details.experience_requirements is not None
    assert text in posting.details.experience_requirements
    assert text in posting.description_text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("High school diploma", "High school diploma"),
        ({"@type": CREDENTIAL, "credentialCategory": "postgraduate degree"}, "Postgraduate degree"),
        ([{"@type": CREDENTIAL, "credentialCategory": "bachelor degree"},
          {"@type": CREDENTIAL, "credentialCategory": "professional certificate"}],
         "Professional certificate"),
    ],
)  # fmt: skip
def test_education_as_text_or_credential(value: Any, text: str) -> None:
    posting = paste({"@type": "JobPosting", "title": "Nurse", "description": "Care for people.",
                     "educationRequirements": value})  # fmt: skip
    assert posting.details.education_requirements is not None
    assert text in posting.details.education_requirements


def test_a_posting_whose_only_text_is_its_fields_has_a_description() -> None:
    posting = paste(
        {"@type": "JobPosting", "title": "Welder", "qualifications": "MIG and TIG certified"}
    )
    assert "MIG and TIG certified" in posting.description_text


def test_telecommute_with_applicant_countries_is_remote_and_each_country_once() -> None:
    posting = extract_job(
        page("remote_31_countries.html"), page_url="https://careers.tidewatermaps.example/j/1"
    )
    assert posting.remote is RemoteType.REMOTE
    assert len(posting.locations) == 31
    assert "Remote (Germany)" in posting.locations
    assert posting.company == "Tidewater Maps"
    assert posting.listing_site is None, "the employer's own careers site is no listing"


def test_telecommute_with_applicants_keeps_an_office_city_but_is_still_remote() -> None:
    posting = paste(
        {
            "@type": "JobPosting",
            "title": "Support Engineer",
            "description": "Answer customers.",
            "jobLocationType": "TELECOMMUTE",
            "jobLocation": [
                {"address": {"addressLocality": "Lisbon", "addressCountry": "PT"}},
                {"address": {"addressLocality": "lisbon", "addressCountry": "pt"}},
                {"address": {"addressCountry": "Portugal"}},
            ],
            "applicantLocationRequirements": [{"@type": "Country", "name": "Portugal"}] * 2,
        }
    )
    assert posting.remote is RemoteType.REMOTE
    assert posting.locations == ["Remote (Portugal)", "Lisbon, PT"]


def test_repeated_office_locations_are_listed_once() -> None:
    posting = paste(
        {
            "@type": "JobPosting",
            "title": "Baker",
            "description": "Bake bread at night.",
            "jobLocation": [{"address": {"addressLocality": "Leeds", "addressCountry": "UK"}}] * 3,
        }
    )
    assert posting.locations == ["Leeds, UK"]
