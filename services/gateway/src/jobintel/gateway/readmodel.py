"""Use cases that keep the read model: fold events into stored views (store port only)."""

from __future__ import annotations

from collections.abc import Sequence

from jobintel.contracts import Event, MasterProfile, ProfileUpdated
from jobintel.runtime.store import DocumentStore, VersionConflict

from .domain.projection import JobView, apply, apply_profile, dump

JOBS = "job_views"
PROFILES = "profiles"
INDEXES: dict[str, Sequence[Sequence[str]]] = {
    JOBS: (("status",), ("company_key",), ("updated_at",)),
}
MAX_ATTEMPTS = 20


async def project(store: DocumentStore, event: Event) -> JobView | None:
    """Apply one event to its job's view; retried on a concurrent write (optimistic version)."""
    if event.job_id is None:
        return None
    for _ in range(MAX_ATTEMPTS):
        doc = await store.get(JOBS, event.job_id)
        current = JobView.model_validate(doc.data) if doc else None
        updated = apply(current, event)
        if updated is None:
            return current
        try:
            await store.put(JOBS, event.job_id, dump(updated),
                            expected_version=doc.version if doc else 0)
        except VersionConflict:
            continue
        return updated
    raise VersionConflict(f"job {event.job_id}: too many concurrent updates")


async def project_profile(store: DocumentStore, event: ProfileUpdated) -> None:
    for _ in range(MAX_ATTEMPTS):
        doc = await store.get(PROFILES, event.profile.profile_id)
        current = MasterProfile.model_validate(doc.data) if doc else None
        updated = apply_profile(current, event)
        if updated is None:
            return
        try:
            await store.put(PROFILES, event.profile.profile_id, dump(updated),
                            expected_version=doc.version if doc else 0)
        except VersionConflict:
            continue
        return
    raise VersionConflict(f"profile {event.profile.profile_id}: too many concurrent updates")


async def get_job(store: DocumentStore, job_id: str) -> JobView | None:
    doc = await store.get(JOBS, job_id)
    return JobView.model_validate(doc.data) if doc else None


async def get_profile(store: DocumentStore, profile_id: str = "default") -> MasterProfile | None:
    doc = await store.get(PROFILES, profile_id)
    return MasterProfile.model_validate(doc.data) if doc else None


async def list_jobs(
    store: DocumentStore,
    *,
    status: str | None = None,
    company: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[JobView], int]:
    where: dict[str, object] = {}
    if status:
        where["status"] = status
    if company:
        where["company_key"] = company.casefold()
    docs = await store.find(JOBS, where, sort=[("updated_at", -1)], limit=limit, offset=offset)
    total = await store.count(JOBS, where)
    return [JobView.model_validate(d.data) for d in docs], total
