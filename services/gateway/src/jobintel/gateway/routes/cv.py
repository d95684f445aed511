"""Download a generated CV from the JetStream object store (shared by every replica)."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, status
from fastapi.responses import Response
from nats.js.errors import NotFoundError, ObjectNotFoundError

from jobintel.contracts import CONTENT_TYPES, CvFormat, streams

from ..deps import JetStream, Store
from ..security import require_token
from .common import load_job

router = APIRouter(prefix="/api", tags=["cv"], dependencies=[Depends(require_token)])


def filename(
    title: str | None, company: str | None, fmt: CvFormat, template: str | None = None
) -> str:
    stem = "-".join(p for p in ("cv", company, title, template) if p)
    stem = re.sub(r"[^A-Za-z0-9]+", "-", stem).strip("-").lower()[:80] or "cv"
    return f"{stem}.{fmt.value}"


@router.get(
    "/jobs/{job_id}/cv",
    name="download_cv",
    responses={
        200: {"content": {ct: {} for ct in CONTENT_TYPES.values()}},
        404: {"description": "No CV in that format yet"},
    },
)
async def download_cv(
    job_id: str,
    store: Store,
    js: JetStream,
    format: Annotated[
        CvFormat, Query(description="md, html, pdf, docx or json")
    ] = CvFormat.MARKDOWN,
    template: Annotated[
        str | None, Query(max_length=100, description="Layout, when a format has several")
    ] = None,
) -> Response:
    """The tailored CV of the job in one format (and layout), as a file."""
    view = await load_job(store, job_id)
    if view.cv is None:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND,
            detail=f"no CV for job {job_id} yet (status: {view.status.value}); "
            f"follow its progress at /api/jobs/{job_id}/events",
        )
    file = next(
        (
            f
            for f in view.cv.files
            if f.format is format and (template is None or f.template == template)
        ),
        None,
    )
    if file is None:
        ready = (
            ", ".join(
                f.format.value + (f"/{f.template}" if f.template else "") for f in view.cv.files
            )
            or "none"
        )
        wanted = format.value + (f"/{template}" if template else "")
        raise HTTPException(
            status.HTTP_404_NOT_FOUND,
            detail=f"the CV of job {job_id} has no {wanted} file (available: {ready})",
        )
    try:
        bucket = await js.object_store(streams.CV_FILES_BUCKET)
        result = await bucket.get(file.object_name)
    except (NotFoundError, ObjectNotFoundError) as exc:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND,
            detail=f"the {format.value} file of job {job_id} is gone from the "
            f"object store ({file.object_name}); regenerate the CV",
        ) from exc
    name = filename(view.title, view.company, format, file.template)
    return Response(
        content=result.data or b"",
        media_type=CONTENT_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
