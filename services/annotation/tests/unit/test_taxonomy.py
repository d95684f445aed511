"""The shipped skills taxonomy and how it finds skills in text."""

from __future__ import annotations

from collections import Counter

import pytest

from jobintel.annotation.domain.taxonomy import default_taxonomy
from jobintel.contracts import SkillCategory

pytestmark = pytest.mark.unit


def names(text: str) -> list[str]:
    found: list[str] = default_taxonomy().names(text)
    return found


def test_the_shipped_taxonomy_is_broad() -> None:
    skills = default_taxonomy().skills
    assert len(skills) >= 500
    per_category = Counter(s.category for s in skills)
    assert set(per_category) == set(SkillCategory)
    assert min(per_category.values()) >= 20


def test_every_alias_belongs_to_one_skill() -> None:
    owner: dict[tuple[bool, str], str] = {}
    for skill in default_taxonomy().skills:
        aliases = ((skill.name,) if skill.match_name else ()) + skill.aliases
        for alias in aliases:
            key = (alias.startswith("!"), alias[1:] if alias.startswith("!") else alias.lower())
            assert owner.setdefault(key, skill.name) == skill.name, f"{alias!r} is ambiguous"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We run k8s on GCP", ["Kubernetes", "Google Cloud"]),
        ("Spring Boot services", ["Spring Boot"]),
        ("Postgres and PostgreSQL", ["PostgreSQL"]),
        ("C++ and C# and C", ["C++", "C#", "C"]),
        ("Node.js, React.js and Vue", ["Node.js", "React", "Vue.js"]),
        ("We write Go.", ["Go"]),
        ("Sehr gute Python-Kenntnisse", ["Python"]),
        ("CI/CD with GitHub Actions", ["CI/CD", "GitHub Actions"]),
        ("Docker/Kubernetes", ["Docker", "Kubernetes"]),
        ("Fluent English and German", ["English", "German"]),
    ],
)
def test_aliases_find_canonical_names(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Let's go to the office and excel at our work",
        "Go-getters wanted; R&D budget; C-level buy-in",
        "The rest of the team will sketch ideas",
        "Our leadership team values communication protocols",
        "the tip of the iceberg",
    ],
)
def test_common_words_are_not_skills(text: str) -> None:
    assert names(text) == []


def test_matches_carry_offsets() -> None:
    text = "Experience with Apache Kafka"
    [match] = default_taxonomy().find(text)
    assert text[match.start : match.end] == "Apache Kafka"
    assert match.skill.name == "Apache Kafka"
