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
    language: str | None = None
    confidence: Confidence = Confidence.MEDIUM
    fingerprint: str = Field(
        default="", description="Stable hash used to link the same job seen through two sources"
    )
