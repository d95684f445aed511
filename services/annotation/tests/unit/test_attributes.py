"""Seniority, role family, years, education and the legal flags read from a posting."""

from __future__ import annotations

import pytest

from jobintel.annotation.domain import attributes

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5+ years of Python", (5, None)),
        ("3-5 years of experience; 2 years with Go", (3, 5)),
        ("at least five years in a similar role", (5, None)),
        ("Mindestens 3 Jahre Erfahrung", (3, None)),
        ("Au moins 2 ans d'expérience", (2, None)),
        ("no number here", (None, None)),
    ],
)
def test_years_of_experience(text: str, expected: tuple[int | None, int | None]) -> None:
    assert attributes.years_of_experience(text) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Senior Backend Engineer", "senior"),
        ("Staff Software Engineer", "staff"),
        ("Junior Data Analyst", "junior"),
        ("Engineering Manager", "lead"),
        ("Head of Product", "executive"),
        ("Software Engineering Intern", "intern"),
    ],
)
def test_seniority_from_the_title(title: str, expected: str) -> None:
    assert attributes.seniority(title, "") == expected


def test_seniority_from_years_when_the_title_says_nothing() -> None:
    assert attributes.seniority("Backend Engineer", "6+ years of Java") == "senior"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Senior Data Engineer", "data_engineering"),
        ("Machine Learning Engineer", "ml_engineering"),
        ("Product Designer", "design"),
        ("Senior Product Manager, Payments", "product_management"),
        ("Site Reliability Engineer", "devops_sre"),
        ("iOS Engineer", "mobile"),
        ("Backend Developer", "software_engineering"),
    ],
)
def test_role_family(title: str, expected: str) -> None:
    assert attributes.role_family(title, "") == expected


def test_education_is_the_lowest_degree_asked_for() -> None:
    assert attributes.education("BSc or MSc in Computer Science") == "bachelor"
    assert attributes.education("PhD in machine learning") == "phd"
    assert attributes.education("a degree in a quantitative field") == "degree"
    assert attributes.education("no formal requirements") is None


def test_work_authorisation_and_clearance_flags() -> None:
    assert attributes.work_authorization_required("You must be eligible to work in the UK")
    assert attributes.work_authorization_required("We are unable to sponsor visas")
    assert not attributes.work_authorization_required("We offer visa sponsorship")
    assert attributes.clearance_required("Active TS/SCI clearance")
    assert not attributes.clearance_required("We value clear communication")


def test_language_guess() -> None:
    assert attributes.language("Du entwickelst Services mit Go und wir bieten dir viel") == "de"
    assert attributes.language("Vous rejoignez une équipe et nous offrons des avantages") == "fr"
    assert attributes.language("You will build the services with our team") == "en"
