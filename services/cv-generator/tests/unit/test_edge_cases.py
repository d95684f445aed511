"""Thin inputs still give a CV: a master CV with only a name, a JD with no keywords."""

from __future__ import annotations

import datetime as dt

import pytest

from jobintel.contracts import CvFormat
from jobintel.contracts.company import CompanyProfile
from jobintel.contracts.jd import StructuredJD
from jobintel.contracts.profile import MasterProfile
from jobintel.cv_generator.domain.generate import finish, verbatim
from jobintel.cv_generator.domain.tailoring import tailor

from ..conftest import make_jd

pytestmark = pytest.mark.unit
NOW = dt.datetime(2026, 11, 24, tzinfo=dt.UTC)
COMPANY = CompanyProfile(company_id="x.example", name="X")


@pytest.mark.parametrize(
    "jd",
    [make_jd(), StructuredJD(version=1, title="Engineer", description_text="We hire.")],
    ids=["full-jd", "empty-jd"],
)
def test_a_name_only_master_cv_gives_an_honest_short_cv(jd: StructuredJD) -> None:
    profile = MasterProfile.model_validate({"resume": {"basics": {"name": "Ada Example"}}})
    t = tailor(profile, jd, NOW.date())
    generated = finish(
        t,
        verbatim(t, profile),
        profile=profile,
        jd=jd,
        company=COMPANY,
        timestamp=NOW,
    )
    assert generated.cv.name == "Ada Example"
    assert generated.cv.work == []
    assert generated.ats.must_have_found == []
    assert {d.format for d in generated.documents} == set(CvFormat)
    contact = next(c for c in generated.ats.checks if c.name == "contact_details")
    assert not contact.passed  # no email or phone: the report says so


def test_an_empty_jd_still_orders_the_master_cv(profile: MasterProfile) -> None:
    jd = StructuredJD(version=1, title="Engineer", description_text="We hire.")
    cv = tailor(profile, jd, NOW.date()).cv
    assert cv.work[0].bullets
    assert cv.competencies, "falls back to the user's own skill groups"
    assert 3 <= len(cv.key_achievements) <= 5
