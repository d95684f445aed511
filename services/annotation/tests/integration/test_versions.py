"""The use cases on a real SQLite store: versions kept, redelivery changes nothing twice."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from jobintel.annotation import service
from jobintel.annotation.structurer import OfflineStructurer
from jobintel.contracts import (
    Annotation,
    AnnotationType,
    AnnotationUpdated,
    ApplyAnnotations,
    Event,
    JdStructured,
    JobIngested,
    Posting,
    Progress,
    StructuredJD,
    StructureJob,
)
from jobintel.runtime.errors import PermanentError, TransientError
from jobintel.runtime.store import DocumentStore, open_store

pytestmark = pytest.mark.integration

TEXT = "Requirements:\n- Python and SQL\n- Kafka\n\nNice to have:\n- Rust\n"


class Recorder:
    """The publisher port, keeping what was published."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    async def publish(self, event: Event) -> None:
        self.events.append(event)

    def of(self, kind: type[Event]) -> list[Event]:
        return [e for e in self.events if type(e) is kind]


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[DocumentStore]:
    db = await open_store(f"sqlite:///{tmp_path / 'annotation.db'}")
    for collection, indexes in service.INDEXES.items():
        for fields in indexes:
            await db.ensure_index(collection, fields)
    yield db
    await db.close()


def ingested(text: str = TEXT) -> JobIngested:
    posting = Posting(source="test", title="Data Engineer", description_text=text)
    return JobIngested(job_id="job-1", producer="test", posting=posting)


def annotation(quote: str, kind: AnnotationType, text: str = TEXT, aid: str = "a1") -> Annotation:
    start = text.index(quote)
    return Annotation(
        annotation_id=aid, type=kind, start=start, end=start + len(quote), quote=quote
    )


class Counting:
    """The offline structurer, counting calls (each would be a paid model call in LLM mode)."""

    def __init__(self) -> None:
        self.calls = 0
        self._offline = OfflineStructurer()

    async def structure(self, posting: Posting) -> StructuredJD:
        self.calls += 1
        return await self._offline.structure(posting)


async def test_a_redelivered_event_republishes_the_same_version(store: DocumentStore) -> None:
    out, structurer = Recorder(), Counting()
    event = ingested()
    first = await service.structure_ingested(
        event, store=store, publisher=out, structurer=structurer
    )
    before = {p.event_id for p in out.of(Progress)}
    again = await service.structure_ingested(
        event, store=store, publisher=out, structurer=structurer
    )
    assert first.event_id == again.event_id
    assert again.jd.version == 1
    assert [v.version for v in await service.versions(store, "job-1")] == [1]
    assert structurer.calls == 1  # not structured (nor paid for) twice
    assert {p.event_id for p in out.of(Progress)} == before  # same ids both times


async def test_every_version_is_kept_and_annotations_survive(store: DocumentStore) -> None:
    out, structurer = Recorder(), OfflineStructurer()
    await service.structure_ingested(ingested(), store=store, publisher=out, structurer=structurer)
    apply = ApplyAnnotations(
        job_id="job-1", producer="test", upserts=[annotation("Rust", AnnotationType.CORE_STRENGTH)]
    )
    _, v2 = await service.apply_annotations(apply, store=store, publisher=out)
    _, v2_again = await service.apply_annotations(apply, store=store, publisher=out)
    assert v2.jd.version == v2_again.jd.version == 2

    # the posting is edited and ingested again: the annotation follows its quote
    edited = "We are hiring!\n\n" + TEXT
    v3 = await service.structure_ingested(
        ingested(edited), store=store, publisher=out, structurer=structurer
    )
    [kept] = v3.jd.annotations
    assert edited[kept.start : kept.end] == "Rust"
    assert any("moved" in n for n in v3.jd.notes)

    # a late redelivery of the first command does not undo what came after it
    later = ApplyAnnotations(job_id="job-1", producer="test", deletes=["a1"])
    _, v_late = await service.apply_annotations(later, store=store, publisher=out)
    assert v_late.jd.annotations == []
    _, replayed = await service.apply_annotations(apply, store=store, publisher=out)
    assert replayed.jd.version == 2
    again = ApplyAnnotations(job_id="job-1", producer="test", upserts=list(v2.jd.annotations))
    await service.apply_annotations(again, store=store, publisher=out)

    latest = await service.restructure(
        StructureJob(job_id="job-1", producer="test"),
        store=store,
        publisher=out,
        structurer=structurer,
    )
    assert latest.jd.version == 6
    assert [a.annotation_id for a in latest.jd.annotations] == ["a1"]
    assert [v.version for v in await service.versions(store, "job-1")] == [1, 2, 3, 4, 5, 6]
    updates = [e for e in out.of(AnnotationUpdated) if isinstance(e, AnnotationUpdated)]
    assert len({e.event_id for e in updates}) == 3  # three commands, one announcement each
    structured = [e for e in out.of(JdStructured) if isinstance(e, JdStructured)]
    assert [e.jd.version for e in structured] == [1, 2, 2, 3, 4, 2, 5, 6]


async def test_annotations_for_an_unknown_job_wait_and_bad_ones_fail(
    store: DocumentStore,
) -> None:
    out = Recorder()
    early = ApplyAnnotations(
        job_id="job-1", producer="test", upserts=[annotation("Rust", AnnotationType.NOTE)]
    )
    with pytest.raises(TransientError, match="no structured description yet"):
        await service.apply_annotations(early, store=store, publisher=out)
    await service.structure_ingested(
        ingested(), store=store, publisher=out, structurer=OfflineStructurer()
    )
    bad = Annotation(annotation_id="x", type=AnnotationType.NOTE, start=0, end=4, quote="Java")
    with pytest.raises(PermanentError, match="not in the job description"):
        await service.apply_annotations(
            ApplyAnnotations(job_id="job-1", producer="test", upserts=[bad]),
            store=store,
            publisher=out,
        )
    assert [v.version for v in await service.versions(store, "job-1")] == [1]


async def test_restructuring_a_job_never_ingested_waits(store: DocumentStore) -> None:
    with pytest.raises(TransientError, match="no posting stored"):
        await service.restructure(
            StructureJob(job_id="nope", producer="test"),
            store=store,
            publisher=Recorder(),
            structurer=OfflineStructurer(),
        )
