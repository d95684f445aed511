"""Job sources and ingestion runs: how they are defined, and what a run reports.

A source is a place jobs are published (an ATS board, a feed, a jobspy search). Ingestion owns
the sources; it announces each definition as `source.updated` and each finished run as
`ingest.run.finished`, so the gateway can list sources and show run history from events alone.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, ClassVar

from pydantic import AwareDatetime, Field, model_validator

from . import subjects as s
from .base import Event, Model

SOURCE_NAME_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,62}$"
MAX_RUN_ERRORS = 200
# NATS carries at most 1 MB per message by default: an upload is at most ~700 kB.
MAX_FILE_BASE64 = 960_000


class SourceKind(StrEnum):
    GREENHOUSE = "greenhouse"  # boards-api.greenhouse.io/v1/boards/{board}/jobs?content=true
    LEVER = "lever"  # api.lever.co/v0/postings/{board}?mode=json
    ASHBY = "ashby"  # api.ashbyhq.com/posting-api/job-board/{board}
    WORKDAY = "workday"  # the CXS API of the career site at `url` ({tenant}.wdN.myworkdayjobs.com)
    SMARTRECRUITERS = "smartrecruiters"  # api.smartrecruiters.com/v1/companies/{board}/postings
    WORKABLE = "workable"  # apply.workable.com/api/v1/widget/accounts/{board}?details=true
    RECRUITEE = "recruitee"  # {board}.recruitee.com/api/offers/
    PERSONIO = "personio"  # {board}.jobs.personio.de/xml (options.tld = "com" for .com)
    FEED = "feed"  # an RSS or Atom feed of postings at `url`
    JOBSPY = "jobspy"  # the optional python-jobspy extra (big boards), `options` = its arguments


BOARD_KINDS = frozenset(
    {
        SourceKind.GREENHOUSE,
        SourceKind.LEVER,
        SourceKind.ASHBY,
        SourceKind.SMARTRECRUITERS,
        SourceKind.WORKABLE,
        SourceKind.RECRUITEE,
        SourceKind.PERSONIO,
    }
)


class SourceFilters(Model):
    """Which postings of a source to keep; empty lists keep everything."""

    title_include: list[str] = Field(
        default_factory=list, description="Keep a posting only if its title has one of these words"
    )
    title_exclude: list[str] = Field(
        default_factory=list, description="Drop a posting whose title has one of these words"
    )
    locations: list[str] = Field(
        default_factory=list,
        description="Keep a posting only if one of its locations contains one of these",
    )
    remote_only: bool = False


class SourceSpec(Model):
    """A source as a user defines it (config file or `POST /api/sources`)."""

    name: str = Field(pattern=SOURCE_NAME_PATTERN, description="Unique slug, e.g. 'acme'")
    kind: SourceKind
    board: str | None = Field(
        default=None,
        max_length=200,
        description="Board token / company identifier / subdomain (ATS kinds but workday)",
    )
    url: str | None = Field(
        default=None,
        max_length=2000,
        description="Feed URL (kind=feed); the career site URL (kind=workday)",
    )
    base_url: str | None = Field(
        default=None,
        max_length=2000,
        description="Replaces the provider's scheme and host (proxies, local test servers)",
    )
    company: str | None = Field(
        default=None, max_length=300, description="Company name when the source does not say"
    )
    interval_minutes: float | None = Field(
        default=None, gt=0, description="Run on this interval; None runs only on demand"
    )
    filters: SourceFilters = Field(default_factory=SourceFilters)
    options: dict[str, Any] = Field(
        default_factory=dict,
        description="Kind-specific options (jobspy: search_term…; workday: search_text; "
        "smartrecruiters: query, country; personio: language, tld)",
    )
    enabled: bool = True

    @model_validator(mode="after")
    def _what_to_read(self) -> SourceSpec:
        if self.kind in BOARD_KINDS and not self.board:
            raise ValueError(f"a {self.kind} source needs 'board' (the company's board name)")
        if self.kind is SourceKind.WORKDAY and not self.url:
            raise ValueError(
                "a workday source needs 'url' (the career site, e.g. "
                "https://acme.wd5.myworkdayjobs.com/en-US/External)"
            )
        if self.kind is SourceKind.FEED and not self.url:
            raise ValueError("a feed source needs 'url' (the RSS or Atom feed address)")
        if self.kind is SourceKind.JOBSPY and not self.options.get("search_term"):
            raise ValueError("a jobspy source needs options.search_term")
        return self


class SourceOrigin(StrEnum):
    CONFIG = "config"
    API = "api"


class DefineSource(Event):
    """Create or replace a source (the gateway sends this for `POST /api/sources`)."""

    subject: ClassVar[str] = s.CMD_SOURCE_DEFINE
    source: SourceSpec
    origin: SourceOrigin = SourceOrigin.API


class SourceUpdated(Event):
    """A source as ingestion now holds it."""

    subject: ClassVar[str] = s.SOURCE_UPDATED
    source: SourceSpec
    origin: SourceOrigin


class IngestFile(Event):
    """Ingest an uploaded file (txt, md, html, pdf, docx), base64-encoded."""

    subject: ClassVar[str] = s.CMD_INGEST_FILE
    filename: str = Field(min_length=1, max_length=255)
    content_base64: str = Field(max_length=MAX_FILE_BASE64)
    title: str | None = Field(default=None, max_length=300)
    company: str | None = Field(default=None, max_length=300)


class RunTrigger(StrEnum):
    MANUAL = "manual"
    SCHEDULE = "schedule"


class RunStatus(StrEnum):
    OK = "ok"  # no errors
    PARTIAL = "partial"  # some postings or pages failed, the rest went through
    FAILED = "failed"  # nothing could be read from the source


class RunError(Model):
    url: str | None = Field(default=None, description="What was being read when it failed")
    message: str = Field(description="What went wrong, in words a person can act on")


class IngestRunRecord(Model):
    run_id: str
    source: str
    kind: SourceKind | None = None
    trigger: RunTrigger = RunTrigger.MANUAL
    status: RunStatus
    started_at: AwareDatetime
    finished_at: AwareDatetime
    duration_seconds: float
    fetched: int = Field(description="Postings the source returned")
    filtered: int = Field(default=0, description="Postings dropped by the source's filters")
    new: int = Field(description="New jobs announced")
    updated: int = Field(default=0, description="Known jobs whose posting changed")
    duplicates: int = Field(
        description="Postings already known (earlier run, or the same job via another source)"
    )
    errors: list[RunError] = Field(default_factory=list, max_length=MAX_RUN_ERRORS)
    errors_total: int = Field(default=0, description="All errors, also those not listed")
    unchanged_source: bool = Field(
        default=False, description="The source answered 304 Not Modified"
    )


class IngestRunFinished(Event):
    subject: ClassVar[str] = s.INGEST_RUN_FINISHED
    run: IngestRunRecord


INGEST_EVENT_TYPES: tuple[type[Event], ...] = (
    DefineSource,
    IngestFile,
    SourceUpdated,
    IngestRunFinished,
)
