"""Ingestion use cases: take ports, no NATS or HTTP here."""

from __future__ import annotations

from jobintel.contracts import IngestPosting, JobIngested, Posting, ProgressState
from jobintel.runtime.errors import PermanentError
from jobintel.runtime.publishing import ProgressReporter, Publisher
from jobintel.runtime.store import DocumentStore

from . import SERVICE
from .domain.normalise import NotAPosting, from_data, from_html, from_text

POSTINGS = "postings"
FINGERPRINTS = "fingerprints"
INDEXES = {POSTINGS: [("fingerprint",), ("source", "external_id")]}


def normalise(command: IngestPosting) -> Posting:
    args = {"title": command.title, "company": command.company, "url": command.url,
            "source": command.source}
    try:
        if command.data is not None:
            return from_data(command.data, **args)
        if command.html is not None:
            return from_html(command.html, **args)
        return from_text(command.text or "", **args)
    except NotAPosting as exc:
        raise PermanentError(str(exc)) from exc


async def ingest_posting(
    command: IngestPosting, *, store: DocumentStore, publisher: Publisher
) -> JobIngested:
    """Normalise a pasted posting, remember it, and announce the job."""
    progress = ProgressReporter(publisher, command, SERVICE)
    await progress(ProgressState.STARTED, 5, "normalising the posting")
    posting = normalise(command)
    assert command.job_id is not None
    duplicate_of = await _link_duplicate(store, posting, command.job_id)
    await store.put(POSTINGS, command.job_id, posting.model_dump(mode="json"))
    event = JobIngested.caused_by(
        command, producer=SERVICE, stage="ingested", posting=posting, duplicate_of=duplicate_of
    )
    await publisher.publish(event)
    message = f"ingested '{posting.title}'" + (f" (same job as {duplicate_of})" if duplicate_of else "")
    await progress(ProgressState.DONE, 20, message)
    return event


async def _link_duplicate(store: DocumentStore, posting: Posting, job_id: str) -> str | None:
    """The first job seen with this fingerprint owns it; later ones are linked to it."""
    seen = await store.get(FINGERPRINTS, posting.fingerprint)
    if seen is None:
        await store.put(FINGERPRINTS, posting.fingerprint, {"job_id": job_id})
        return None
    first = str(seen.data["job_id"])
    return None if first == job_id else first
