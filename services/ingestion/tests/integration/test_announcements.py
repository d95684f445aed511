"""Announcement ids and fingerprint claims against a real SQLite store."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from jobintel.contracts import IngestRun, Posting, SourceSpec
from jobintel.ingestion import service
from jobintel.runtime.store import DocumentStore, open_store

pytestmark = pytest.mark.integration

SPEC = SourceSpec(name="kestrel", kind="ashby", board="kestrel", base_url="https://x.example")


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[DocumentStore]:
    opened = await open_store(f"sqlite:///{tmp_path / 'ingestion.db'}")
    try:
        yield opened
    finally:
        await opened.close()


def version(text: str) -> Posting:
    return Posting(
        source="kestrel",
        external_id="job-1",
        title="Clinical Data Specialist",
        description_text=text,
        fingerprint=f"fp-{text}",
    )


async def decide(store: DocumentStore, posting: Posting, run: IngestRun) -> service._Announcement:
    decided = await service._decide(
        SPEC, posting, service._Tally(), set(), command=run, store=store
    )
    assert decided is not None
    return decided


class _NoPublisher:
    async def publish(self, event: object) -> None:
        return None


async def announce(store: DocumentStore, posting: Posting) -> str:
    run = IngestRun(producer="test", source="kestrel", run_id=posting.description_text)
    decided = await decide(store, posting, run)
    await service._announce([decided], SPEC, store=store, publisher=_NoPublisher())  # type: ignore[arg-type]
    return str(decided.event.event_id)


async def test_a_posting_changing_back_is_announced_with_a_new_id(store: DocumentStore) -> None:
    ids = [await announce(store, version(text)) for text in ("A", "B", "A", "B")]
    assert len(set(ids)) == 4


async def test_a_redelivered_run_announces_with_the_same_id(store: DocumentStore) -> None:
    await announce(store, version("A"))
    run = IngestRun(producer="test", source="kestrel", run_id="r2")
    first = await decide(store, version("B"), run)
    # the run crashed after publishing and before storing: its redelivery decides again
    again = await decide(store, version("B"), run)
    assert again.event.event_id == first.event.event_id


async def test_two_jobs_racing_for_one_fingerprint_have_one_owner(store: DocumentStore) -> None:
    posting = version("same words")
    results = await asyncio.gather(
        *(service._link_duplicate(store, posting, job) for job in ("job-a", "job-b", "job-c"))
    )
    owner = await store.get(service.FINGERPRINTS, posting.fingerprint)
    assert owner is not None
    assert results.count(None) == 1
    assert sorted(r for r in results if r is not None) == [owner.data["job_id"]] * 2
