"""A job description structured into sections, requirements and weighted keywords."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from .annotations import Annotation
from .base import Model


class SectionKind(StrEnum):
    ABOUT_COMPANY = "about_company"
    ROLE_SUMMARY = "role_summary"
    RESPONSIBILITIES = "responsibilities"
    MUST_HAVE = "must_have"
    NICE_TO_HAVE = "nice_to_have"
    BENEFITS = "benefits"
    COMPENSATION = "compensation"
    LOCATION = "location"
    PROCESS = "process"
    OTHER = "other"


class RequirementKind(StrEnum):
    MUST_HAVE = "must_have"
    NICE_TO_HAVE = "nice_to_have"


class Span(Model):
    """Character offsets into the job's plain-text description."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)


class JdSection(Model):
    kind: SectionKind
    heading: str | None = None
    text: str
    span: Span | None = None


class Requirement(Model):
    kind: RequirementKind
    text: str
    span: Span | None = None
    skills: list[str] = Field(default_factory=list, description="Canonical skill names")


class SkillCategory(StrEnum):
    LANGUAGE = "language"
    FRAMEWORK = "framework"
    PLATFORM = "platform"
    DATA = "data"
    PRACTICE = "practice"
    DOMAIN = "domain"
    SOFT_SKILL = "soft_skill"
    TOOL = "tool"


class Keyword(Model):
    name: str = Field(description="Canonical name")
    category: SkillCategory | None = None
    weight: float = Field(ge=0, description="Importance from where and how often it appears")
    occurrences: int = Field(default=1, ge=0)
    required: bool = False


class StructuringMethod(StrEnum):
    OFFLINE = "offline"
    LLM = "llm"


class StructuredJD(Model):
    version: int = Field(ge=1, description="Increases with every re-structuring or annotation")
    title: str
    company: str | None = None
    description_text: str
    sections: list[JdSection] = Field(default_factory=list)
    requirements: list[Requirement] = Field(default_factory=list)
    keywords: list[Keyword] = Field(default_factory=list)
    seniority: str | None = None
    role_family: str | None = None
    years_experience: int | None = None
    education: str | None = None
    work_authorization_required: bool = False
    clearance_required: bool = False
    language: str | None = None
    annotations: list[Annotation] = Field(default_factory=list)
    method: StructuringMethod = StructuringMethod.OFFLINE
    notes: list[str] = Field(
        default_factory=list, description="Why a step fell back or what was dropped"
    )
