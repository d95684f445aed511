"""Lookups shared by the route modules."""

from __future__ import annotations

from fastapi import HTTPException, status

from jobintel.runtime.store import DocumentStore

from ..domain.projection import JobView
from ..readmodel import get_job


async def load_job(store: DocumentStore, job_id: str) -> JobView:
    view = await get_job(store, job_id)
    if view is None:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND,
            detail=f"no job {job_id!r}: it was never submitted here (POST /api/jobs creates one)",
        )
    return view
