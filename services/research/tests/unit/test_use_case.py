"""The research use case with in-memory ports: the job goes on whatever the site reader does,
and a late or concurrent message never puts an older JD back."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta

import pytest

from jobintel.contracts import (
    CompanyResearched,
    Event,
    JdStructured,
    Posting,
    Progress,
    StructuredJD,
)
from jobintel.research.domain.pages import PageKind
from jobintel.research.domain.profile import SiteVisit
from jobintel.research.service import (
    JOBS,
    CachePolicy,
    Research,
    on_jd_structured,
    remember_job,
)
from jobintel.runtime.errors import TransientError
from jobintel.runtime.store import Document, DocumentStore, JsonDoc, SortSpec, Where, open_store

pytestmark = pytest.mark.unit


class Published:
    def __init__(self) -> None:
        self.events: list[Event] = []

    async def publish(self, event: Event) -> None:
        self.events.append(event)


class BrokenSite:
    async def visit(self, website: str) -> SiteVisit:
        raise RuntimeError("parser exploded")

    async def read(self, urls: dict[str, PageKind]) -> SiteVisit:
        raise RuntimeError("parser exploded")


async def test_an_unexpected_error_while_reading_the_site_still_hands_the_job_on() -> None:
    store = await open_store("sqlite:///:memory:")
    published = Published()
    deps = Research(
        store=store,
        publisher=published,
        site=BrokenSite(),
        cache=CachePolicy(timedelta(days=30), timedelta(days=14)),
    )
    text = "Python role. You will report to Sam Carter, Head of Data."
    event = JdStructured(
        job_id="job-1",
        producer="test",
        jd=StructuredJD(version=1, title="Data Engineer", description_text=text),
        posting=Posting(
            source="paste",
            title="Data Engineer",
            company="Acme",
            company_url="https://acme.co.uk",
            description_text=text,
        ),
    )
    try:
        out = await on_jd_structured(event, deps)
    finally:
        await store.close()
    assert out in published.events
    assert isinstance(out, CompanyResearched)
    assert out.company.partial
    assert "parser exploded" in out.company.partial_reasons[0]
    assert [c.name for c in out.company.contacts] == ["Sam Carter"]
    progress = [e for e in published.events if isinstance(e, Progress)]
    assert progress[-1].state == "done"
    assert "(partial)" in progress[-1].message


POLICY = CachePolicy(timedelta(days=30), timedelta(days=14))


def structured(version: int, title: str) -> JdStructured:
    text = f"{title}: Python work. You will report to Sam Carter, Head of Data."
    return JdStructured(
        job_id="job-1",
        producer="test",
        jd=StructuredJD(version=version, title=title, description_text=text),
        posting=Posting(source="paste", title=title, company="Acme", description_text=text),
    )


async def stored_jd(store: DocumentStore) -> tuple[int, str]:
    doc = await store.get(JOBS, "job-1")
    assert doc is not None
    return int(doc.data["jd"]["version"]), str(doc.data["jd"]["title"])


async def test_an_older_jd_arriving_late_does_not_replace_the_newer_one() -> None:
    store = await open_store("sqlite:///:memory:")
    deps = Research(store=store, publisher=Published(), site=None, cache=POLICY)
    try:
        await on_jd_structured(structured(2, "Data Engineer II"), deps)
        late = await on_jd_structured(structured(1, "Data Engineer"), deps)
        kept = await stored_jd(store)
    finally:
        await store.close()
    assert kept == (2, "Data Engineer II")
    assert late.jd.version == 1  # the late message itself is still answered, for its own JD


class RacingStore:
    """A store where another replica writes right after a chosen read: the lost-update window."""

    def __init__(self, inner: DocumentStore) -> None:
        self.inner = inner
        self.reads = 0
        self.race_on_read: int | None = None
        self.racer: Callable[[], Awaitable[None]] | None = None

    async def get(self, collection: str, key: str) -> Document | None:
        doc = await self.inner.get(collection, key)
        if collection == JOBS:
            self.reads += 1
            if self.reads == self.race_on_read and self.racer is not None:
                await self.racer()
        return doc

    async def put(
        self, collection: str, key: str, data: JsonDoc, *, expected_version: int | None = None
    ) -> int:
        return await self.inner.put(collection, key, data, expected_version=expected_version)

    async def find(
        self,
        collection: str,
        where: Where | None = None,
        *,
        sort: SortSpec = (),
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Document]:
        return await self.inner.find(collection, where, sort=sort, limit=limit, offset=offset)

    async def count(self, collection: str, where: Where | None = None) -> int:
        return await self.inner.count(collection, where)

    async def delete(self, collection: str, key: str) -> bool:
        return await self.inner.delete(collection, key)

    async def ensure_index(self, collection: str, fields: Sequence[str]) -> None:
        await self.inner.ensure_index(collection, fields)

    async def close(self) -> None:
        await self.inner.close()


async def test_a_newer_jd_stored_while_the_older_one_is_researched_is_kept() -> None:
    """v2 is stored between research of v1 reading the job and writing its company back."""
    store = RacingStore(await open_store("sqlite:///:memory:"))
    deps = Research(store=store, publisher=Published(), site=None, cache=POLICY)

    async def newer_arrives() -> None:
        await remember_job(store.inner, structured(2, "Data Engineer II"))

    store.race_on_read, store.racer = 2, newer_arrives  # 1: remember v1, 2: link its company
    try:
        with pytest.raises(TransientError, match="updated by another message"):
            await on_jd_structured(structured(1, "Data Engineer"), deps)
        assert await stored_jd(store) == (2, "Data Engineer II")
        redelivered = await on_jd_structured(structured(1, "Data Engineer"), deps)
        kept = await stored_jd(store)
    finally:
        await store.close()
    assert kept == (2, "Data Engineer II")
    assert redelivered.jd.version == 1
