"""The employer is who the posting names, never the board or aggregator it was read on."""

from __future__ import annotations

from pathlib import Path

import pytest

from jobintel.contracts import Confidence, Posting
from jobintel.ingestion.domain.employer import board_slug, split_title
from jobintel.ingestion.domain.jobposting import from_data
from jobintel.ingestion.domain.pages import extract_job
from jobintel.runtime.web import company_id

pytestmark = pytest.mark.unit

PAGES = Path(__file__).parents[1] / "fixtures" / "pages"


def page(name: str) -> str:
    return (PAGES / name).read_text()


def research_id(posting: Posting) -> str | None:
    """The company id as research derives it: the first own-site URL, else the name."""
    return company_id([posting.company_url, posting.apply_url, posting.url], posting.company)


def test_aggregator_json_ld_names_the_employer_not_the_aggregator() -> None:
    posting = extract_job(page("aggregator_jsonld.html"), page_url="https://builtin.com/job/x/1")
    assert posting.company == "Larkspur Bank"
    assert posting.company_confidence is Confidence.HIGH
    assert posting.company_url is None, "builtin.com/company/... is the board's page, not a site"
    assert posting.listing_site == "builtin.com"
    assert research_id(posting) == "larkspur-bank"


def test_a_board_company_page_with_no_name_is_named_by_the_page() -> None:
    posting = extract_job(
        page("aggregator_org_by_link.html"),
        page_url="https://builtin.com/job/robotics-software-engineer/5120077",
    )
    assert posting.company == "Fernhill Robotics"
    assert posting.company_confidence is Confidence.MEDIUM
    assert posting.listing_site == "builtin.com"


def test_two_employers_on_one_aggregator_never_share_a_company_id() -> None:
    first = extract_job(page("aggregator_jsonld.html"), page_url="https://builtin.com/job/a/1")
    second = extract_job(page("aggregator_no_jsonld.html"), page_url="https://builtin.com/job/b/2")
    third = extract_job(page("aggregator_org_by_link.html"), page_url="https://builtin.com/j/3")
    ids = {research_id(first), research_id(second), research_id(third)}
    assert len(ids) == 3
    assert not any(i and "builtin" in i for i in ids)


def test_aggregator_page_without_json_ld_reads_employer_and_main_text() -> None:
    posting = extract_job(
        page("aggregator_no_jsonld.html"), page_url="https://builtin.com/job/analytics-engineer/6"
    )
    assert posting.title == "Analytics Engineer"
    assert posting.company == "Quillmate"
    assert posting.company != "Built In"
    assert posting.listing_site == "builtin.com"
    text = posting.description_text
    assert text.startswith("Quillmate builds the writing assistant")
    assert "Data + Analytics" not in text, "the breadcrumb is not the description"
    assert "Similar Jobs" not in text
    assert "Orbitline" not in text
    assert "3+ years of experience with SQL and dbt" in text


def test_aggregator_page_naming_no_employer_says_so_instead_of_guessing() -> None:
    posting = extract_job(page("aggregator_no_employer.html"), page_url="https://builtin.com/j/9")
    assert posting.company is None
    assert posting.company_confidence is None
    assert any(n.startswith("employer unknown") and "'company'" in n for n in posting.notes)
    assert "Operations" not in posting.description_text.split("\n")[0]


def test_a_page_naming_another_organisation_is_a_third_party_listing() -> None:
    posting = from_data(
        {
            "@type": "JobPosting",
            "title": "Line Cook",
            "description": "Cook lunch for 200 guests a day.",
            "hiringOrganization": {
                "name": "Saltmarsh Kitchen",
                "sameAs": "https://saltmarsh.example",
            },
        },
        title=None,
        company=None,
        url="https://www.hospitalityhire.example/jobs/line-cook-22",
        source="url",
    )
    assert posting.company == "Saltmarsh Kitchen"
    assert posting.company_url == "https://saltmarsh.example"
    assert posting.listing_site == "hospitalityhire.example"
    assert research_id(posting) == "saltmarsh.example"


@pytest.mark.parametrize(
    ("url", "slug"),
    [
        ("https://boards.greenhouse.io/larkspurbank/jobs/4011001", "larkspurbank"),
        ("https://job-boards.eu.greenhouse.io/larkspur/jobs/4011001", "larkspur"),
        ("https://jobs.lever.co/tulip-labs/7c1d2e3f-0000-4a4a", "tulip-labs"),
        ("https://jobs.ashbyhq.com/kestrel-health/b5a0c3d1", "kestrel-health"),
        ("https://apply.workable.com/saltmarsh/j/AB12CD34/", "saltmarsh"),
        ("https://jobs.smartrecruiters.com/FernhillRobotics/7443", "FernhillRobotics"),
        ("https://tidewater.wd5.myworkdayjobs.com/en-US/External/job/Remote/SRE_R-1", "tidewater"),
        ("https://quillmate.recruitee.com/o/analytics-engineer", "quillmate"),
        ("https://builtin.com/company/larkspur-bank", "larkspur-bank"),
        ("https://builtin.com/job/data-engineer/7731904", None),
        ("https://larkspur.example/careers", None),
    ],
)
def test_company_in_a_hosted_board_url(url: str, slug: str | None) -> None:
    assert board_slug(url) == slug


def test_a_board_posting_with_no_company_is_named_from_its_url_at_low_confidence() -> None:
    posting = from_data(
        {"@type": "JobPosting", "title": "Designer", "description": "Design clinic software."},
        title=None,
        company=None,
        url="https://jobs.lever.co/tulip-labs/7c1d2e3f",
        source="json",
    )
    assert posting.company == "Tulip Labs"
    assert posting.company_confidence is Confidence.LOW


@pytest.mark.parametrize(
    ("text", "title", "company"),
    [
        ("Data Engineer at Larkspur Bank | Built In", "Data Engineer", "Larkspur Bank"),
        ("Data Engineer - Larkspur Bank | Built In", "Data Engineer", "Larkspur Bank"),
        ("Larkspur Bank hiring Data Engineer in London, England | LinkedIn", "Data Engineer",
         "Larkspur Bank"),
        ("Data Engineer - London, UK", "Data Engineer", None),
        ("Data Engineer", "Data Engineer", None),
    ],
)  # fmt: skip
def test_page_titles_split_into_title_and_company(
    text: str, title: str, company: str | None
) -> None:
    assert split_title(text, site_names=["Built In"]) == (title, company)
