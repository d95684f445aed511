"""The user's annotations on a job's description, sent as `cmd.annotation.apply`.

Reads come from the read model (`annotation.updated` carries the full set); writes are
checked against the description first, so a bad span is a 422 here, not a failure later.
"""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, HTTPException, status

from jobintel.contracts import Annotation, ApplyAnnotations, utcnow

from .. import SERVICE
from ..commands import send
from ..deps import Publisher, Store
from ..domain.annotations import span_error
from ..domain.projection import JobView
from ..schemas import AnnotationIn, AnnotationPatch, AnnotationsAccepted, BulkAnnotations
from ..security import require_token
from .common import load_job

router = APIRouter(prefix="/api", tags=["annotations"], dependencies=[Depends(require_token)])
QUEUED = "annotations changed: the description and CV follow"


def new_annotation(view: JobView, body: AnnotationIn, where: str = "body") -> Annotation:
    _check(view, body.start, body.end, body.quote, where)
    return Annotation(annotation_id=uuid.uuid4().hex, **body.model_dump())


def _check(view: JobView, start: int, end: int, quote: str, where: str) -> None:
    problem = span_error(view.description_text, start, end, quote)
    if problem is not None:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            detail=[{"loc": [where, "quote"], "msg": problem, "type": "value_error"}],
        )


def _find(view: JobView, annotation_id: str) -> Annotation:
    for annotation in view.annotations:
        if annotation.annotation_id == annotation_id:
            return annotation
    raise HTTPException(
        status.HTTP_404_NOT_FOUND, detail=f"job {view.job_id} has no annotation {annotation_id!r}"
    )


@router.get("/jobs/{job_id}/annotations", response_model=list[Annotation], name="list_annotations")
async def list_annotations(job_id: str, store: Store) -> list[Annotation]:
    """The job's current annotations, in description order."""
    view = await load_job(store, job_id)
    return sorted(view.annotations, key=lambda a: (a.start, a.end))


@router.post(
    "/jobs/{job_id}/annotations",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=AnnotationsAccepted,
)
async def create_annotation(
    job_id: str, body: AnnotationIn, store: Store, publisher: Publisher
) -> AnnotationsAccepted:
    view = await load_job(store, job_id)
    annotation = new_annotation(view, body)
    await send(
        publisher,
        [ApplyAnnotations(job_id=job_id, producer=SERVICE, upserts=[annotation])],
        queued=QUEUED,
    )
    return AnnotationsAccepted(job_id=job_id, annotation_ids=[annotation.annotation_id])


@router.patch(
    "/jobs/{job_id}/annotations/{annotation_id}",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=AnnotationsAccepted,
)
async def update_annotation(
    job_id: str, annotation_id: str, body: AnnotationPatch, store: Store, publisher: Publisher
) -> AnnotationsAccepted:
    view = await load_job(store, job_id)
    current = _find(view, annotation_id)
    changes = body.model_dump(exclude_unset=True)
    updated = current.model_copy(update={**changes, "updated_at": utcnow()})
    updated = Annotation.model_validate(updated.model_dump())
    if {"start", "end", "quote"} & changes.keys():
        _check(view, updated.start, updated.end, updated.quote, "body")
    await send(
        publisher,
        [ApplyAnnotations(job_id=job_id, producer=SERVICE, upserts=[updated])],
        queued=QUEUED,
    )
    return AnnotationsAccepted(job_id=job_id, annotation_ids=[annotation_id])


@router.delete(
    "/jobs/{job_id}/annotations/{annotation_id}",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=AnnotationsAccepted,
)
async def delete_annotation(
    job_id: str, annotation_id: str, store: Store, publisher: Publisher
) -> AnnotationsAccepted:
    view = await load_job(store, job_id)
    _find(view, annotation_id)
    await send(
        publisher,
        [ApplyAnnotations(job_id=job_id, producer=SERVICE, deletes=[annotation_id])],
        queued=QUEUED,
    )
    return AnnotationsAccepted(job_id=job_id, annotation_ids=[], deleted=[annotation_id])


@router.post(
    "/annotations/bulk",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=list[AnnotationsAccepted],
)
async def bulk_annotations(
    body: BulkAnnotations, store: Store, publisher: Publisher
) -> list[AnnotationsAccepted]:
    """Annotate many jobs at once: every item is checked first, then one command per job."""
    commands: list[ApplyAnnotations] = []
    for i, item in enumerate(body.jobs):
        view = await load_job(store, item.job_id)
        upserts = [
            new_annotation(view, a, where=f"jobs[{i}].upserts[{j}]")
            for j, a in enumerate(item.upserts)
        ]
        known = {a.annotation_id for a in view.annotations}
        unknown = [d for d in item.deletes if d not in known]
        if unknown:
            raise HTTPException(
                status.HTTP_404_NOT_FOUND, detail=f"job {item.job_id} has no annotations {unknown}"
            )
        commands.append(
            ApplyAnnotations(
                job_id=item.job_id, producer=SERVICE, upserts=upserts, deletes=item.deletes
            )
        )
    await send(publisher, commands, queued=QUEUED)
    return [
        AnnotationsAccepted(
            job_id=c.job_id or "",
            annotation_ids=[a.annotation_id for a in c.upserts],
            deleted=c.deletes,
        )
        for c in commands
    ]
