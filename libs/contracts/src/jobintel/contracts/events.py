"""Every fact, command and progress event. A subject has exactly one model."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, ClassVar

from pydantic import Field, model_validator

from . import subjects as s
from .annotations import Annotation
from .base import Event, Model
from .company import CompanyProfile
from .cv import AtsReport, CvFile, GroundingReport, ScoreBreakdown, TailoredCV
from .ingest import INGEST_EVENT_TYPES
from .jd import StructuredJD
from .letter import CoverLetter
from .posting import Posting
from .profile import MasterProfile

MAX_TEXT = 100_000  # characters of a pasted posting (its jd.structured event must fit NATS)


# ---------------------------------------------------------------- commands


class IngestPosting(Event):
    """Ingest a posting given as text, HTML or a JSON object (pasted or uploaded)."""

    subject: ClassVar[str] = s.CMD_INGEST_POSTING

    text: str | None = Field(default=None, max_length=MAX_TEXT)
    html: str | None = Field(default=None, max_length=MAX_TEXT)
    data: dict[str, Any] | None = Field(default=None, description="A posting as a JSON object")
    title: str | None = Field(default=None, max_length=300)
    company: str | None = Field(default=None, max_length=300)
    url: str | None = Field(default=None, max_length=2000)
    source: str = "paste"

    @model_validator(mode="after")
    def _one_body(self) -> IngestPosting:
        if sum(x is not None for x in (self.text, self.html, self.data)) != 1:
            raise ValueError("give exactly one of text, html or data")
        return self


class IngestUrl(Event):
    subject: ClassVar[str] = s.CMD_INGEST_URL
    url: str = Field(max_length=2000)


class IngestRun(Event):
    subject: ClassVar[str] = s.CMD_INGEST_RUN
    source: str
    run_id: str


class StructureJob(Event):
    """Structure the job's description again (e.g. after the taxonomy changed)."""

    subject: ClassVar[str] = s.CMD_STRUCTURE


class ResearchCompany(Event):
    subject: ClassVar[str] = s.CMD_RESEARCH
    force_refresh: bool = False


class GenerateCv(Event):
    subject: ClassVar[str] = s.CMD_CV_GENERATE


class ApplyAnnotations(Event):
    """Create/replace and delete the user's annotations on one job (bulk: one per job)."""

    subject: ClassVar[str] = s.CMD_ANNOTATION_APPLY
    upserts: list[Annotation] = Field(default_factory=list, max_length=500)
    deletes: list[str] = Field(default_factory=list, max_length=500)


# ---------------------------------------------------------------- facts


class JobIngested(Event):
    subject: ClassVar[str] = s.JOB_INGESTED
    posting: Posting
    duplicate_of: str | None = Field(
        default=None, description="Job id of the same posting seen through another source"
    )


class JobDiscarded(Event):
    """The user set the job aside; the gateway publishes it, as the user's decision."""

    subject: ClassVar[str] = s.JOB_DISCARDED
    reason: str | None = Field(default=None, max_length=1000)


class JdStructured(Event):
    """A new version of the job's structured description; carries the posting for research."""

    subject: ClassVar[str] = s.JD_STRUCTURED
    jd: StructuredJD
    posting: Posting


class AnnotationUpdated(Event):
    """The user's annotations on a job changed; carries the full current set."""

    subject: ClassVar[str] = s.ANNOTATION_UPDATED
    annotations: list[Annotation]


class CompanyResearched(Event):
    """The company profile for a job; carries the structured JD on to CV generation."""

    subject: ClassVar[str] = s.COMPANY_RESEARCHED
    company: CompanyProfile
    jd: StructuredJD


class CvGenerated(Event):
    subject: ClassVar[str] = s.CV_GENERATED
    cv: TailoredCV
    ats: AtsReport
    grounding: GroundingReport
    files: list[CvFile]
    jd_version: int
    profile_version: int
    scores: list[ScoreBreakdown] = Field(default_factory=list)
    method: str = "offline"
    cover_letter: CoverLetter | None = Field(
        default=None, description="The job's cover letter; None in events from before letters"
    )


class ProfileUpdated(Event):
    subject: ClassVar[str] = s.PROFILE_UPDATED
    profile: MasterProfile


class FailureKind(StrEnum):
    INVALID_INPUT = "invalid_input"  # the message or its content can never succeed
    UNSUPPORTED = "unsupported"  # e.g. a page with no job on it
    EXHAUSTED = "exhausted"  # a transient error outlived every retry
    NOT_READY = "not_ready"  # a prerequisite (e.g. the master CV) is missing
    OVER_BUDGET = "over_budget"  # the work took longer than its time budget


class PipelineFailed(Event):
    subject: ClassVar[str] = s.PIPELINE_FAILED
    stage: str
    kind: FailureKind
    reason: str = Field(description="A message a person can act on")
    failed_subject: str
    failed_event_id: str | None = None
    attempts: int = 1
    dead_lettered: bool = False


# ---------------------------------------------------------------- progress and presence


class ProgressState(StrEnum):
    QUEUED = "queued"
    STARTED = "started"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    RETRYING = "retrying"


class Progress(Event):
    subject: ClassVar[str] = s.PROGRESS_PREFIX
    stream: ClassVar[str] = "PROGRESS"

    stage: str
    state: ProgressState
    percent: int = Field(ge=0, le=100)
    message: str = ""
    final: bool = Field(default=False, description="The job has nothing more in flight")

    def publish_subject(self) -> str:
        assert self.job_id is not None, "progress belongs to a job"
        return s.progress_subject(self.job_id)


class Heartbeat(Model):
    """A service instance says it is alive (core NATS, not stored)."""

    service: str
    instance: str
    started_at: str
    consumers: list[str] = Field(default_factory=list)


DEAD_LETTER_EXCERPT = 64_000  # characters of the original kept in the letter itself


class DeadLetter(Model):
    """A message that could not be processed, kept to be seen and replayed.

    It carries at most `DEAD_LETTER_EXCERPT` characters of the original and where the whole
    one is kept (its stream and sequence), so a letter about a message too large for NATS can
    itself always be published; replay reads the original from its stream.
    """

    original_subject: str
    original_data: str = Field(description="The original message, or its start when truncated")
    original_stream: str | None = None
    original_sequence: int | None = None
    truncated: bool = False
    headers: dict[str, str] = Field(default_factory=dict)
    consumer: str
    reason: str
    attempts: int
    job_id: str | None = None


EVENT_TYPES: tuple[type[Event], ...] = (
    IngestPosting,
    IngestUrl,
    IngestRun,
    StructureJob,
    ResearchCompany,
    GenerateCv,
    ApplyAnnotations,
    JobIngested,
    JobDiscarded,
    JdStructured,
    AnnotationUpdated,
    CompanyResearched,
    CvGenerated,
    ProfileUpdated,
    PipelineFailed,
    Progress,
    *INGEST_EVENT_TYPES,
)
EVENT_BY_SUBJECT: dict[str, type[Event]] = {e.subject: e for e in EVENT_TYPES if e is not Progress}
