"""Request and response bodies of the public API (they are the OpenAPI document)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from jobintel.contracts import AnnotationType, Persona, StructuredJD
from jobintel.contracts.events import MAX_TEXT

from .domain.projection import JobStatus, JobView

MAX_BODY_BYTES = 2_000_000  # every request body, whatever the route
MAX_BULK = 500
MAX_OFFSET = 1_000_000  # far beyond any list; keeps SQLite's 64-bit OFFSET from overflowing
MAX_SEQ = 2**63 - 1  # JetStream sequences are 64-bit; larger ones are no message at all


def refuse_lone_surrogates(value: Any, path: str = "body") -> None:
    """Raise ValueError naming where a string holds half of a UTF-16 pair (`"\\ud800"`).

    JSON allows the escape, but such a string cannot be encoded as UTF-8, so it would fail
    later, in the publisher or the store, as a server error instead of a clear 422.
    """
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ValueError(
                f"{path}: invalid Unicode (a lone surrogate at character {exc.start}); "
                "send valid UTF-8 text"
            ) from None
    elif isinstance(value, dict):
        for key, item in value.items():
            refuse_lone_surrogates(key, path)
            refuse_lone_surrogates(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            refuse_lone_surrogates(item, f"{path}[{index}]")


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _valid_unicode(cls, data: Any) -> Any:
        refuse_lone_surrogates(data)
        return data


class JobCreate(Input):
    """A posting to ingest: exactly one of `text`, `html`, `data` or `url`."""

    text: str | None = Field(default=None, min_length=1, max_length=MAX_TEXT)
    html: str | None = Field(default=None, min_length=1, max_length=MAX_TEXT)
    data: dict[str, Any] | None = Field(default=None, description="A posting as a JSON object")
    url: str | None = Field(default=None, max_length=2000, pattern=r"^https?://\S+$")
    title: str | None = Field(default=None, max_length=300)
    company: str | None = Field(default=None, max_length=300)

    @model_validator(mode="after")
    def _one_body(self) -> JobCreate:
        given = [n for n in ("text", "html", "data") if getattr(self, n) is not None]
        if len(given) > 1:
            raise ValueError(f"give only one of text, html, data or url (got {', '.join(given)})")
        if not given and self.url is None:
            raise ValueError("give one of text, html, data or url")
        return self


class JobAccepted(BaseModel):
    job_id: str
    status_url: str
    events_url: str


class JobSummary(BaseModel):
    job_id: str
    status: JobStatus
    title: str | None
    company: str | None
    created_at: datetime
    updated_at: datetime
    failure_reason: str | None = None
    ats_score: float | None = None


class JobList(BaseModel):
    items: list[JobSummary]
    total: int
    limit: int
    offset: int


class SectionCoverageOut(BaseModel):
    kind: str
    heading: str | None
    annotated: bool
    annotations: int
    requirements: int = 0
    requirements_annotated: int = 0


class CoverageOut(BaseModel):
    """Which sections hold annotations, and what share of the requirements are annotated.

    Derived from the structured JD's own `coverage` (the annotation service computes it when
    it applies annotations), so there is one account of it.
    """

    sections: list[SectionCoverageOut]
    requirements_total: int
    requirements_annotated: int
    share: float

    @classmethod
    def of(cls, jd: StructuredJD | None) -> CoverageOut | None:
        if jd is None:
            return None
        cov = jd.coverage
        return cls(
            sections=[
                SectionCoverageOut(
                    kind=s.kind.value,
                    heading=s.heading,
                    annotated=s.annotations > 0,
                    annotations=s.annotations,
                    requirements=s.requirements,
                    requirements_annotated=s.requirements_annotated,
                )
                for s in cov.sections
            ],
            requirements_total=cov.requirements,
            requirements_annotated=cov.requirements_annotated,
            share=round(cov.share, 3),
        )


class JobDetail(JobView):
    """The job's view plus what a client needs next."""

    coverage: CoverageOut | None = None
    cv_formats: list[str] = Field(default_factory=list, description="Formats ready to download")
    links: dict[str, str] = Field(default_factory=dict)


class RenamedField(BaseModel):
    """An older JSON Resume field name, read as the current one."""

    model_config = ConfigDict(populate_by_name=True)

    from_: str = Field(alias="from", examples=["work[0].company"])
    to: str = Field(examples=["work[0].name"])


class NormalisedField(BaseModel):
    """A value written the way the schema wants it (a date, a number as text, an empty value)."""

    field: str = Field(examples=["work[0].endDate"])
    was: Any = Field(examples=["Present"])
    now: Any = Field(examples=[None])
    note: str = Field(examples=["read as ongoing: the end date is left out"])


class IgnoredField(BaseModel):
    field: str
    reason: str


class ProfileAccepted(BaseModel):
    """The master CV was accepted; what was changed on the way is listed, nothing silently."""

    profile_id: str
    version: int
    mapped: list[RenamedField] = Field(
        default_factory=list, description="Older field names read as the current ones"
    )
    normalised: list[NormalisedField] = Field(
        default_factory=list, description="Values rewritten to the schema's form"
    )
    ignored: list[IgnoredField] = Field(
        default_factory=list, description="Fields kept in the document but not used"
    )
    unknown_kept: list[str] = Field(
        default_factory=list,
        description="Fields the schema does not define: kept as written, not used for CVs",
    )
    persona_saved: bool = Field(
        default=False, description="True when the deprecated envelope carried a persona"
    )
    deprecated: str | None = None


class FieldProblem(BaseModel):
    loc: list[str | int]
    field: str = Field(examples=["work[1].startDate"])
    msg: str = Field(examples=['"Spring 2019" is not a date this schema can hold'])
    fix: str = Field(examples=['write a year, a month or a day: "2019", "2019-04" or "2019-04-01"'])


class ProfileRejected(BaseModel):
    """Why the document was not saved: each field that needs fixing, and how (no echo)."""

    message: str
    detail: list[FieldProblem]


class CvDraftOut(BaseModel):
    """A draft JSON Resume read from a CV file: review it, then PUT it to /api/profile."""

    format: str = Field(description="How the file was read: pdf, docx or markdown")
    draft: dict[str, Any] = Field(description="The draft JSON Resume document")
    unsure: list[str] = Field(
        description="JSON paths of the fields that were guessed: check these first",
        examples=[["work[0].name", "basics.label"]],
    )
    notes: list[str] = Field(description="What the reader noticed, and how it read the file")


class PersonaIn(Persona):
    model_config = ConfigDict(extra="forbid")


class PersonaAccepted(BaseModel):
    profile_id: str
    persona: Persona
    version: int | None = Field(
        description="The profile version published with it; null until a master CV is saved"
    )
    notes: list[str] = Field(default_factory=list)


class JobIds(Input):
    job_ids: list[str] = Field(min_length=1, max_length=MAX_BULK)


class DiscardRequest(JobIds):
    reason: str | None = Field(default=None, max_length=1000)


class RegenerateRequest(JobIds):
    stage: Literal["structure", "research", "cv"]


class BulkAccepted(BaseModel):
    accepted: list[str] = Field(description="Jobs a command was published for")
    unknown: list[str] = Field(description="Job ids the gateway has never seen")


class AnnotationIn(Input):
    type: AnnotationType
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    quote: str = Field(min_length=1, max_length=5000)
    relevance: int = Field(default=3, ge=1, le=5)
    note: str | None = Field(default=None, max_length=5000)


class AnnotationPatch(Input):
    type: AnnotationType | None = None
    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, ge=0)
    quote: str | None = Field(default=None, min_length=1, max_length=5000)
    relevance: int | None = Field(default=None, ge=1, le=5)
    note: str | None = Field(default=None, max_length=5000)


class BulkAnnotationJob(Input):
    job_id: str
    upserts: list[AnnotationIn] = Field(default_factory=list, max_length=MAX_BULK)
    deletes: list[str] = Field(default_factory=list, max_length=MAX_BULK)


class BulkAnnotations(Input):
    jobs: list[BulkAnnotationJob] = Field(min_length=1, max_length=MAX_BULK)


class AnnotationsAccepted(BaseModel):
    job_id: str
    annotation_ids: list[str] = Field(description="Ids of the annotations created or changed")
    deleted: list[str] = Field(default_factory=list)


class DeadLetterOut(BaseModel):
    seq: int
    subject: str
    original_subject: str
    consumer: str
    reason: str
    attempts: int
    job_id: str | None
    received_at: datetime | None
    original_data: str = Field(description="The start of the original message")
    truncated: bool = Field(default=False, description="Whether the message is longer than shown")
    replayed_at: datetime | None = None
    replay_msg_id: str | None = Field(
        default=None, description="Event id the last replay went out as (its outcome is on the job)"
    )


class ReplayAccepted(BaseModel):
    seq: int
    subject: str
    msg_id: str


class Health(BaseModel):
    status: str


class Readiness(BaseModel):
    ready: bool
    nats_connected: bool
    missing: list[str] = Field(description="Services with no recent heartbeat")
