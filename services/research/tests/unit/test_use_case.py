"""The research use case with in-memory ports: the job goes on whatever the site reader does."""

from __future__ import annotations

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
from jobintel.research.service import CachePolicy, Research, on_jd_structured
from jobintel.runtime.store import open_store

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
    deps = Research(store=store, publisher=published, site=BrokenSite(),
                    cache=CachePolicy(timedelta(days=30), timedelta(days=14)))
    text = "Python role. You will report to Sam Carter, Head of Data."
    event = JdStructured(
        job_id="job-1", producer="test",
        jd=StructuredJD(version=1, title="Data Engineer", description_text=text),
        posting=Posting(source="paste", title="Data Engineer", company="Acme",
                        company_url="https://acme.co.uk", description_text=text),
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
