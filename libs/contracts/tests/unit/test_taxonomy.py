"""The shared skills taxonomy loads from package data and resolves aliases."""

from __future__ import annotations

import pytest

from jobintel.contracts import SkillCategory, taxonomy

pytestmark = pytest.mark.unit


def test_aliases_resolve_to_their_canonical_entry_ignoring_case() -> None:
    entry = taxonomy.lookup("K8S")
    assert entry is not None
    assert entry.name == "Kubernetes"
    assert taxonomy.lookup("golang") is taxonomy.lookup("Go")
    assert taxonomy.lookup("no such skill") is None


def test_technologies_exclude_practices_and_soft_skills() -> None:
    names = taxonomy.technology_names()
    assert {"Python", "PostgreSQL", "Apache Kafka"} <= names
    categories = {e.category for e in taxonomy.skills() if e.name not in names}
    assert categories <= {SkillCategory.PRACTICE, SkillCategory.DOMAIN, SkillCategory.SOFT_SKILL}


def test_case_sensitive_aliases_are_marked() -> None:
    go = taxonomy.lookup("Go")
    assert go is not None
    assert "Go" in go.case_sensitive
