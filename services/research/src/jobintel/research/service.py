"""Research use cases: take ports (store, publisher, site reader, summarizer); no NATS or HTTP.

Every job gets a `company.researched`, whatever happens on the company's website: research that
cannot be done marks the profile `partial` with reasons and the job goes on to CV generation.

Cache rule (one profile per company): a fresh profile with fresh contacts is used as is, with
no request to the site; a fresh profile whose contacts are missing or stale gets contact
discovery only; anything else, or a forced refresh, reads the site again.

Redelivery: the event a message made is stored under the message's id before it is published,
so a redelivered message publishes that same event again without researching (or paying a
model) twice. Outreach drafts are kept per company, job and JD version for the same reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from jobintel.contracts import (
    CacheOutcome,
    CompanyProfile,
    CompanyResearched,
    Event,
    JdStructured,
    Posting,
    ProfileUpdated,
    ProgressState,
    ResearchCompany,
    StructuredJD,
    utcnow,
)
from jobintel.contracts.profile import MasterProfile
from jobintel.runtime.errors import PermanentError, TransientError
from jobintel.runtime.logs import get_logger
from jobintel.runtime.publishing import ProgressReporter, Publisher
from jobintel.runtime.store import DocumentStore, VersionConflict

from . import SERVICE
from .domain.identity import CompanyIdentity, identify, name_key
from .domain.outreach import finish_draft
from .domain.pages import PageKind
from .domain.profile import SiteVisit, for_job, people_as_contacts, read_people, read_site
from .drafts import MAX_CONTACTS, Drafter, TemplateDrafter
from .summarize import ExtractiveSummarizer, Summarizer

log = get_logger(__name__)

JOBS = "jobs"
COMPANIES = "companies"
NAMES = "company_names"
MADE = "researched"  # the event each handled message made, by the message's id
DRAFTS = "outreach_drafts"
PROFILES = "profiles"  # profile_id → the latest master CV: the drafts' evidence and signature
DEFAULT_PROFILE = "default"
INDEXES = {JOBS: [("company_id", "updated_at")]}
MAX_REASONS = 6


class SitePort(Protocol):
    """Reads a company's website (the adapter goes through the safe fetcher)."""

    async def visit(self, website: str) -> SiteVisit: ...

    async def read(self, urls: dict[str, PageKind]) -> SiteVisit: ...


@dataclass(frozen=True, slots=True)
class CachePolicy:
    profile_ttl: timedelta
    contacts_ttl: timedelta


@dataclass
class Research:
    """The ports and policy one research job runs with."""

    store: DocumentStore
    publisher: Publisher
    site: SitePort | None
    cache: CachePolicy
    summarizer: Summarizer = ExtractiveSummarizer()  # noqa: RUF009 - stateless default
    drafter: Drafter = TemplateDrafter()  # noqa: RUF009 - stateless default


# ---------------------------------------------------------------- jobs and identity


def _conflict(job_id: str) -> TransientError:
    return TransientError(
        f"job {job_id} was updated by another message at the same time; "
        "this one is retried and then compared with the newer version"
    )


async def remember_job(store: DocumentStore, event: JdStructured) -> None:
    """Keep the latest JD and posting of a job, so `cmd.research` can run without them.

    An older JD arriving late never replaces a newer one: versions are compared, and the write
    is conditional on the document not having changed since it was read.
    """
    assert event.job_id is not None
    current = await store.get(JOBS, event.job_id)
    if current is not None and int(current.data["jd"]["version"]) >= event.jd.version:
        return  # this version (or a newer one) is already kept
    try:
        await store.put(
            JOBS,
            event.job_id,
            {
                "jd": event.jd.model_dump(mode="json"),
                "posting": event.posting.model_dump(mode="json"),
                "updated_at": event.occurred_at.isoformat(),
                "company_id": None if current is None else current.data.get("company_id"),
            },
            expected_version=0 if current is None else current.version,
        )
    except VersionConflict as exc:
        raise _conflict(event.job_id) from exc


async def link_company(store: DocumentStore, job_id: str, jd_version: int, company_id: str) -> None:
    """Record the job's company, on the JD version it was researched for and no other."""
    job = await store.get(JOBS, job_id)
    if job is None or int(job.data["jd"]["version"]) != jd_version:
        return  # a newer JD is kept now: its own research links it
    if job.data.get("company_id") == company_id:
        return
    try:
        await store.put(
            JOBS, job_id, {**job.data, "company_id": company_id}, expected_version=job.version
        )
    except VersionConflict as exc:
        raise _conflict(job_id) from exc


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
                company_id=str(known.data["company_id"]),
                name=identity.name,
                domain=known.data.get("domain"),
                website=known.data.get("website"),
            )
    elif key:
        await store.put(
            NAMES,
            key,
            {
                "company_id": identity.company_id,
                "domain": identity.domain,
                "website": identity.website,
            },
        )
    return identity


# ---------------------------------------------------------------- the master CV


async def store_profile(event: ProfileUpdated, store: DocumentStore) -> int:
    """Keep the newest master CV; an older version arriving late never replaces it."""
    profile = event.profile
    current = await store.get(PROFILES, profile.profile_id)
    if current is not None and int(current.data["version"]) >= profile.version:
        return int(current.data["version"])
    try:
        await store.put(
            PROFILES,
            profile.profile_id,
            profile.model_dump(mode="json"),
            expected_version=current.version if current else 0,
        )
    except VersionConflict as exc:
        raise TransientError(
            f"master CV {profile.profile_id} changed while version {profile.version} was "
            "being stored; retrying"
        ) from exc
    return profile.version


async def load_profile(store: DocumentStore) -> MasterProfile | None:
    doc = await store.get(PROFILES, DEFAULT_PROFILE)
    return MasterProfile.model_validate(doc.data) if doc is not None else None


# ---------------------------------------------------------------- the cache


@dataclass
class Cached:
    profile: CompanyProfile
    contact_pages: dict[str, PageKind]
    complete: bool  # the site was read; an incomplete profile is researched again next time


async def load_cached(store: DocumentStore, company_id: str) -> Cached | None:
    doc = await store.get(COMPANIES, company_id)
    if doc is None:
        return None
    return Cached(
        profile=CompanyProfile.model_validate(doc.data["profile"]),
        contact_pages={u: PageKind(k) for u, k in doc.data.get("contact_pages", {}).items()},
        complete=bool(doc.data.get("complete")),
    )


async def save_cached(store: DocumentStore, cached: Cached) -> None:
    profile = cached.profile.model_copy(update={"cache": CacheOutcome.MISS})
    await store.put(
        COMPANIES,
        profile.company_id,
        {
            "profile": profile.model_dump(mode="json"),
            "contact_pages": {u: str(k) for u, k in cached.contact_pages.items()},
            "complete": cached.complete,
            "researched_at": profile.researched_at.isoformat() if profile.researched_at else None,
        },
    )


def cache_outcome(
    cached: Cached | None, policy: CachePolicy, now: datetime, *, force: bool
) -> CacheOutcome:
    if force or cached is None or not cached.complete or cached.profile.researched_at is None:
        return CacheOutcome.MISS
    if now - cached.profile.researched_at > policy.profile_ttl:
        return CacheOutcome.MISS
    found = cached.profile.contacts_researched_at
    if found is None or now - found > policy.contacts_ttl:
        return CacheOutcome.PARTIAL_HIT
    return CacheOutcome.HIT


# ---------------------------------------------------------------- research


def _reasons(*groups: list[str]) -> list[str]:
    out: list[str] = []
    for group in groups:
        out.extend(r for r in group if r not in out)
    return out[:MAX_REASONS]


async def _full(identity: CompanyIdentity, site: SitePort, deps: Research, now: datetime) -> Cached:
    assert identity.website is not None
    visit = await site.visit(identity.website)
    findings = read_site(identity, visit)
    summary = await deps.summarizer.summarize(identity.name, findings.passages)
    problems = list(visit.problems)
    if not visit.reachable:
        problems.insert(0, f"could not read the company's website {identity.website}")
    elif not findings.passages:
        problems.append(f"the pages of {identity.website} had no readable text")
    # contacts count as discovered unless a page where people are failed for now
    contacts_done = visit.reachable and not any(
        url in findings.contact_pages for url in visit.retry_later
    )
    profile = findings.profile.model_copy(
        update={
            "summary": summary.text if summary else None,
            "summary_sources": summary.sources if summary else [],
            "summary_method": summary.method if summary else "extractive",
            "partial": bool(problems),
            "partial_reasons": _reasons(problems),
            "researched_at": now if visit.reachable else None,
            "contacts_researched_at": now if contacts_done else None,
        }
    )
    return Cached(profile=profile, contact_pages=findings.contact_pages, complete=visit.reachable)


async def _contacts_only(cached: Cached, site: SitePort, now: datetime) -> Cached:
    pages = cached.contact_pages or (
        {cached.profile.website: PageKind.HOME} if cached.profile.website else {}
    )
    visit = await site.read(pages)
    update: dict[str, object] = {}
    if visit.pages:
        update["contacts"] = people_as_contacts(read_people(visit.pages))
    if visit.reachable and not visit.retry_later:
        update["contacts_researched_at"] = now
    if visit.problems:
        update["partial"] = True
        update["partial_reasons"] = _reasons(
            [f"contact discovery: {p}" for p in visit.problems], cached.profile.partial_reasons
        )
    return Cached(
        profile=cached.profile.model_copy(update=update),
        contact_pages=cached.contact_pages,
        complete=cached.complete,
    )


def _unknown() -> CompanyProfile:
    return CompanyProfile(
        company_id="unknown",
        name="Unknown company",
        partial=True,
        partial_reasons=[
            "the posting names no company and no company website: "
            "add the company's name or URL to the job to research it"
        ],
    )


async def research_job(
    cause: Event,
    jd: StructuredJD,
    posting: Posting,
    deps: Research,
    *,
    force_refresh: bool = False,
    now: datetime | None = None,
) -> CompanyResearched:
    """Identify the company of one job, profile it (cache first), and hand the job on."""
    now = now or utcnow()
    progress = ProgressReporter(deps.publisher, cause, SERVICE)
    await progress(ProgressState.STARTED, 45, "identifying the company")
    identity = await resolve_identity(deps.store, posting, jd)
    if identity is None:
        company = _unknown()
    else:
        company = await _profile(identity, deps, progress, now=now, force=force_refresh)
        company = await with_drafts(for_job(company, posting, jd), jd, cause.job_id, deps)
    assert cause.job_id is not None
    await link_company(deps.store, cause.job_id, jd.version, company.company_id)
    event = CompanyResearched.caused_by(
        cause, producer=SERVICE, stage="researched", company=company, jd=jd
    )
    await deps.store.put(MADE, str(cause.event_id), {"event": event.model_dump(mode="json")})
    await deps.publisher.publish(event)
    done = (
        f"researched {company.name}: {len(company.facts)} facts, {len(company.contacts)} contacts"
    )
    await progress(ProgressState.DONE, 60, done + (" (partial)" if company.partial else ""))
    return event


async def _profile(
    identity: CompanyIdentity,
    deps: Research,
    progress: ProgressReporter,
    *,
    now: datetime,
    force: bool,
) -> CompanyProfile:
    cached = await load_cached(deps.store, identity.company_id)
    outcome = cache_outcome(cached, deps.cache, now, force=force)
    if identity.website is None:
        if cached is not None:
            await progress(
                ProgressState.RUNNING,
                50,
                f"cache hit: {cached.profile.name} profile reused (no website known)",
            )
            return cached.profile.model_copy(update={"cache": CacheOutcome.HIT})
        return CompanyProfile(
            company_id=identity.company_id,
            name=identity.name,
            partial=True,
            partial_reasons=[
                "no website known for this company: the posting gives no company "
                "URL; add one to the job and ask for research again"
            ],
            researched_at=now,
            cache=CacheOutcome.MISS,
        )
    if deps.site is None:
        return CompanyProfile(
            company_id=identity.company_id,
            name=identity.name,
            domain=identity.domain,
            website=identity.website,
            partial=True,
            partial_reasons=["website research is switched off in this process"],
        )
    if outcome is CacheOutcome.HIT:
        assert cached is not None
        when = cached.profile.researched_at
        await progress(
            ProgressState.RUNNING,
            50,
            f"cache hit: profile of {identity.domain} from {when:%Y-%m-%d}, no request to the site"
            if when
            else "cache hit",
        )
        return cached.profile.model_copy(
            update={"cache": CacheOutcome.HIT, "name": cached.profile.name or identity.name}
        )
    if outcome is CacheOutcome.PARTIAL_HIT:
        assert cached is not None
        await progress(
            ProgressState.RUNNING,
            50,
            f"cache hit for {identity.domain}, contacts "
            "missing or stale: discovering contacts only",
        )
        updated = await _contacts_only(cached, deps.site, now)
        await save_cached(deps.store, updated)
        return updated.profile.model_copy(update={"cache": CacheOutcome.PARTIAL_HIT})
    why = "refresh asked" if force else "cache miss"
    await progress(ProgressState.RUNNING, 48, f"{why}: reading {identity.website}")
    try:
        fresh = await _full(identity, deps.site, deps, now)
    except Exception as exc:  # a bug or odd page must not stop the job: it goes on, partial
        log.exception("research of the site failed", website=identity.website)
        fresh = Cached(
            profile=CompanyProfile(
                company_id=identity.company_id,
                name=identity.name,
                domain=identity.domain,
                website=identity.website,
                partial=True,
                partial_reasons=[
                    f"research of {identity.website} failed unexpectedly "
                    f"({type(exc).__name__}: {exc}); ask for research again later"
                ],
            ),
            contact_pages={},
            complete=False,
        )
    await progress(
        ProgressState.RUNNING,
        55,
        f"read {len(fresh.profile.pages)} pages of "
        f"{identity.domain}" + (" (partial)" if fresh.profile.partial else ""),
    )
    if fresh.complete or cached is None or not cached.complete:
        await save_cached(deps.store, fresh)
        return fresh.profile.model_copy(update={"cache": CacheOutcome.MISS})
    # a refresh that failed keeps the good profile it would have replaced
    reasons = _reasons(
        fresh.profile.partial_reasons,
        [f"showing the profile cached on {cached.profile.researched_at:%Y-%m-%d}"],
    )
    return cached.profile.model_copy(
        update={"cache": CacheOutcome.HIT, "partial": True, "partial_reasons": reasons}
    )


async def with_drafts(
    company: CompanyProfile, jd: StructuredJD, job_id: str | None, deps: Research
) -> CompanyProfile:
    """The contacts' outreach drafts, written once per company, job and JD version.

    Contacts the drafter already answered for are never sent again; a drafter that wrote
    nothing (offline, or the model failed) leaves the templates and is asked next time. Every
    draft, the model's or the template's, then goes through the truthfulness gate against the
    latest master CV and is signed with the person's name (`domain/outreach.py`).
    """
    asked = company.contacts[:MAX_CONTACTS]
    if not asked:
        return company
    key = f"{company.company_id}|{job_id}|v{jd.version}"
    doc = await deps.store.get(DRAFTS, key)
    written: dict[str, str] = dict(doc.data["drafts"]) if doc else {}
    tried: set[str] = set(doc.data["tried"]) if doc else set()
    todo = [c for c in asked if c.name.lower() not in tried]
    if todo:
        fresh = await deps.drafter.draft(company.model_copy(update={"contacts": todo}), jd)
        if fresh is not None:
            written.update(fresh)
            tried.update(c.name.lower() for c in todo)
            await deps.store.put(DRAFTS, key, {"drafts": written, "tried": sorted(tried)})
    profile = await load_profile(deps.store)
    contacts = [
        finish_draft(
            c,
            written=written.get(c.name.lower()),
            template=c.outreach_draft or "",
            company=company,
            jd=jd,
            profile=profile,
            method="llm",
        )
        if c.outreach_draft or c.name.lower() in written
        else c
        for c in company.contacts
    ]
    return company.model_copy(update={"contacts": contacts})


async def republished(cause: Event, deps: Research) -> CompanyResearched | None:
    """On a redelivery, the event this message made, published again (JetStream drops it if
    the first publish got through)."""
    made = await deps.store.get(MADE, str(cause.event_id))
    if made is None:
        return None
    event = CompanyResearched.model_validate(made.data["event"])
    await deps.publisher.publish(event)
    await ProgressReporter(deps.publisher, cause, SERVICE)(
        ProgressState.DONE, 60, f"researched {event.company.name} (already done, sent again)"
    )
    return event


async def on_jd_structured(event: JdStructured, deps: Research) -> CompanyResearched:
    if (made := await republished(event, deps)) is not None:
        return made
    await remember_job(deps.store, event)
    return await research_job(event, event.jd, event.posting, deps)


async def on_research_command(command: ResearchCompany, deps: Research) -> CompanyResearched:
    """Research a job's company again, from the latest JD stored for that job."""
    if command.job_id is None:
        raise PermanentError("cmd.research needs a job_id: research is done for one job")
    if (made := await republished(command, deps)) is not None:
        return made
    job = await deps.store.get(JOBS, command.job_id)
    if job is None:
        raise PermanentError(
            f"job {command.job_id} has no structured description yet: wait for jd.structured "
            "(or structure the job again) before asking for research"
        )
    jd = StructuredJD.model_validate(job.data["jd"])
    posting = Posting.model_validate(job.data["posting"])
    return await research_job(command, jd, posting, deps, force_refresh=command.force_refresh)
