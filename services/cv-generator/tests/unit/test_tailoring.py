"""The tailored CV follows the placement rules and only ever shows the master CV's content."""

from __future__ import annotations

import datetime as dt

import pytest

from jobintel.contracts.annotations import AnnotationType
from jobintel.contracts.profile import MasterProfile
from jobintel.cv_generator.domain.ats import opening
from jobintel.cv_generator.domain.render.pdf import render_pdf
from jobintel.cv_generator.domain.roundtrip import pdf_text
from jobintel.cv_generator.domain.tailoring import tailor
from jobintel.cv_generator.domain.text import TermIndex, word_count

from ..conftest import annotation, make_jd

pytestmark = pytest.mark.unit
TODAY = dt.date(2026, 11, 24)


def test_header_rules(profile: MasterProfile) -> None:
    t = tailor(profile, make_jd(), TODAY)
    cv = t.cv
    assert cv.headline is not None
    # "Platform Engineer" is a target role (an aspiration): the lead is the persona's identity,
    # which the resume bears out (her label is "Site Reliability Engineer")
    assert cv.headline.startswith("Site reliability engineer \u2014 ")
    assert "Platform" not in cv.headline
    assert cv.value_proposition is not None
    assert word_count(cv.value_proposition) <= 40
    assert 3 <= len(cv.key_achievements) <= 5
    assert len(cv.competencies) <= 4
    early = TermIndex(opening(cv))
    for term in t.supported:
        if term.must:
            assert early.mentions(term.name), term.name


def test_identity_and_core_strength_annotations_are_placed(profile: MasterProfile) -> None:
    jd = make_jd(
        annotations=[
            annotation(AnnotationType.IDENTITY, "Observability with Prometheus"),
            annotation(AnnotationType.CORE_STRENGTH, "PostgreSQL operations"),
        ]
    )
    cv = tailor(profile, jd, TODAY).cv
    assert cv.headline is not None
    assert "Prometheus" in cv.headline
    listed = [s for g in cv.competencies for s in g.skills]
    assert "PostgreSQL" in listed
    for strength in profile.persona.core_strengths:  # Kubernetes, Incident response, Terraform
        assert strength in listed


def test_skills_and_credentials_come_only_from_the_master_cv(profile: MasterProfile) -> None:
    cv = tailor(profile, make_jd(), TODAY).cv
    master_skills = {k for g in profile.resume.skills for k in g.keywords}
    assert {s for g in [*cv.competencies, *cv.skills] for s in g.skills} <= master_skills
    assert "Kafka" not in {s for g in cv.skills for s in g.skills}  # asked for, not held
    assert len(cv.certificates) == len(profile.resume.certificates)
    assert cv.education == ["BSc, Computer Engineering \u2014 NTNU (2013\u20132016)"]


def test_every_bullet_is_master_cv_text_shown_once(profile: MasterProfile) -> None:
    cv = tailor(profile, make_jd(), TODAY).cv
    highlights = {h for w in profile.resume.work for h in w.highlights}
    shown = [b.text for b in cv.key_achievements] + [b.text for r in cv.work for b in r.bullets]
    assert set(shown) <= highlights
    assert len(shown) == len(set(shown)), "key achievements are not repeated under the roles"
    assert all(r.bullets for r in cv.work), "no role is left empty"
    for role, work in zip(cv.work, profile.resume.work, strict=True):
        assert role.employer == work.name
        assert role.title == work.position
        assert role.start_date == work.startDate


def test_a_long_master_cv_still_fits_two_pages(profile: MasterProfile) -> None:
    resume = profile.resume.model_copy(deep=True)
    extra = []
    for n in range(8):
        role = resume.work[1].model_copy(deep=True)
        role.name = f"Employer {n}"
        role.startDate, role.endDate = f"{2000 + n}-01", f"{2000 + n}-12"
        role.highlights = [
            f"Kept {n} Kubernetes clusters healthy with Terraform, item {k}" for k in range(8)
        ]
        extra.append(role)
    resume.work = resume.work + extra
    big = profile.model_copy(update={"resume": resume})
    cv = tailor(big, make_jd(), TODAY).cv
    _, pages = pdf_text(render_pdf(cv))
    assert pages <= 2
    assert len(cv.work) == len(resume.work), "every role still appears, with its dates"


def test_roles_are_shown_newest_first_whatever_the_master_order(profile: MasterProfile) -> None:
    resume = profile.resume.model_copy(deep=True)
    resume.work = list(reversed(resume.work))
    cv = tailor(profile.model_copy(update={"resume": resume}), make_jd(), TODAY).cv
    assert [r.employer for r in cv.work] == ["Skarv Payments", "Bølge Media", "Fjell Data"]
    assert cv.work[0].bullets[0].source.path.startswith("work[2].")  # paths still point home
