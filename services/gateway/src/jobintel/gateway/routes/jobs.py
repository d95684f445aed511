"""Submit postings, list and read jobs, and bulk actions (one command per job)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, status

from jobintel.contracts import (
    Event,
    GenerateCv,
    IngestPosting,
    IngestUrl,
    JobDiscarded,
    ResearchCompany,
    StructureJob,
)

from .. import SERVICE
from ..commands import send
from ..deps import Publisher, Store
from ..domain.projection import JobStatus, JobView
from ..idempotency import IdempotencyKey, command_id, job_id_for
from ..readmodel import get_job, list_jobs
from ..schemas import (
    MAX_OFFSET,
    BulkAccepted,
    CoverageOut,
    DiscardRequest,
    JobAccepted,
    JobCreate,
    JobDetail,
    JobList,
    JobSummary,
    RegenerateRequest,
)
from ..security import require_token
from .common import load_job

router = APIRouter(prefix="/api", tags=["jobs"], dependencies=[Depends(require_token)])

REGENERATE: dict[str, type[Event]] = {
    "structure": StructureJob,
    "research": ResearchCompany,
    "cv": GenerateCv,
}


def summary(view: JobView) -> JobSummary:
    return JobSummary(
        job_id=view.job_id,
        status=view.status,
        title=view.title,
        company=view.company,
        created_at=view.created_at,
        updated_at=view.updated_at,
        failure_reason=view.failure.reason
        if view.status is JobStatus.FAILED and view.failure
        else None,
        ats_score=view.cv.ats.score if view.cv else None,
    )


def detail(view: JobView, request: Request) -> JobDetail:
    formats = list(dict.fromkeys(f.format.value for f in view.cv.files)) if view.cv else []
    links = {
        "self": str(request.url_for("get_job", job_id=view.job_id)),
        "events": str(request.url_for("job_events", job_id=view.job_id)),
        "annotations": str(request.url_for("list_annotations", job_id=view.job_id)),
    }
    cv_url = request.url_for("download_cv", job_id=view.job_id)
    for file in view.cv.files if view.cv else []:
        fmt = file.format.value
        links.setdefault(f"cv_{fmt}", f"{cv_url}?format={fmt}")
        if file.template:
            links[f"cv_{fmt}_{file.template}"] = f"{cv_url}?format={fmt}&template={file.template}"
    if view.cv is not None:
        links["grounding"] = str(request.url_for("job_grounding", job_id=view.job_id))
    letter_url = request.url_for("download_cover_letter", job_id=view.job_id)
    letter = view.cv.cover_letter if view.cv else None
    for file in letter.files if letter else []:
        links.setdefault(
            f"cover_letter_{file.format.value}", f"{letter_url}?format={file.format.value}"
        )
    return JobDetail(
        **view.model_dump(), cv_formats=formats, links=links, coverage=CoverageOut.of(view.jd)
    )


@router.post("/jobs", status_code=status.HTTP_202_ACCEPTED, response_model=JobAccepted)
async def create_job(
    body: JobCreate,
    request: Request,
    publisher: Publisher,
    store: Store,
    idempotency_key: IdempotencyKey = None,
) -> JobAccepted:
    """Queue a posting for ingestion; follow it at `events_url`.

    With an `Idempotency-Key` header a retry of the same request answers with the same job
    id and creates no second job.
    """
    job_id = job_id_for(idempotency_key, request)
    command: Event
    if body.text is None and body.html is None and body.data is None:
        assert body.url is not None
        command = IngestUrl(
            job_id=job_id,
            producer=SERVICE,
            url=body.url,
            event_id=command_id(job_id, IngestUrl.subject, idempotency_key),
        )
    else:
        command = IngestPosting(
            event_id=command_id(job_id, IngestPosting.subject, idempotency_key),
            job_id=job_id,
            producer=SERVICE,
            text=body.text,
            html=body.html,
            data=body.data,
            title=body.title,
            company=body.company,
            url=body.url,
            source="json" if body.data is not None else "paste",
        )
    await send(publisher, [command], store=store, queued="queued for ingestion")
    return JobAccepted(
        job_id=job_id,
        status_url=str(request.url_for("get_job", job_id=job_id)),
        events_url=str(request.url_for("job_events", job_id=job_id)),
    )


@router.get("/jobs", response_model=JobList)
async def get_jobs(
    store: Store,
    status_: Annotated[JobStatus | None, Query(alias="status")] = None,
    company: Annotated[str | None, Query(max_length=300)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> JobList:
    """Jobs, most recently changed first, filtered by status and company (case-insensitive)."""
    views, total = await list_jobs(
        store,
        status=status_.value if status_ else None,
        company=company,
        limit=limit,
        offset=offset,
    )
    return JobList(items=[summary(v) for v in views], total=total, limit=limit, offset=offset)


@router.get("/jobs/{job_id}", response_model=JobDetail, name="get_job")
async def get_job_detail(job_id: str, request: Request, store: Store) -> JobDetail:
    """Everything known about a job, with which stage produced what."""
    return detail(await load_job(store, job_id), request)


async def _known(store: Store, job_ids: list[str]) -> tuple[list[str], list[str]]:
    known: list[str] = []
    unknown: list[str] = []
    for job_id in dict.fromkeys(job_ids):
        (known if await get_job(store, job_id) is not None else unknown).append(job_id)
    return known, unknown


@router.post("/jobs/discard", status_code=status.HTTP_202_ACCEPTED, response_model=BulkAccepted)
async def discard_jobs(body: DiscardRequest, publisher: Publisher, store: Store) -> BulkAccepted:
    """Set jobs aside (`job.discarded` per job)."""
    known, unknown = await _known(store, body.job_ids)
    await send(
        publisher,
        [JobDiscarded(job_id=j, producer=SERVICE, reason=body.reason) for j in known],
        store=store,
    )
    return BulkAccepted(accepted=known, unknown=unknown)


@router.post("/jobs/regenerate", status_code=status.HTTP_202_ACCEPTED, response_model=BulkAccepted)
async def regenerate_jobs(
    body: RegenerateRequest, publisher: Publisher, store: Store
) -> BulkAccepted:
    """Run a stage again for each job: structure, research or cv."""
    known, unknown = await _known(store, body.job_ids)
    command = REGENERATE[body.stage]
    await send(
        publisher,
        [command(job_id=j, producer=SERVICE) for j in known],
        queued=f"queued: {body.stage} again",
    )
    return BulkAccepted(accepted=known, unknown=unknown)
