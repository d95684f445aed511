"""Download a generated CV or cover letter from the JetStream object store (shared by every
replica), and read the grounding reports that justify them."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, status
from fastapi.responses import Response
from nats.js.errors import NotFoundError, ObjectNotFoundError
from pydantic import BaseModel, Field

from jobintel.contracts import CONTENT_TYPES, CvFile, CvFormat, GroundingReport, streams

from ..deps import JetStream, Store
from ..security import require_token
from .common import load_job

router = APIRouter(prefix="/api", tags=["cv"], dependencies=[Depends(require_token)])


def filename(
    title: str | None,
    company: str | None,
    fmt: CvFormat,
    template: str | None = None,
    *,
    kind: str = "cv",
) -> str:
    stem = "-".join(p for p in (kind, company, title, template) if p)
    stem = re.sub(r"[^A-Za-z0-9]+", "-", stem).strip("-").lower()[:80] or kind
    return f"{stem}.{fmt.value}"


class LetterFormat(StrEnum):
    MARKDOWN = "md"
    DOCX = "docx"
    PDF = "pdf"


class GroundingOut(BaseModel):
    """What a recruiter could audit: per output sentence, where it comes from and the verdict."""

    job_id: str
    jd_version: int
    profile_version: int
    cv: GroundingReport = Field(description="One item per CV bullet and header line")
    cover_letter: GroundingReport | None = Field(
        default=None, description="One item per sentence the letter could have held"
    )


async def _file_response(js: JetStream, file: CvFile, name: str, job_id: str) -> Response:
    try:
        bucket = await js.object_store(streams.CV_FILES_BUCKET)
        result = await bucket.get(file.object_name)
    except (NotFoundError, ObjectNotFoundError) as exc:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND,
            detail=f"the {file.format.value} file of job {job_id} is gone from the "
            f"object store ({file.object_name}); regenerate the CV",
        ) from exc
    return Response(
        content=result.data or b"",
        media_type=CONTENT_TYPES[file.format],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _not_yet(job_id: str, status_value: str, what: str = "CV") -> HTTPException:
    return HTTPException(
        status.HTTP_404_NOT_FOUND,
        detail=f"no {what} for job {job_id} yet (status: {status_value}); "
        f"follow its progress at /api/jobs/{job_id}/events",
    )


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
        raise _not_yet(job_id, view.status.value)
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
    name = filename(view.title, view.company, format, file.template)
    return await _file_response(js, file, name, job_id)


@router.get(
    "/jobs/{job_id}/cover-letter",
    name="download_cover_letter",
    responses={
        200: {"content": {CONTENT_TYPES[CvFormat(f.value)]: {} for f in LetterFormat}},
        404: {"description": "No cover letter yet"},
    },
)
async def download_cover_letter(
    job_id: str,
    store: Store,
    js: JetStream,
    format: Annotated[LetterFormat, Query(description="md, docx or pdf")] = LetterFormat.MARKDOWN,
) -> Response:
    """The job's cover letter in one format, as a file. Every sentence in it passed the
    truthfulness gate; `GET /api/jobs/{job_id}/grounding` shows the verdict on each."""
    view = await load_job(store, job_id)
    letter = view.cv.cover_letter if view.cv else None
    if letter is None:
        if view.cv is not None:
            raise HTTPException(
                status.HTTP_404_NOT_FOUND,
                detail=f"the CV of job {job_id} was made before cover letters existed; "
                "regenerate the CV to get one",
            )
        raise _not_yet(job_id, view.status.value, "cover letter")
    wanted = CvFormat(format.value)
    file = next((f for f in letter.files if f.format is wanted), None)
    if file is None:
        ready = ", ".join(f.format.value for f in letter.files) or "none"
        raise HTTPException(
            status.HTTP_404_NOT_FOUND,
            detail=f"the cover letter of job {job_id} has no {format.value} file "
            f"(available: {ready})",
        )
    name = filename(view.title, view.company, wanted, kind="cover-letter")
    return await _file_response(js, file, name, job_id)


@router.get("/jobs/{job_id}/grounding", name="job_grounding", response_model=GroundingOut)
async def job_grounding(job_id: str, store: Store) -> GroundingOut:
    """The grounding reports of the job's CV and cover letter: per output sentence, its source
    in the master CV, the verdict, and for a refused rewrite what failed and why."""
    view = await load_job(store, job_id)
    if view.cv is None:
        raise _not_yet(job_id, view.status.value)
    letter = view.cv.cover_letter
    return GroundingOut(
        job_id=job_id,
        jd_version=view.cv.jd_version,
        profile_version=view.cv.profile_version,
        cv=view.cv.grounding,
        cover_letter=letter.grounding if letter else None,
    )
