"""Company identity: every job of one company lands on the same stable id."""

from __future__ import annotations

import pytest

from jobintel.contracts import Posting
from jobintel.research.domain.identity import identify

pytestmark = pytest.mark.unit


def posting(**fields: str) -> Posting:
    return Posting(source="paste", title="Engineer", description_text="text", **fields)


def test_company_url_wins_over_apply_url() -> None:
    identity = identify(
        posting(
            company="Acme",
            company_url="https://acme.com/about",
            apply_url="https://apply.other.com/x",
        )
    )
    assert identity is not None
    assert (identity.company_id, identity.website) == ("acme.com", "https://acme.com/")


def test_apply_url_on_a_careers_subdomain_points_at_the_main_site() -> None:
    identity = identify(posting(company="Acme", apply_url="https://careers.acme.com/jobs/1"))
    assert identity is not None
    assert (identity.company_id, identity.website) == ("acme.com", "https://acme.com/")


def test_board_url_leaves_only_the_name() -> None:
    identity = identify(posting(company="Acme Inc", url="https://boards.greenhouse.io/acme/jobs/1"))
    assert identity is not None
    assert (identity.company_id, identity.domain, identity.website) == ("acme", None, None)


def test_no_name_and_no_site_is_no_identity() -> None:
    assert identify(posting()) is None


def test_a_local_site_keeps_its_port_as_its_website() -> None:
    identity = identify(posting(company="Hooli", url="http://127.0.0.1:8123/jobs/7"))
    assert identity is not None
    assert (identity.company_id, identity.website) == ("127.0.0.1:8123", "http://127.0.0.1:8123/")


def test_the_site_listing_a_posting_for_another_employer_is_never_the_company() -> None:
    listed = [
        identify(
            posting(
                company=company,
                url=f"https://jobs.listings-hub.example/view/{n}",
                listing_site="jobs.listings-hub.example",
            )
        )
        for n, company in enumerate(("Acme", "Globex"))
    ]
    assert [i.company_id for i in listed if i] == ["acme", "globex"]
    assert all(i is not None and i.website is None for i in listed)
