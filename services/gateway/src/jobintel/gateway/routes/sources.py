"""Ingestion through the API: job sources, runs on demand, run history, and file uploads.

Writes are commands to the ingestion service (`cmd.source.define`, `cmd.ingest.run`,
`cmd.ingest.file`); reads come from the gateway's ingestion read model (`ingest_readmodel`).
"""

from __future__ import annotations

import base64
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Request, status
from pydantic import BaseModel, Field, field_validator

from jobintel.contracts import (
    DefineSource,
    IngestFile,
    IngestRun,
    IngestRunRecord,
    SourceOrigin,
    SourceSpec,
    utcnow,
)
from jobintel.contracts.ingest import MAX_FILE_BASE64, SOURCE_NAME_PATTERN

from .. import SERVICE
from ..commands import send
from ..deps import Publisher, Store
from ..idempotency import IdempotencyKey, command_id, job_id_for
from ..ingest_readmodel import SourceView, accept_source, get_source, list_sources, run_history
from ..schemas import JobAccepted
from ..security import require_token

router = APIRouter(prefix="/api", tags=["ingestion"], dependencies=[Depends(require_token)])
SourceName = Annotated[str, Path(pattern=SOURCE_NAME_PATTERN, description="The source's name")]


class SourceAccepted(BaseModel):
    source: SourceSpec
    run_url: str
    history_url: str


class RunAccepted(BaseModel):
    source: str
    run_id: str
    history_url: str


class FileUpload(BaseModel):
    """A posting as a file: txt, md, html, pdf or docx, base64-encoded (about 700 kB at most)."""

    filename: str = Field(min_length=1, max_length=255, examples=["posting.pdf"])
    content_base64: str = Field(max_length=MAX_FILE_BASE64)
    title: str | None = Field(default=None, max_length=300)
    company: str | None = Field(default=None, max_length=300)

    @field_validator("content_base64")
    @classmethod
    def _decodes(cls, value: str) -> str:
        try:
            base64.b64decode(value, validate=True)
        except ValueError as exc:
            raise ValueError(
                "content_base64 is not valid base64 (encode the file's bytes)"
            ) from exc
        return value


async def _known(store: Store, name: str) -> SourceView:
    view = await get_source(store, name)
    if view is None:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND,
            detail=f"no source named {name!r}: define it with POST /api/sources "
            "(GET /api/sources lists the known ones)",
        )
    return view


@router.post("/sources", status_code=status.HTTP_202_ACCEPTED, response_model=SourceAccepted)
async def define_source(
    spec: SourceSpec, request: Request, publisher: Publisher, store: Store
) -> SourceAccepted:
    """Create or replace a source, e.g. `{"name": "acme", "kind": "greenhouse", "board": "acme"}`.

    `base_url` replaces the provider's host (a proxy, or a local test server);
    `interval_minutes` runs it on a schedule; `filters` keep only matching postings.
    """
    command = DefineSource(producer=SERVICE, source=spec, origin=SourceOrigin.API)
    await send(publisher, [command])
    await accept_source(store, spec, command.occurred_at)
    return SourceAccepted(
        source=spec,
        run_url=str(request.url_for("run_source", source=spec.name)),
        history_url=str(request.url_for("ingest_history", source=spec.name)),
    )


@router.get("/sources", response_model=list[SourceView])
async def sources(store: Store) -> list[SourceView]:
    """Every source (config file and API), with its last run."""
    return await list_sources(store)


@router.post(
    "/ingest/{source}/run",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=RunAccepted,
    name="run_source",
)
async def run_source(
    source: SourceName, request: Request, publisher: Publisher, store: Store
) -> RunAccepted:
    """Run a source now; the run shows in its history when it finishes."""
    await _known(store, source)
    run_id = f"{source}-{utcnow():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    await send(publisher, [IngestRun(producer=SERVICE, source=source, run_id=run_id)])
    return RunAccepted(
        source=source,
        run_id=run_id,
        history_url=str(request.url_for("ingest_history", source=source)),
    )


@router.get("/ingest/history/{source}", response_model=list[IngestRunRecord], name="ingest_history")
async def history(source: SourceName, store: Store) -> list[IngestRunRecord]:
    """The source's last 50 runs, newest first: counts, errors (URL and message), duration."""
    await _known(store, source)
    return await run_history(store, source)


@router.post("/jobs/file", status_code=status.HTTP_202_ACCEPTED, response_model=JobAccepted)
async def upload_job(
    body: FileUpload, request: Request, publisher: Publisher, idempotency_key: IdempotencyKey = None
) -> JobAccepted:
    """Queue a posting given as a file; follow it at `events_url`.

    With an `Idempotency-Key` header a retry answers with the same job id and creates no
    second job.
    """
    job_id = job_id_for(idempotency_key, request)
    await send(
        publisher,
        [
            IngestFile(
                event_id=command_id(job_id, IngestFile.subject, idempotency_key),
                job_id=job_id,
                producer=SERVICE,
                filename=body.filename,
                content_base64=body.content_base64,
                title=body.title,
                company=body.company,
            )
        ],
    )
    return JobAccepted(
        job_id=job_id,
        status_url=str(request.url_for("get_job", job_id=job_id)),
        events_url=str(request.url_for("job_events", job_id=job_id)),
    )
