"""Company profiles as research last described them, and a command to research one again.

Reads come from the gateway's own read model (the job views built from `company.researched`),
so no other service's data is touched. A refresh is research's `cmd.research` with
`force_refresh` for the company's most recently researched job: research reads the site again,
replaces its cached profile, and that job's view (and this endpoint) shows the new profile.
Other jobs of the company get the refreshed profile from research's cache the next time they
are researched.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from fastapi import APIRouter, Depends, HTTPException, Request, status
from pydantic import BaseModel, Field

from jobintel.contracts import CompanyProfile, ResearchCompany
from jobintel.runtime.store import DocumentStore

from .. import SERVICE
from ..commands import send
from ..deps import Publisher, Store
from ..domain.projection import JobStatus, JobView
from ..readmodel import JOBS
from ..security import require_token

router = APIRouter(prefix="/api", tags=["companies"], dependencies=[Depends(require_token)])
MAX_JOBS = 200


class CompanyJob(BaseModel):
    job_id: str
    title: str | None
    status: JobStatus
    researched_at: datetime | None


class CompanyOut(BaseModel):
    """The newest profile of a company and the jobs that share it."""

    company: CompanyProfile
    jobs: list[CompanyJob] = Field(description="Jobs at this company, newest research first")
    links: dict[str, str] = Field(default_factory=dict)


class RefreshAccepted(BaseModel):
    company_id: str
    job_id: str = Field(description="The job whose research was asked for again")
    events_url: str


async def company_views(store: DocumentStore, company_id: str) -> list[JobView]:
    """The company's jobs, newest research first (the first holds the newest profile)."""
    docs = await store.find(
        JOBS, {"company_profile.company_id": company_id}, sort=[("company_at", -1)], limit=MAX_JOBS
    )
    return [JobView.model_validate(d.data) for d in docs]


async def _views(store: DocumentStore, company_id: str) -> list[JobView]:
    views = await company_views(store, company_id)
    if not views:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND,
            detail=f"no company {company_id!r} has been researched yet: company ids come from "
            "a job's company profile (GET /api/jobs/{job_id}, field company_profile.company_id)",
        )
    return views


@router.get("/companies/{company_id}", response_model=CompanyOut, name="get_company")
async def get_company(company_id: str, request: Request, store: Store) -> CompanyOut:
    """The company's profile (summary, cited facts, news, contacts) and its jobs."""
    views = await _views(store, company_id)
    newest = views[0]
    assert newest.company_profile is not None
    return CompanyOut(
        company=newest.company_profile,
        jobs=[
            CompanyJob(job_id=v.job_id, title=v.title, status=v.status, researched_at=v.company_at)
            for v in views
        ],
        links={
            "self": str(request.url_for("get_company", company_id=company_id)),
            "refresh": str(request.url_for("refresh_company", company_id=company_id)),
            "job": str(request.url_for("get_job", job_id=newest.job_id)),
        },
    )


@router.post(
    "/companies/{company_id}/refresh",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=RefreshAccepted,
    name="refresh_company",
)
async def refresh_company(
    company_id: str, request: Request, publisher: Publisher, store: Store
) -> RefreshAccepted:
    """Research the company again, ignoring the cache; follow it on the job's events."""
    newest = (await _views(store, company_id))[0]
    command = ResearchCompany(
        event_id=uuid.uuid4(), job_id=newest.job_id, producer=SERVICE, force_refresh=True
    )
    await send(publisher, [command])
    return RefreshAccepted(
        company_id=company_id,
        job_id=newest.job_id,
        events_url=str(request.url_for("job_events", job_id=newest.job_id)),
    )
