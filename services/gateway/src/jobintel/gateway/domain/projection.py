"""The job read model, projected from events.

The projection is a pure function `apply(view, event) -> view | None` (None: nothing changed).
It is idempotent and order-tolerant because each part of the view keeps only its newest value
(by version where the event has one, else by time) and the status is *derived* from those
parts rather than moved step by step: a redelivered or late older event cannot move the
status backwards, and `jd.structured` version N+1 after a CV for version N rightly does.

Idempotency does not rest on remembering event ids: the history keeps the newest
`HISTORY_LIMIT` records by (time, event id), so an event too old to be kept falls off again
when re-applied, and every other part only moves to a newer value. Applying any event twice,
in any order, gives the same view; an event that changes nothing visible returns None.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field, field_serializer

from jobintel.contracts import (
    Annotation,
    AnnotationUpdated,
    AtsReport,
    CompanyProfile,
    CompanyResearched,
    CoverLetter,
    CvFile,
    CvGenerated,
    Event,
    FailureKind,
    GroundingReport,
    IngestPosting,
    IngestUrl,
    JdStructured,
    JobDiscarded,
    JobIngested,
    MasterProfile,
    PipelineFailed,
    Posting,
    ProfileUpdated,
    StructuredJD,
    TailoredCV,
)

HISTORY_LIMIT = 300


class JobStatus(StrEnum):
    QUEUED = "queued"
    INGESTED = "ingested"
    STRUCTURED = "structured"
    RESEARCHED = "researched"
    CV_READY = "cv_ready"
    FAILED = "failed"
    DISCARDED = "discarded"


class StageRecord(BaseModel):
    """Which service produced what, and when: one line of a job's history."""

    stage: str
    subject: str
    producer: str
    event_id: str
    at: datetime
    detail: str | None = None


class JobRequest(BaseModel):
    """What the user asked for, as the gateway queued it."""

    kind: str = Field(description="text, html, data or url")
    title: str | None = None
    company: str | None = None
    url: str | None = None
    source: str | None = None
    at: datetime


class Failure(BaseModel):
    stage: str
    kind: FailureKind
    reason: str
    failed_subject: str
    attempts: int
    dead_lettered: bool
    at: datetime


class Discard(BaseModel):
    reason: str | None = None
    at: datetime


class CvRecord(BaseModel):
    cv: TailoredCV
    ats: AtsReport
    grounding: GroundingReport
    files: list[CvFile]
    jd_version: int
    profile_version: int
    method: str
    at: datetime
    cover_letter: CoverLetter | None = Field(
        default=None, description="The job's cover letter and its grounding report"
    )


class JobView(BaseModel):
    """Everything the gateway knows about one job, stored under its job id."""

    job_id: str
    status: JobStatus = JobStatus.QUEUED
    title: str | None = None
    company: str | None = None
    company_key: str | None = Field(default=None, description="Lower-cased company, for filters")
    created_at: datetime
    updated_at: datetime
    request: JobRequest | None = None
    posting: Posting | None = None
    posting_at: datetime | None = None
    duplicate_of: str | None = None
    jd: StructuredJD | None = None
    jd_at: datetime | None = None
    company_profile: CompanyProfile | None = None
    company_jd_version: int | None = None
    company_at: datetime | None = None
    cv: CvRecord | None = None
    annotations: list[Annotation] = Field(default_factory=list)
    annotations_at: datetime | None = None
    failure: Failure | None = None
    discarded: Discard | None = None
    stages: dict[str, StageRecord] = Field(
        default_factory=dict, description="The newest record per subject"
    )
    history: list[StageRecord] = Field(default_factory=list)

    @field_serializer("created_at", "updated_at")
    def _sortable(self, value: datetime) -> str:
        """Fixed-width UTC text, so the store sorts these fields in time order."""
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    @property
    def description_text(self) -> str | None:
        """The text annotations point into: the structured JD's, else the posting's."""
        source = self.jd or self.posting
        text: str | None = source.description_text if source is not None else None
        return text


def _newer(at: datetime, than: datetime | None) -> bool:
    return than is None or at > than


def derive_status(view: JobView) -> JobStatus:
    """The status follows from what is known, never from the order events came in."""
    if view.discarded is not None:
        return JobStatus.DISCARDED
    successes = [
        t
        for t in (view.posting_at, view.jd_at, view.company_at, view.cv.at if view.cv else None)
        if t is not None
    ]
    if view.failure is not None and (not successes or view.failure.at >= max(successes)):
        return JobStatus.FAILED
    jd_version = view.jd.version if view.jd is not None else None
    if view.cv is not None and (jd_version is None or view.cv.jd_version >= jd_version):
        return JobStatus.CV_READY
    if view.company_profile is not None and (
        jd_version is None or (view.company_jd_version or 0) >= jd_version
    ):
        return JobStatus.RESEARCHED
    if view.jd is not None:
        return JobStatus.STRUCTURED
    if view.posting is not None:
        return JobStatus.INGESTED
    return JobStatus.QUEUED


def _record(event: Event, stage: str, detail: str | None = None) -> StageRecord:
    return StageRecord(
        stage=stage,
        subject=event.subject,
        producer=event.producer,
        event_id=str(event.event_id),
        at=event.occurred_at,
        detail=detail,
    )


def _apply_parts(view: JobView, event: Event) -> StageRecord:
    """Fold one event into the view's parts; returns its history record."""
    at = event.occurred_at
    if isinstance(event, IngestPosting | IngestUrl):
        if view.request is None or at < view.request.at:  # the first request names the job
            if isinstance(event, IngestUrl):
                view.request = JobRequest(kind="url", url=event.url, source="url", at=at)
            else:
                kind = "text" if event.text is not None else "html" if event.html else "data"
                view.request = JobRequest(
                    kind=kind,
                    title=event.title,
                    company=event.company,
                    url=event.url,
                    source=event.source,
                    at=at,
                )
        return _record(event, "queued", view.request.url or view.request.title)
    if isinstance(event, JobIngested):
        if _newer(at, view.posting_at):
            view.posting, view.posting_at = event.posting, at
            view.duplicate_of = event.duplicate_of
        return _record(event, "ingested", event.posting.title)
    if isinstance(event, JdStructured):
        if view.jd is None or (event.jd.version, at) > (view.jd.version, view.jd_at or at):
            view.jd, view.jd_at = event.jd, at
            if view.posting_at is None:  # until job.ingested itself arrives
                view.posting = event.posting
        return _record(event, "structured", f"version {event.jd.version} ({event.jd.method})")
    if isinstance(event, CompanyResearched):
        if view.company_profile is None or (event.jd.version, at) > (
            view.company_jd_version or 0,
            view.company_at or at,
        ):
            view.company_profile, view.company_jd_version = event.company, event.jd.version
            view.company_at = at
        return _record(event, "researched", event.company.name)
    if isinstance(event, CvGenerated):
        if view.cv is None or (event.jd_version, at) > (view.cv.jd_version, view.cv.at):
            view.cv = CvRecord(
                cv=event.cv,
                ats=event.ats,
                grounding=event.grounding,
                files=event.files,
                jd_version=event.jd_version,
                profile_version=event.profile_version,
                method=event.method,
                at=at,
                cover_letter=event.cover_letter,
            )
        return _record(event, "cv_generated", f"for JD version {event.jd_version}")
    if isinstance(event, AnnotationUpdated):
        if _newer(at, view.annotations_at):
            view.annotations, view.annotations_at = list(event.annotations), at
        return _record(event, "annotated", f"{len(event.annotations)} annotations")
    if isinstance(event, JobDiscarded):
        if view.discarded is None or at > view.discarded.at:
            view.discarded = Discard(reason=event.reason, at=at)
        return _record(event, "discarded", event.reason)
    if isinstance(event, PipelineFailed):
        if view.failure is None or at > view.failure.at:
            view.failure = Failure(
                stage=event.stage,
                kind=event.kind,
                reason=event.reason,
                failed_subject=event.failed_subject,
                attempts=event.attempts,
                dead_lettered=event.dead_lettered,
                at=at,
            )
        return _record(event, "failed", event.reason)
    raise TypeError(f"the job view does not project {type(event).__name__}")


def apply(view: JobView | None, event: Event) -> JobView | None:
    """The view after `event`, or None when the event was already applied."""
    if event.job_id is None:
        return None
    if view is None:
        view = JobView(
            job_id=event.job_id, created_at=event.occurred_at, updated_at=event.occurred_at
        )
    elif any(r.event_id == str(event.event_id) for r in view.history):
        return None
    else:
        before = view
        view = view.model_copy(deep=True)
        updated = _fold(view, event)
        return None if updated == before else updated
    return _fold(view, event)


def _order(record: StageRecord) -> tuple[datetime, str]:
    """Time, then event id: a total order, so ties come out the same in any arrival order."""
    return record.at, record.event_id


def _fold(view: JobView, event: Event) -> JobView:
    record = _apply_parts(view, event)
    view.history.append(record)
    view.history.sort(key=_order)
    del view.history[:-HISTORY_LIMIT]
    current = view.stages.get(record.subject)
    if current is None or _order(record) >= _order(current):
        view.stages[record.subject] = record
    view.created_at = min(view.created_at, event.occurred_at)
    view.updated_at = max(view.updated_at, event.occurred_at)
    view.title = _title(view)
    view.company = _company(view)
    view.company_key = view.company.casefold() if view.company else None
    view.status = derive_status(view)
    return view


def _title(view: JobView) -> str | None:
    value: str | None
    for value in (
        view.jd.title if view.jd else None,
        view.posting.title if view.posting else None,
        view.request.title if view.request else None,
    ):
        if value:
            return value
    return None


def _company(view: JobView) -> str | None:
    value: str | None
    for value in (
        view.posting.company if view.posting else None,
        view.company_profile.name if view.company_profile else None,
        view.jd.company if view.jd else None,
        view.request.company if view.request else None,
    ):
        if value:
            return value
    return None


def apply_profile(current: MasterProfile | None, event: ProfileUpdated) -> MasterProfile | None:
    """The stored profile after `event`, or None when it is not newer."""
    if current is not None and event.profile.version <= current.version:
        return None
    return event.profile


def dump(view: BaseModel) -> dict[str, Any]:
    return view.model_dump(mode="json")
