"""Research use cases: take ports (store, publisher, site researcher), no NATS or HTTP here.

Every job gets a `company.researched`, whatever happens on the company's website: research that
cannot be done marks the profile `partial` with reasons and the job goes on to CV generation.
"""

from __future__ import annotations

from jobintel.contracts import (
    CompanyProfile,
    CompanyResearched,
    Event,
    JdStructured,
    Posting,
    ProgressState,
    ResearchCompany,
    StructuredJD,
)
from jobintel.runtime.errors import PermanentError
from jobintel.runtime.publishing import ProgressReporter, Publisher
from jobintel.runtime.store import DocumentStore

from . import SERVICE
from .domain.identity import CompanyIdentity, identify, name_key

JOBS = "jobs"
COMPANIES = "companies"
NAMES = "company_names"
INDEXES = {JOBS: [("company_id", "updated_at")]}


async def remember_job(store: DocumentStore, event: JdStructured) -> None:
    """Keep the latest JD and posting of a job, so `cmd.research` can run without them."""
    assert event.job_id is not None
    current = await store.get(JOBS, event.job_id)
    if current is not None and int(current.data["jd"]["version"]) > event.jd.version:
        return  # an older version redelivered late
    await store.put(JOBS, event.job_id, {
        "jd": event.jd.model_dump(mode="json"),
        "posting": event.posting.model_dump(mode="json"),
        "updated_at": event.occurred_at.isoformat(),
        "company_id": None if current is None else current.data.get("company_id"),
    })


async def resolve_identity(
    store: DocumentStore, posting: Posting, jd: StructuredJD
) -> CompanyIdentity | None:
    """The posting's company; a name-only posting joins a company already seen with a website."""
    identity = identify(posting, jd.company)
    if identity is None:
        return None
    key = name_key(identity.name)
    if identity.domain is None:
        known = await store.get(NAMES, key) if key else None
        if known is not None:
            return CompanyIdentity(
                company_id=str(known.data["company_id"]), name=identity.name,
                domain=known.data.get("domain"), website=known.data.get("website"),
            )
    elif key:
        await store.put(NAMES, key, {
            "company_id": identity.company_id, "domain": identity.domain,
            "website": identity.website,
        })
    return identity


async def research_job(
    cause: Event,
    jd: StructuredJD,
    posting: Posting,
    *,
    store: DocumentStore,
    publisher: Publisher,
    force_refresh: bool = False,
) -> CompanyResearched:
    """Identify the company of one job, profile it, and hand the job on."""
    progress = ProgressReporter(publisher, cause, SERVICE)
    await progress(ProgressState.STARTED, 45, "identifying the company")
    identity = await resolve_identity(store, posting, jd)
    if identity is None:
        profile = CompanyProfile(
            company_id="unknown", name="Unknown company", partial=True,
            partial_reasons=["the posting names no company and no company website: "
                             "add the company's name or URL to the job to research it"],
        )
    else:
        profile = CompanyProfile(
            company_id=identity.company_id, name=identity.name, domain=identity.domain,
            website=identity.website, partial=True,
            partial_reasons=[
                "no website known for this company: the posting gives no company URL"
                if identity.website is None
                else "the company's website was not researched"
            ],
        )
    assert cause.job_id is not None
    job = await store.get(JOBS, cause.job_id)
    if job is not None and job.data.get("company_id") != profile.company_id:
        await store.put(JOBS, cause.job_id, {**job.data, "company_id": profile.company_id})
    event = CompanyResearched.caused_by(
        cause, producer=SERVICE, stage="researched", company=profile, jd=jd
    )
    await publisher.publish(event)
    await progress(ProgressState.DONE, 60, f"researched {profile.name}"
                   + (" (partial)" if profile.partial else ""))
    return event


async def on_jd_structured(
    event: JdStructured, *, store: DocumentStore, publisher: Publisher
) -> CompanyResearched:
    await remember_job(store, event)
    return await research_job(event, event.jd, event.posting, store=store, publisher=publisher)


async def on_research_command(
    command: ResearchCompany, *, store: DocumentStore, publisher: Publisher
) -> CompanyResearched:
    """Research a job's company again, from the latest JD stored for that job."""
    if command.job_id is None:
        raise PermanentError("cmd.research needs a job_id: research is done for one job")
    job = await store.get(JOBS, command.job_id)
    if job is None:
        raise PermanentError(
            f"job {command.job_id} has no structured description yet: wait for jd.structured "
            "(or structure the job again) before asking for research"
        )
    jd = StructuredJD.model_validate(job.data["jd"])
    posting = Posting.model_validate(job.data["posting"])
    return await research_job(
        command, jd, posting, store=store, publisher=publisher,
        force_refresh=command.force_refresh,
    )
