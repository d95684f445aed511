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
    section: SectionKind | None = Field(default=None, description="Section it was found in")
    annotation_ids: list[str] = Field(
        default_factory=list, description="User annotations overlapping this requirement"
    )


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
    emphasis: float = Field(
        default=1.0,
        ge=0,
        description="Factor the user's annotations applied to the weight: >1 up, <1 down (avoid)",
    )
    sections: list[SectionKind] = Field(
        default_factory=list, description="Sections the keyword appears in"
    )


class SectionCoverage(Model):
    """How much of one section the user has annotated (drives the UI's coverage indicators)."""

    kind: SectionKind
    heading: str | None = None
    span: Span | None = None
    annotations: int = Field(default=0, ge=0)
    requirements: int = Field(default=0, ge=0)
    requirements_annotated: int = Field(default=0, ge=0)


class Coverage(Model):
    """Which sections and what share of the requirements carry at least one annotation."""

    sections: list[SectionCoverage] = Field(default_factory=list)
    requirements: int = Field(default=0, ge=0)
    requirements_annotated: int = Field(default=0, ge=0)
    share: float = Field(
        default=0.0, ge=0, le=1, description="requirements_annotated / requirements"
    )


class StructuringMethod(StrEnum):
    OFFLINE = "offline"
    LLM = "llm"


class StructuringUsage(Model):
    """What a language model spent structuring one description (also when it then failed)."""

    model: str
    input_tokens: int = Field(default=0, ge=0)
    output_tokens: int = Field(default=0, ge=0)
    cache_read_input_tokens: int = Field(default=0, ge=0)
    cache_creation_input_tokens: int = Field(default=0, ge=0)
    cost_usd: float | None = Field(default=None, description="None when the price is unknown")


AIMED_AT_TOOLS = "this posting contains instructions aimed at automated tools"


class ToolInstruction(Model):
    """A passage of a posting addressed to AI tools, CV tools or automated screeners.

    Postings are untrusted data: such text is never a requirement or a keyword, and it is
    stripped from what a model is sent.
    """

    text: str
    span: Span | None = None


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
    years_experience_max: int | None = Field(
        default=None, description="Upper end when a range is given (e.g. 3-5 years)"
    )
    language: str | None = None
    annotations: list[Annotation] = Field(default_factory=list)
    coverage: Coverage = Field(default_factory=Coverage)
    method: StructuringMethod = StructuringMethod.OFFLINE
    notes: list[str] = Field(
        default_factory=list, description="Why a step fell back or what was dropped"
    )
    usage: StructuringUsage | None = Field(
        default=None, description="Tokens and cost of the LLM call, when one was made"
    )
    instructions_for_tools: list[ToolInstruction] = Field(
        default_factory=list,
        description=(
            "Passages addressed to AI tools, CV tools or automated screeners (prompt "
            "injection): kept out of requirements and keywords and never sent to a model. "
            "When any, the UI says: " + AIMED_AT_TOOLS
        ),
    )
