"""Ingestion use cases: take ports (store, publisher, fetcher), no NATS or HTTP here."""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import hashlib
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypedDict

from jobintel.contracts import (
    Confidence,
    DefineSource,
    Event,
    FailureKind,
    IngestFile,
    IngestPosting,
    IngestRun,
    IngestRunFinished,
    IngestRunRecord,
    IngestUrl,
    JobIngested,
    Posting,
    ProgressState,
    RunError,
    RunStatus,
    RunTrigger,
    SourceOrigin,
    SourceSpec,
    SourceUpdated,
    derive_id,
    utcnow,
)
from jobintel.contracts.ingest import MAX_RUN_ERRORS
from jobintel.runtime.errors import PermanentError, PipelineError, TransientError
from jobintel.runtime.fetch import Fetcher, FetchError
from jobintel.runtime.publishing import ProgressReporter, Publisher
from jobintel.runtime.store import DocumentStore, VersionConflict

from . import SERVICE
from .adapters.pages import Page, fetch_page
from .adapters.sources import ADAPTERS
from .config import IngestionSettings
from .domain.boards import BadPayload, load_json
from .domain.fields import job_id_for
from .domain.files import read_file
from .domain.filters import keep
from .domain.jobposting import from_data
from .domain.normalise import NotAPosting, from_html, from_text
from .domain.pages import extract_job, structured_job

POSTINGS = "postings"
FINGERPRINTS = "fingerprints"
SOURCES = "sources"
RUNS = "runs"
INDEXES: dict[str, Sequence[Sequence[str]]] = {
    POSTINGS: [("fingerprint",), ("source", "external_id"), ("source_kind", "external_id")],
    RUNS: [("source", "started_at")],
}
HISTORY_LIMIT = 50
# ATS whose posting ids are unique across all their customers: the same kind and id is the
# same posting, whichever source (a board run, a posted object) brought it.
GLOBAL_IDS = frozenset({"greenhouse", "lever", "ashby"})
ANNOUNCE_BATCH = 50  # jobs published concurrently, then stored


# ---------------------------------------------------------------- one posting (paste, file, URL)


class _Hints(TypedDict):
    """What the user told us about a posting, passed to every normaliser."""

    title: str | None
    company: str | None
    url: str | None
    source: str


def normalise(command: IngestPosting) -> Posting:
    args = _Hints(
        title=command.title, company=command.company, url=command.url, source=command.source
    )
    try:
        if command.data is not None:
            return from_data(command.data, **args)
        if command.html is not None:
            return _from_html(command.html, args)
        return from_text(command.text or "", **args)
    except NotAPosting as exc:
        raise PermanentError(str(exc)) from exc


def _from_html(html: str, hints: _Hints) -> Posting:
    """A saved or pasted page: its schema.org `JobPosting` when it has one, else its text."""
    posting = structured_job(
        html,
        page_url=hints["url"],
        source=hints["source"],
        title=hints["title"],
        company=hints["company"],
    )
    if posting is not None:
        return posting.model_copy(update={"url": hints["url"] or posting.url})
    return from_html(html, **hints)


async def ingest_posting(
    command: IngestPosting, *, store: DocumentStore, publisher: Publisher
) -> JobIngested:
    """Normalise a pasted posting, remember it, and announce the job."""
    progress = ProgressReporter(publisher, command, SERVICE)
    await progress(ProgressState.STARTED, 5, "normalising the posting")
    posting = normalise(command)
    kind = "json" if command.data is not None else "html" if command.html is not None else "paste"
    posting = posting.model_copy(update={"source_kind": posting.source_kind or kind})
    return await _announce_single(
        command, posting, store=store, publisher=publisher, progress=progress
    )


async def ingest_file(
    command: IngestFile, *, store: DocumentStore, publisher: Publisher
) -> JobIngested:
    """An uploaded txt, md, html, pdf or docx file becomes a job."""
    progress = ProgressReporter(publisher, command, SERVICE)
    await progress(ProgressState.STARTED, 5, f"reading {command.filename}")
    try:
        content = base64.b64decode(command.content_base64, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise PermanentError(f"{command.filename}: content_base64 is not valid base64") from exc
    try:
        body = read_file(command.filename, content)
        args = _Hints(title=command.title, company=command.company, url=None, source="file")
        posting = (
            _from_html(body.html, args)
            if body.html is not None
            else from_text(body.text or "", **args)
        )
    except NotAPosting as exc:
        raise PermanentError(str(exc)) from exc
    posting = posting.model_copy(update={"source_kind": "file"})
    return await _announce_single(
        command, posting, store=store, publisher=publisher, progress=progress
    )


def posting_from_page(page: Page) -> Posting:
    """HTML through `extract_job`; JSON, PDF and plain text by what they are."""
    try:
        kind = page.content_type
        if kind in ("application/json", "application/ld+json"):
            data = load_json(page.content, page.final_url)
            if not isinstance(data, dict):
                raise NotAPosting(f"{page.final_url} returned JSON that is not an object")
            posting = from_data(
                data, title=None, company=None, url=page.final_url, source="url", source_kind="page"
            )
        elif kind == "application/pdf":
            body = read_file("page.pdf", page.content)
            posting = from_text(
                body.text or "", title=None, company=None, url=page.final_url, source="url"
            )
        elif kind == "text/plain":
            posting = from_text(
                page.text, title=None, company=None, url=page.final_url, source="url"
            )
        else:
            posting = extract_job(page.text, page_url=page.final_url, source="url")
    except (NotAPosting, BadPayload) as exc:
        raise PermanentError(f"{page.url}: {exc}", kind=FailureKind.UNSUPPORTED) from exc
    update: dict[str, object] = {"source_kind": posting.source_kind or "page"}
    if posting.url is None:
        update["url"] = page.final_url
    return posting.model_copy(update=update)


async def ingest_url(
    command: IngestUrl,
    *,
    store: DocumentStore,
    publisher: Publisher,
    fetcher: Fetcher,
    settings: IngestionSettings,
) -> JobIngested:
    """Fetch one job page (safely) and turn it into a job, or fail with the reason."""
    progress = ProgressReporter(publisher, command, SERVICE)
    await progress(ProgressState.STARTED, 5, f"fetching {command.url}")
    page = await fetch_page(command.url, fetcher, settings)
    await progress(ProgressState.RUNNING, 12, f"reading the page ({page.via})")
    posting = posting_from_page(page)
    return await _announce_single(
        command, posting, store=store, publisher=publisher, progress=progress
    )


async def _announce_single(
    command: Event,
    posting: Posting,
    *,
    store: DocumentStore,
    publisher: Publisher,
    progress: ProgressReporter,
) -> JobIngested:
    assert command.job_id is not None, "a single posting always belongs to a job"
    duplicate_of = await _link_duplicate(store, posting, command.job_id)
    await store.put(
        POSTINGS, command.job_id, {**posting.model_dump(mode="json"), "duplicate_of": duplicate_of}
    )
    event = JobIngested.caused_by(
        command, producer=SERVICE, stage="ingested", posting=posting, duplicate_of=duplicate_of
    )
    await publisher.publish(event)
    note = " (lower confidence: no structured data)" if posting.confidence is Confidence.LOW else ""
    message = f"ingested '{posting.title}'{note}" + (
        f" (same job as {duplicate_of})" if duplicate_of else ""
    )
    await progress(ProgressState.DONE, 20, message)
    return event


async def _link_duplicate(store: DocumentStore, posting: Posting, job_id: str) -> str | None:
    """The first job seen with this fingerprint owns it; later ones are linked to it.

    The claim is a must-not-exist write, so two jobs racing for one fingerprint cannot both
    own it: the loser reads the winner's claim and links to it.
    """
    twin = await _natural_twin(store, posting, job_id)
    if twin is not None:
        return twin
    claim = {"job_id": job_id, "source": posting.source}
    for _ in range(3):
        seen = await store.get(FINGERPRINTS, posting.fingerprint)
        if seen is not None:
            first = str(seen.data["job_id"])
            return None if first == job_id else first
        try:
            await store.put(FINGERPRINTS, posting.fingerprint, claim, expected_version=0)
        except VersionConflict:
            continue  # another job claimed it between our read and our write: read theirs
        return None
    raise TransientError(f"the fingerprint of '{posting.title}' keeps changing hands; retrying")


async def _natural_twin(store: DocumentStore, posting: Posting, job_id: str) -> str | None:
    """The job already holding this posting by its natural key (ATS kind + ATS id), if any."""
    if posting.source_kind not in GLOBAL_IDS or not posting.external_id:
        return None
    docs = await store.find(
        POSTINGS,
        {"source_kind": posting.source_kind, "external_id": posting.external_id},
        limit=10,
    )
    for doc in sorted(docs, key=lambda d: d.data.get("duplicate_of") is not None):
        if doc.key != job_id:
            return str(doc.data.get("duplicate_of") or doc.key)
    return None


# ---------------------------------------------------------------- sources


def _spec_hash(spec: SourceSpec) -> str:
    return hashlib.sha256(spec.model_dump_json().encode()).hexdigest()[:16]


async def define_source(
    command: DefineSource, *, store: DocumentStore, publisher: Publisher
) -> SourceUpdated:
    await store.put(
        SOURCES,
        command.source.name,
        {"spec": command.source.model_dump(mode="json"), "origin": command.origin},
    )
    event = SourceUpdated.caused_by(
        command,
        producer=SERVICE,
        stage="source-updated",
        source=command.source,
        origin=command.origin,
    )
    await publisher.publish(event)
    return event


async def load_config_sources(specs: list[SourceSpec], *, store: DocumentStore) -> None:
    """Sources from the config file replace same-named ones."""
    for spec in specs:
        await store.put(
            SOURCES,
            spec.name,
            {"spec": spec.model_dump(mode="json"), "origin": SourceOrigin.CONFIG},
        )


async def announce_sources(*, store: DocumentStore, publisher: Publisher) -> int:
    """Announce every source on start, so a read model rebuilt after the stream's retention
    still learns them; the id names the source's version, so repeats change nothing."""
    docs = await store.find(SOURCES, sort=[("spec.name", 1)])
    for doc in docs:
        spec = SourceSpec.model_validate(doc.data["spec"])
        await publisher.publish(
            SourceUpdated(
                event_id=derive_id(f"source:{spec.name}", _spec_hash(spec)),
                producer=SERVICE,
                source=spec,
                origin=SourceOrigin(doc.data.get("origin", SourceOrigin.API)),
            )
        )
    return len(docs)


async def get_source(store: DocumentStore, name: str) -> SourceSpec | None:
    doc = await store.get(SOURCES, name)
    return SourceSpec.model_validate(doc.data["spec"]) if doc else None


async def list_sources(store: DocumentStore) -> list[SourceSpec]:
    docs = await store.find(SOURCES, sort=[("spec.name", 1)])
    return [SourceSpec.model_validate(d.data["spec"]) for d in docs]


# ---------------------------------------------------------------- runs


class _Tally:
    def __init__(self) -> None:
        self.fetched = self.filtered = self.new = self.updated = self.duplicates = 0
        self.errors: list[RunError] = []
        self.errors_total = 0

    def error(self, url: str | None, message: str) -> None:
        self.errors_total += 1
        if len(self.errors) < MAX_RUN_ERRORS:
            self.errors.append(RunError(url=url, message=message[:1000]))


async def run_source(
    command: IngestRun, *, store: DocumentStore, publisher: Publisher, fetcher: Fetcher
) -> IngestRunRecord:
    """Read a source, announce its new and changed jobs, and record the run.

    A source that cannot be read ends as a failed run in the history, not as a failed message;
    a posting that cannot be used is an error of the run, and the rest carries on.
    """
    done = await store.get(RUNS, command.run_id)
    if done is not None:  # a redelivered command: the run happened already
        return IngestRunRecord.model_validate(done.data)
    spec = await get_source(store, command.source)
    if spec is None:
        raise TransientError(
            f"no source named '{command.source}' (yet): define it with POST /api/sources",
            kind=FailureKind.NOT_READY,
        )
    started_at, started = utcnow(), time.perf_counter()
    tally = _Tally()
    unchanged = False
    read_failed = False
    try:
        read = await ADAPTERS[spec.kind].read(spec, fetcher)
    except (FetchError, BadPayload, PipelineError) as exc:
        read_failed = True
        tally.error(getattr(exc, "url", None) or _source_url(spec), str(exc))
    else:
        unchanged = read.unchanged
        for url, message in read.parsed.errors:  # postings it returned that we cannot use
            tally.fetched += 1
            tally.error(url, message)
        seen: set[str] = set()
        batch: list[_Announcement] = []
        for posting in read.parsed.postings:
            tally.fetched += 1
            if not keep(posting, spec.filters):
                tally.filtered += 1
                continue
            found = await _decide(spec, posting, tally, seen, command=command, store=store)
            if found is not None:
                batch.append(found)
            if len(batch) >= ANNOUNCE_BATCH:
                await _announce(batch, spec, store=store, publisher=publisher)
                batch = []
        if batch:
            await _announce(batch, spec, store=store, publisher=publisher)
    status = (
        RunStatus.FAILED
        if read_failed
        else RunStatus.PARTIAL
        if tally.errors_total
        else RunStatus.OK
    )
    record = IngestRunRecord(
        run_id=command.run_id,
        source=spec.name,
        kind=spec.kind,
        trigger=RunTrigger.SCHEDULE if command.producer == SERVICE else RunTrigger.MANUAL,
        status=status,
        started_at=started_at,
        finished_at=utcnow(),
        duration_seconds=round(time.perf_counter() - started, 3),
        fetched=tally.fetched,
        filtered=tally.filtered,
        new=tally.new,
        updated=tally.updated,
        duplicates=tally.duplicates,
        errors=tally.errors,
        errors_total=tally.errors_total,
        unchanged_source=unchanged,
    )
    await store.put(RUNS, command.run_id, record.model_dump(mode="json"))
    await publisher.publish(
        IngestRunFinished.caused_by(command, producer=SERVICE, stage="run-finished", run=record)
    )
    return record


def _source_url(spec: SourceSpec) -> str | None:
    return spec.url or spec.base_url or spec.board or None


@dataclass(frozen=True, slots=True)
class _Announcement:
    event: JobIngested
    posting: Posting
    owns_fingerprint: bool
    number: int  # how many times this job has been announced, this one included


async def _decide(
    spec: SourceSpec,
    posting: Posting,
    tally: _Tally,
    seen: set[str],
    *,
    command: IngestRun,
    store: DocumentStore,
) -> _Announcement | None:
    """Same source + external id = same job; same job via another source = linked, not doubled.

    Returns the job to announce (new or changed), or None when there is nothing to announce.
    """
    external = posting.external_id or posting.url or posting.fingerprint
    job_id = job_id_for(spec.name, external)
    if job_id in seen:  # the source listed the same posting twice
        tally.duplicates += 1
        return None
    seen.add(job_id)
    known = await store.get(POSTINGS, job_id)
    announced = int(known.data.get("announced", 1)) if known is not None else 0
    if known is not None:
        if known.data.get("fingerprint") == posting.fingerprint:
            tally.duplicates += 1
            return None
        duplicate_of = known.data.get("duplicate_of")
        if duplicate_of is not None:  # still another source's job: keep the link, no new job
            await store.put(POSTINGS, job_id, _stored(posting, duplicate_of, announced))
            tally.duplicates += 1
            return None
        tally.updated += 1
        owns = await store.get(FINGERPRINTS, posting.fingerprint) is None
    else:
        twin = await _natural_twin(store, posting, job_id)
        if twin is not None:  # the same ATS posting, posted by hand or read by another source
            await store.put(POSTINGS, job_id, _stored(posting, twin, 0))
            tally.duplicates += 1
            return None
        first = await store.get(FINGERPRINTS, posting.fingerprint)
        if first is not None and first.data.get("source") not in (None, spec.name):
            await store.put(POSTINGS, job_id, _stored(posting, str(first.data["job_id"]), 0))
            tally.duplicates += 1
            return None
        tally.new += 1
        owns = first is None
    # The n-th announcement of a job has its own id, so a posting that changes A → B → A is
    # announced three times; a redelivered run, which has not stored its count yet, repeats it.
    number = announced + 1
    event = JobIngested(
        event_id=derive_id(job_id, f"ingested:{number}:{posting.fingerprint}"),
        job_id=job_id,
        causation_id=command.event_id,
        producer=SERVICE,
        posting=posting,
    )
    return _Announcement(event, posting, owns, number)


def _stored(posting: Posting, duplicate_of: str | None, announced: int) -> dict[str, object]:
    return {**posting.model_dump(mode="json"), "duplicate_of": duplicate_of, "announced": announced}


async def _announce(
    batch: list[_Announcement], spec: SourceSpec, *, store: DocumentStore, publisher: Publisher
) -> None:
    """Publish first, then remember: a crash in between republishes the same ids (dropped by
    JetStream's duplicate window) instead of forgetting a job."""
    await asyncio.gather(*(publisher.publish(a.event) for a in batch))
    await asyncio.gather(
        *(
            ProgressReporter(publisher, a.event, SERVICE)(
                ProgressState.DONE, 20, f"ingested '{a.posting.title}' from source '{spec.name}'"
            )
            for a in batch
        )
    )
    for a in batch:
        assert a.event.job_id is not None
        if a.owns_fingerprint:
            claim = {"job_id": a.event.job_id, "source": spec.name}
            with contextlib.suppress(VersionConflict):  # a job of another source was first
                await store.put(FINGERPRINTS, a.posting.fingerprint, claim, expected_version=0)
        await store.put(POSTINGS, a.event.job_id, _stored(a.posting, None, a.number))


async def run_history(store: DocumentStore, source: str) -> list[IngestRunRecord]:
    docs = await store.find(
        RUNS, {"source": source}, sort=[("started_at", -1)], limit=HISTORY_LIMIT
    )
    return [IngestRunRecord.model_validate(d.data) for d in docs]


def scheduled_command(spec: SourceSpec, run_id: str, now: datetime) -> IngestRun:
    """The command the scheduler publishes; its id names the slot, so replicas agree."""
    return IngestRun(
        event_id=derive_id(f"schedule:{spec.name}", run_id),
        occurred_at=now,
        producer=SERVICE,
        source=spec.name,
        run_id=run_id,
    )
