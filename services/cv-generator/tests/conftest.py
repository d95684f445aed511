"""Fixtures of the cv-generator tests: a master CV and a structured JD the tests own."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from jobintel.contracts.annotations import Annotation, AnnotationType
from jobintel.contracts.jd import Keyword, Requirement, RequirementKind, SkillCategory, StructuredJD
from jobintel.contracts.profile import MasterProfile

FIXTURES = Path(__file__).parent / "fixtures"

JD_TEXT = """Platform Engineer (Senior)

Tidewater runs freight booking for 300 shipping lines.

Requirements:
- 5+ years running production Kubernetes
- Terraform and AWS
- Observability with Prometheus
- Python or Go

Nice to have:
- PostgreSQL operations
- Kafka
- Mentoring engineers
"""


def load_profile(version: int = 1) -> MasterProfile:
    data = yaml.safe_load((FIXTURES / "profile.yaml").read_text())
    return MasterProfile.model_validate({**data, "version": version})


def make_jd(version: int = 1, annotations: list[Annotation] | None = None) -> StructuredJD:
    def kw(name: str, weight: float, required: bool, category: SkillCategory) -> Keyword:
        return Keyword(name=name, weight=weight, required=required, category=category)

    return StructuredJD(
        version=version,
        title="Senior Platform Engineer",
        company="Tidewater",
        description_text=JD_TEXT,
        requirements=[
            Requirement(
                kind=RequirementKind.MUST_HAVE,
                text="5+ years running production Kubernetes",
                skills=["Kubernetes"],
            ),
            Requirement(
                kind=RequirementKind.MUST_HAVE,
                text="Terraform and AWS",
                skills=["Terraform", "AWS"],
            ),
            Requirement(
                kind=RequirementKind.MUST_HAVE,
                text="Observability with Prometheus",
                skills=["Prometheus"],
            ),
            Requirement(
                kind=RequirementKind.MUST_HAVE, text="Python or Go", skills=["Python", "Go"]
            ),
            Requirement(
                kind=RequirementKind.NICE_TO_HAVE,
                text="PostgreSQL operations",
                skills=["PostgreSQL"],
            ),
            Requirement(kind=RequirementKind.NICE_TO_HAVE, text="Kafka", skills=["Kafka"]),
            Requirement(
                kind=RequirementKind.NICE_TO_HAVE, text="Mentoring engineers", skills=["Mentoring"]
            ),
        ],
        keywords=[
            kw("Kubernetes", 3.0, True, SkillCategory.PLATFORM),
            kw("Terraform", 2.0, True, SkillCategory.TOOL),
            kw("AWS", 2.0, True, SkillCategory.PLATFORM),
            kw("Prometheus", 1.5, True, SkillCategory.TOOL),
            kw("Python", 1.5, True, SkillCategory.LANGUAGE),
            kw("Go", 1.0, False, SkillCategory.LANGUAGE),
            kw("PostgreSQL", 1.0, False, SkillCategory.DATA),
            kw("Kafka", 1.0, False, SkillCategory.DATA),
            kw("Mentoring", 0.5, False, SkillCategory.SOFT_SKILL),
            kw("Communication", 0.5, False, SkillCategory.SOFT_SKILL),
        ],
        seniority="senior",
        annotations=annotations or [],
    )


def annotation(kind: AnnotationType, quote: str, relevance: int = 5) -> Annotation:
    start = JD_TEXT.find(quote)
    assert start >= 0, quote
    return Annotation(
        annotation_id=f"{kind}-{start}",
        type=kind,
        start=start,
        end=start + len(quote),
        quote=quote,
        relevance=relevance,
    )


@pytest.fixture
def profile() -> MasterProfile:
    return load_profile()


@pytest.fixture
def jd() -> StructuredJD:
    return make_jd()
