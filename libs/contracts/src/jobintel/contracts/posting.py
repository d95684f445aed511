"""A job posting as ingestion normalises it, whatever the source."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field

from .base import Model


class RemoteType(StrEnum):
    ONSITE = "onsite"
    HYBRID = "hybrid"
    REMOTE = "remote"
    UNKNOWN = "unknown"


class Confidence(StrEnum):
    """How sure ingestion is that the text is one job posting and its fields are right."""

    HIGH = "high"  # structured data (ATS API, schema.org JobPosting, JSON object)
    MEDIUM = "medium"  # pasted text with a title the user gave
    LOW = "low"  # main text of a page with no structured data


class SalaryPeriod(StrEnum):
    HOUR = "hour"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


class Salary(Model):
    minimum: float | None = None
    maximum: float | None = None
    currency: str | None = Field(default=None, description="ISO 4217 code")
    period: SalaryPeriod = SalaryPeriod.YEAR


class SourceSection(Model):
    """A section the source itself delimited (Lever `lists`, Greenhouse headings)."""

    heading: str
    text: str


class PostingDetails(Model):
    """The schema.org `JobPosting` text fields besides `description`, as plain text.

    They are also appended to `description_text` under headings (when the description does
    not already hold them), so the annotation service finds the requirements they carry.
    """

    qualifications: str | None = None
    responsibilities: str | None = None
    skills: list[str] = Field(default_factory=list)
    experience_requirements: str | None = Field(
        default=None, description="Text, or 'N months' from OccupationalExperienceRequirements"
    )
    education_requirements: str | None = Field(
        default=None, description="Text, or the EducationalOccupationalCredential's category"
    )
    incentive_compensation: str | None = None
    benefits: str | None = Field(default=None, description="schema.org `jobBenefits`")


class Posting(Model):
    source: str = Field(description="Source name (a defined source) or kind: paste, json, url, ...")
    source_kind: str | None = Field(
        default=None, description="greenhouse, lever, ashby, feed, page, file, paste, ..."
    )
    external_id: str | None = Field(default=None, description="The source's own id")
    title: str
    company: str | None = None
    company_url: str | None = Field(default=None, description="The company's website")
    company_domain: str | None = Field(default=None, description="e.g. acme.com")
    company_confidence: Confidence | None = Field(
        default=None,
        description="How sure ingestion is of the employer: high when the source names it "
        "(ATS board, JSON-LD hiringOrganization), low when read from a page's content; "
        "None with no company means the employer is unknown",
    )
    listing_site: str | None = Field(
        default=None,
        description="The job board or aggregator the posting was read on (e.g. builtin.com): "
        "never the employer's own site",
    )
    locations: list[str] = Field(default_factory=list)
    remote: RemoteType = RemoteType.UNKNOWN
    employment_type: str | None = None
    salary: Salary | None = None
    date_posted: date | None = None
    valid_through: date | None = None
    description_html: str | None = Field(default=None, description="Sanitised with nh3")
    description_text: str
    url: str | None = None
    apply_url: str | None = None
    sections: list[SourceSection] = Field(default_factory=list)
    details: PostingDetails = Field(default_factory=PostingDetails)
    language: str | None = None
    confidence: Confidence = Confidence.MEDIUM
    fingerprint: str = Field(
        default="", description="Stable hash used to link the same job seen through two sources"
    )
    notes: list[str] = Field(
        default_factory=list,
        description="What ingestion could not tell and the user can fix (no title, employer "
        "unknown, ...)",
    )
