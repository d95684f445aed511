"""Annotation use cases: take ports (store, publisher, structurer), no NATS or HTTP here.

Every new version of a job's structured description is kept (`jd_versions`, key
`job_id:version`) with the latest one per job (`jd_latest`). The cause → version mapping
(`jd_causes`) makes a redelivered message republish the version it already made instead of
making another one.
"""

from __future__ import annotations

from collections.abc import Sequence

from jobintel.contracts import (
    Annotation,
    AnnotationUpdated,
    ApplyAnnotations,
    Event,
    JdStructured,
    JobIngested,
    Posting,
    ProgressState,
    StructuredJD,
    StructureJob,
    StructuringMethod,
)
from jobintel.runtime.errors import PermanentError, TransientError
from jobintel.runtime.publishing import ProgressReporter, Publisher
from jobintel.runtime.store import DocumentStore, VersionConflict

from . import SERVICE
from .domain.annotate import AnnotationError, annotate, apply_changes, reanchor
from .structurer import Structurer, fell_back

POSTINGS = "postings"
STRUCTURES = "structures"
ANNOTATIONS = "annotations"
VERSIONS = "jd_versions"
LATEST = "jd_latest"
CAUSES = "jd_causes"
INDEXES: dict[str, Sequence[Sequence[str]]] = {VERSIONS: [("job_id", "version")]}

STAGE_STRUCTURED = "jd-structured"
STAGE_ANNOTATIONS = "annotation-updated"


def _job_id(event: Event) -> str:
    if not event.job_id:
        raise PermanentError(f"{event.subject} event {event.event_id} has no job_id")
    return str(event.job_id)


async def _load_annotations(store: DocumentStore, job_id: str) -> list[Annotation]:
    doc = await store.get(ANNOTATIONS, job_id)
    if doc is None:
        return []
    return [Annotation.model_validate(a) for a in doc.data["annotations"]]


async def _save_annotations(store: DocumentStore, job_id: str, items: list[Annotation]) -> None:
    await store.put(
        ANNOTATIONS,
        job_id,
        {"job_id": job_id, "annotations": [a.model_dump(mode="json") for a in items]},
    )


async def _already_made(store: DocumentStore, cause: Event, job_id: str) -> JdStructured | None:
    """The version this cause made on an earlier delivery, if any."""
    version: int | None = None
    if (mapped := await store.get(CAUSES, str(cause.event_id))) is not None:
        version = int(mapped.data["version"])
    elif (latest := await store.get(LATEST, job_id)) is not None and latest.data.get(
        "cause_id"
    ) == str(cause.event_id):
        version = int(latest.data["version"])
    if version is None:
        return None
    doc = await store.get(VERSIONS, f"{job_id}:{version}")
    if doc is None:
        latest = await store.get(LATEST, job_id)
        assert latest is not None
        doc = latest
    return JdStructured.model_validate(doc.data["event"])


async def _publish_version(
    cause: Event,
    *,
    job_id: str,
    posting: Posting,
    base: StructuredJD,
    annotations: list[Annotation],
    store: DocumentStore,
    publisher: Publisher,
) -> JdStructured:
    """Store and publish the next version of the job's JD (or the one this cause made)."""
    if (made := await _already_made(store, cause, job_id)) is not None:
        await publisher.publish(made)  # JetStream drops it if the first publish got through
        return made
    latest = await store.get(LATEST, job_id)
    version = int(latest.data["version"]) + 1 if latest else 1
    jd = annotate(base, annotations).model_copy(update={"version": version})
    event = JdStructured.caused_by(
        cause, producer=SERVICE, stage=STAGE_STRUCTURED, jd=jd, posting=posting
    )
    record = {
        "job_id": job_id,
        "version": version,
        "cause_id": str(cause.event_id),
        "event": event.model_dump(mode="json"),
    }
    try:
        await store.put(LATEST, job_id, record, expected_version=latest.version if latest else 0)
    except VersionConflict as exc:
        raise TransientError(
            f"job {job_id}'s description changed while this update was prepared; retrying"
        ) from exc
    await store.put(VERSIONS, f"{job_id}:{version}", record)
    await store.put(CAUSES, str(cause.event_id), {"job_id": job_id, "version": version})
    await publisher.publish(event)
    return event


async def _republished(
    cause: Event,
    job_id: str,
    store: DocumentStore,
    publisher: Publisher,
    progress: ProgressReporter,
) -> JdStructured | None:
    """On a redelivery, publish the version this cause made again instead of structuring (and
    paying a model) a second time."""
    if (made := await _already_made(store, cause, job_id)) is None:
        return None
    await publisher.publish(made)
    await progress(ProgressState.DONE, 40, f"structured description v{made.jd.version}")
    return made


async def _structure(
    posting: Posting,
    job_id: str,
    *,
    store: DocumentStore,
    structurer: Structurer,
    progress: ProgressReporter,
) -> StructuredJD:
    await progress(ProgressState.STARTED, 22, f"structuring '{posting.title}'")
    base = await structurer.structure(posting)
    if (why := fell_back(base)) is not None:
        await progress(ProgressState.RUNNING, 26, why)
    kinds = ", ".join(dict.fromkeys(s.kind.value for s in base.sections)) or "none"
    by = (
        f" (read by {base.usage.model})"
        if base.method is StructuringMethod.LLM and base.usage
        else ""
    )
    await progress(ProgressState.RUNNING, 28, f"found {len(base.sections)} sections ({kinds}){by}")
    must = sum(r.kind.value == "must_have" for r in base.requirements)
    nice = len(base.requirements) - must
    await progress(
        ProgressState.RUNNING,
        32,
        f"found {must} must-have and {nice} nice-to-have requirements",
    )
    top = ", ".join(k.name for k in base.keywords[:8]) or "none"
    await progress(ProgressState.RUNNING, 36, f"matched {len(base.keywords)} skills: {top}")
    await store.put(STRUCTURES, job_id, base.model_dump(mode="json"))
    return base


async def _reanchored(
    store: DocumentStore, job_id: str, text: str
) -> tuple[list[Annotation], list[str]]:
    current = await _load_annotations(store, job_id)
    if not current:
        return [], []
    placed = reanchor(current, text)
    notes = [
        f"annotation {a.annotation_id} moved to {a.start}-{a.end} (found by its quote)"
        for a in placed.moved
    ]
    notes += [
        f"annotation {a.annotation_id} dropped: {a.quote[:60]!r} is no longer in the text"
        for a in placed.dropped
    ]
    if placed.moved or placed.dropped:
        await _save_annotations(store, job_id, placed.kept)
    return placed.kept, notes


async def structure_ingested(
    event: JobIngested, *, store: DocumentStore, publisher: Publisher, structurer: Structurer
) -> JdStructured:
    """A new (or re-ingested) posting: structure it and publish the next version."""
    job_id = _job_id(event)
    progress = ProgressReporter(publisher, event, SERVICE)
    await store.put(POSTINGS, job_id, event.posting.model_dump(mode="json"))
    if (made := await _republished(event, job_id, store, publisher, progress)) is not None:
        return made
    base = await _structure(
        event.posting, job_id, store=store, structurer=structurer, progress=progress
    )
    annotations, notes = await _reanchored(store, job_id, base.description_text)
    base = base.model_copy(update={"notes": [*base.notes, *notes]})
    out = await _publish_version(
        event,
        job_id=job_id,
        posting=event.posting,
        base=base,
        annotations=annotations,
        store=store,
        publisher=publisher,
    )
    await progress(ProgressState.DONE, 40, f"structured description v{out.jd.version}")
    return out


async def restructure(
    command: StructureJob, *, store: DocumentStore, publisher: Publisher, structurer: Structurer
) -> JdStructured:
    """Structure the stored posting again, keeping the annotations (re-anchored by quote)."""
    job_id = _job_id(command)
    doc = await store.get(POSTINGS, job_id)
    if doc is None:
        raise TransientError(f"no posting stored for job {job_id} yet: ingest it first")
    posting = Posting.model_validate(doc.data)
    progress = ProgressReporter(publisher, command, SERVICE)
    if (made := await _republished(command, job_id, store, publisher, progress)) is not None:
        return made
    base = await _structure(posting, job_id, store=store, structurer=structurer, progress=progress)
    annotations, notes = await _reanchored(store, job_id, base.description_text)
    base = base.model_copy(update={"notes": [*base.notes, *notes]})
    out = await _publish_version(
        command,
        job_id=job_id,
        posting=posting,
        base=base,
        annotations=annotations,
        store=store,
        publisher=publisher,
    )
    await progress(ProgressState.DONE, 40, f"re-structured description v{out.jd.version}")
    return out


async def apply_annotations(
    command: ApplyAnnotations, *, store: DocumentStore, publisher: Publisher
) -> tuple[AnnotationUpdated, JdStructured]:
    """Upsert and delete annotations, announce the full set and a new JD version."""
    job_id = _job_id(command)
    if (made := await _already_made(store, command, job_id)) is not None:
        # a redelivery: announce what this command made, never re-apply it over newer changes
        announced = AnnotationUpdated.caused_by(
            command, producer=SERVICE, stage=STAGE_ANNOTATIONS, annotations=made.jd.annotations
        )
        await publisher.publish(announced)
        await publisher.publish(made)
        return announced, made
    base_doc = await store.get(STRUCTURES, job_id)
    posting_doc = await store.get(POSTINGS, job_id)
    if base_doc is None or posting_doc is None:
        raise TransientError(f"job {job_id} has no structured description yet")
    base = StructuredJD.model_validate(base_doc.data)
    posting = Posting.model_validate(posting_doc.data)
    progress = ProgressReporter(publisher, command, SERVICE)
    await progress(
        ProgressState.STARTED,
        22,
        f"applying {len(command.upserts)} annotation(s), deleting {len(command.deletes)}",
    )
    current = await _load_annotations(store, job_id)
    try:
        updated = apply_changes(current, command.upserts, command.deletes, base.description_text)
    except AnnotationError as exc:
        raise PermanentError(str(exc)) from exc
    await _save_annotations(store, job_id, updated)
    announced = AnnotationUpdated.caused_by(
        command, producer=SERVICE, stage=STAGE_ANNOTATIONS, annotations=updated
    )
    await publisher.publish(announced)
    out = await _publish_version(
        command,
        job_id=job_id,
        posting=posting,
        base=base,
        annotations=updated,
        store=store,
        publisher=publisher,
    )
    await progress(
        ProgressState.DONE,
        40,
        f"{len(updated)} annotation(s); description v{out.jd.version} "
        f"({out.jd.coverage.share:.0%} of requirements annotated)",
    )
    return announced, out


async def versions(store: DocumentStore, job_id: str) -> list[StructuredJD]:
    """Every kept version of a job's JD, oldest first."""
    docs = await store.find(VERSIONS, {"job_id": job_id}, sort=[("version", 1)])
    return [JdStructured.model_validate(d.data["event"]).jd for d in docs]
