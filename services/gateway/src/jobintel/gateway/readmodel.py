"""Use cases that keep the read model: fold events into stored views (store port only)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from jobintel.contracts import Event, MasterProfile, Persona, ProfileUpdated, Resume
from jobintel.runtime.store import DocumentStore, JsonDoc, VersionConflict

from .domain.projection import JobView, apply, apply_profile, dump

JOBS = "job_views"
PROFILES = "profiles"
COUNTERS = "gateway_counters"
INDEXES: dict[str, Sequence[Sequence[str]]] = {
    JOBS: (("status",), ("company_key",), ("updated_at",)),
}
MAX_ATTEMPTS = 20


async def _update(
    store: DocumentStore,
    collection: str,
    key: str,
    change: Callable[[JsonDoc | None], JsonDoc | None],
) -> JsonDoc | None:
    """Read, change, write with the version read; re-read and redo on a concurrent write.

    `change` returns the new document, or None to leave it alone. Returns what was written.
    """
    for _ in range(MAX_ATTEMPTS):
        doc = await store.get(collection, key)
        updated = change(doc.data if doc else None)
        if updated is None:
            return None
        try:
            await store.put(collection, key, updated, expected_version=doc.version if doc else 0)
        except VersionConflict:
            continue
        return updated
    raise VersionConflict(f"{collection}/{key}: too many concurrent updates")


async def project(store: DocumentStore, event: Event) -> None:
    """Apply one event to its job's view (idempotent: a no-op writes nothing)."""
    if event.job_id is None:
        return

    def change(data: JsonDoc | None) -> JsonDoc | None:
        updated = apply(JobView.model_validate(data) if data else None, event)
        return dump(updated) if updated else None

    await _update(store, JOBS, event.job_id, change)


async def project_profile(store: DocumentStore, event: ProfileUpdated) -> None:
    def change(data: JsonDoc | None) -> JsonDoc | None:
        updated = apply_profile(MasterProfile.model_validate(data) if data else None, event)
        return dump(updated) if updated else None

    await _update(store, PROFILES, event.profile.profile_id, change)


async def next_profile_version(store: DocumentStore, profile_id: str) -> int:
    """Allocate the profile's next version, unique across every gateway sharing the store.

    A counter document written with the version read: two replicas (or two requests) that
    read the same counter cannot both write it, the loser re-reads and takes the next one.
    The read model's version is a floor, for a store that predates the counter.
    """

    def change(data: JsonDoc | None) -> JsonDoc:
        return {**(data or {}), "version": max(int(data["version"]) if data else 0, floor) + 1}

    current = await get_profile(store, profile_id)
    floor = current.version if current else 0
    written = await _update(store, COUNTERS, f"profile:{profile_id}", change)
    assert written is not None
    return int(written["version"])


async def save_profile(
    store: DocumentStore,
    profile_id: str,
    *,
    resume: Resume | None = None,
    persona: Persona | None = None,
) -> tuple[MasterProfile | None, Persona]:
    """Replace the resume or the persona, keeping the other part: the profile to publish.

    The newest resume and persona live in the counter document with the version, written in
    one step, so a resume PUT right after a persona PUT (on any replica) never publishes the
    older persona, nor the other way round. Without a resume yet there is nothing to publish:
    the persona is kept for the first one (the answer's profile is None then).
    """

    def change(data: JsonDoc | None) -> JsonDoc:
        head = dict(data or {})
        if "resume" not in head and current is not None:  # a store that predates the head
            head["resume"] = current.resume.model_dump(mode="json", exclude_unset=True)
        if "persona" not in head and current is not None:
            head["persona"] = current.persona.model_dump(mode="json")
        if resume is not None:
            head["resume"] = resume.model_dump(mode="json", exclude_unset=True)
        if persona is not None:
            head["persona"] = persona.model_dump(mode="json")
        if "resume" in head:
            head["version"] = max(int(head.get("version", 0)), floor) + 1
        return head

    current = await get_profile(store, profile_id)
    floor = current.version if current else 0
    head = await _update(store, COUNTERS, f"profile:{profile_id}", change)
    assert head is not None
    kept = Persona.model_validate(head.get("persona") or {})
    if "resume" not in head:
        return None, kept
    profile = MasterProfile(
        profile_id=profile_id,
        version=int(head["version"]),
        resume=Resume.model_validate(head["resume"]),
        persona=kept,
    )
    return profile, kept


async def get_persona(store: DocumentStore, profile_id: str = "default") -> Persona | None:
    """The newest persona saved, even before the read model has it (or before any resume)."""
    doc = await store.get(COUNTERS, f"profile:{profile_id}")
    if doc is not None and doc.data.get("persona") is not None:
        return Persona.model_validate(doc.data["persona"])
    current = await get_profile(store, profile_id)
    return current.persona if current else None


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
