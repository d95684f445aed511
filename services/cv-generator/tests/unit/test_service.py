"""The use cases with in-memory ports: what the user sees after each event."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from jobintel.contracts import (
    CompanyResearched,
    CvGenerated,
    Event,
    FailureKind,
    GenerateCv,
    ProfileUpdated,
    Progress,
    Verdict,
)
from jobintel.contracts.company import CompanyProfile
from jobintel.contracts.cv import CONTENT_TYPES, CvFormat
from jobintel.cv_generator import service
from jobintel.cv_generator.domain.letter import Proposal
from jobintel.runtime.errors import TransientError
from jobintel.runtime.store import DocumentStore, open_store

from ..conftest import load_profile, make_jd
from ..fakes import CountingRewriter, FabricatingRewriter, MemorySink

pytestmark = pytest.mark.unit
COMPANY = CompanyProfile(company_id="tidewater.example", name="Tidewater")


class ListPublisher:
    def __init__(self) -> None:
        self.events: list[Event] = []

    async def publish(self, event: Event) -> None:
        self.events.append(event)


@pytest.fixture
async def store() -> AsyncIterator[DocumentStore]:
    db = await open_store("sqlite:///:memory:")
    yield db
    await db.close()


def researched(job_id: str = "job-1") -> CompanyResearched:
    return CompanyResearched(job_id=job_id, producer="test", company=COMPANY, jd=make_jd())


async def test_a_fabricating_rewriter_cannot_reach_the_published_cv(store: DocumentStore) -> None:
    await service.store_profile(ProfileUpdated(producer="t", profile=load_profile()), store=store)
    publisher, sink, rewriter = ListPublisher(), MemorySink(), FabricatingRewriter()
    event = await service.generate_for_job(
        researched(), store=store, publisher=publisher, files=sink, rewriter=rewriter
    )
    reverted = {i.section: i for i in event.grounding.items if i.verdict is Verdict.REVERTED}
    assert set(reverted) == set(rewriter.injected)
    for key, (_, claim) in rewriter.injected.items():
        assert claim in reverted[key].unsupported
    markdown = sink.files["job-1/jd1-p1.md"][0].decode()
    for suffix, _ in rewriter.injected.values():
        assert suffix.strip(" ,") not in markdown
    assert event.method == "fake-llm"
    done = [e for e in publisher.events if isinstance(e, Progress)][-1]
    assert done.final
    assert f"{len(reverted)} rewrite(s) reverted" in done.message


async def test_every_format_is_stored_under_its_job_and_versions(store: DocumentStore) -> None:
    await service.store_profile(ProfileUpdated(producer="t", profile=load_profile(3)), store=store)
    sink = MemorySink()
    event = await service.generate_for_job(
        researched(), store=store, publisher=ListPublisher(), files=sink
    )
    names = {f.object_name: f for f in event.files}
    assert set(names) == {
        "job-1/jd1-p3.md",
        "job-1/jd1-p3.html",
        "job-1/jd1-p3.json",
        "job-1/jd1-p3.docx",
        "job-1/jd1-p3.pdf",
        "job-1/jd1-p3-classic.pdf",
    }
    for name, file in names.items():
        data, content_type = sink.files[name]
        assert file.size == len(data)
        assert content_type == CONTENT_TYPES[file.format]
    assert sink.files["job-1/jd1-p3.pdf"][0].startswith(b"%PDF")
    first_pdf = next(f for f in event.files if f.format is CvFormat.PDF)
    assert first_pdf.object_name == "job-1/jd1-p3.pdf"  # the default one is served first
    assert event.profile_version == 3
    assert event.scores[0].total >= event.scores[-1].total
    assert all(s.path for s in event.scores)


async def test_redelivery_republishes_the_same_event_without_remaking_it(
    store: DocumentStore,
) -> None:
    await service.store_profile(ProfileUpdated(producer="t", profile=load_profile()), store=store)
    cause = researched()
    first_pub, second_pub = ListPublisher(), ListPublisher()
    first_sink, second_sink = MemorySink(), MemorySink()
    rewriter = CountingRewriter()
    a = await service.generate_for_job(
        cause, store=store, publisher=first_pub, files=first_sink, rewriter=rewriter
    )
    # the user uploads a new master CV before the message is redelivered
    await service.store_profile(ProfileUpdated(producer="t", profile=load_profile(2)), store=store)
    b = await service.generate_for_job(
        cause, store=store, publisher=second_pub, files=second_sink, rewriter=rewriter
    )
    assert rewriter.calls == 1, "the model is paid once per cause"
    assert second_sink.files == {}, "nothing is rendered or stored twice"
    assert b == a
    assert b.profile_version == 1, "made from the version recorded for this cause"
    assert b.cover_letter is not None
    letter_files = [f.object_name for f in b.cover_letter.files]
    assert [f.object_name for f in b.files] + letter_files == list(first_sink.files)
    [again] = [e for e in second_pub.events if isinstance(e, CvGenerated)]
    assert again == a
    final = [e for e in second_pub.events if isinstance(e, Progress)]
    assert [p.event_id for p in final] == [
        p.event_id for p in first_pub.events if isinstance(p, Progress) and p.final
    ]
    assert await store.count(service.CVS) == 1


class FailingPublisher(ListPublisher):
    """The broker goes away just as the CV is published."""

    async def publish(self, event: Event) -> None:
        if isinstance(event, CvGenerated):
            raise ConnectionError("nats went away")
        await super().publish(event)


async def test_a_retry_after_a_crash_reuses_the_rewrites_and_the_profile_version(
    store: DocumentStore,
) -> None:
    await service.store_profile(ProfileUpdated(producer="t", profile=load_profile()), store=store)
    cause, rewriter = researched(), CountingRewriter()
    with pytest.raises(ConnectionError):
        await service.generate_for_job(
            cause, store=store, publisher=FailingPublisher(), files=MemorySink(), rewriter=rewriter
        )
    await service.store_profile(ProfileUpdated(producer="t", profile=load_profile(2)), store=store)
    publisher = ListPublisher()
    event = await service.generate_for_job(
        cause, store=store, publisher=publisher, files=MemorySink(), rewriter=rewriter
    )
    assert rewriter.calls == 1
    assert event.profile_version == 1
    assert [e for e in publisher.events if isinstance(e, CvGenerated)] == [event]


async def test_a_new_cause_uses_the_current_profile(store: DocumentStore) -> None:
    await service.store_profile(ProfileUpdated(producer="t", profile=load_profile()), store=store)
    await service.generate_for_job(
        researched(), store=store, publisher=ListPublisher(), files=MemorySink()
    )
    await service.store_profile(ProfileUpdated(producer="t", profile=load_profile(2)), store=store)
    event = await service.regenerate(
        GenerateCv(job_id="job-1", producer="t"),
        store=store,
        publisher=ListPublisher(),
        files=MemorySink(),
    )
    assert event.profile_version == 2


async def test_a_profile_written_meanwhile_is_not_overwritten(store: DocumentStore) -> None:
    """Two replicas: one reads version 1 as current, the other writes 3 before the first writes."""
    await service.store_profile(ProfileUpdated(producer="t", profile=load_profile(1)), store=store)

    class Racing:
        """The store as the slow replica sees it: version 3 lands right after its read."""

        def __getattr__(self, name: str) -> object:
            return getattr(store, name)

        async def get(self, collection: str, key: str) -> object:
            doc = await store.get(collection, key)
            if collection == service.PROFILES:
                await service.store_profile(
                    ProfileUpdated(producer="t", profile=load_profile(3)), store=store
                )
            return doc

    with pytest.raises(TransientError):
        await service.store_profile(
            ProfileUpdated(producer="t", profile=load_profile(2)),
            store=Racing(),  # type: ignore[arg-type]
        )
    current = await store.get(service.PROFILES, service.DEFAULT_PROFILE)
    assert current is not None
    assert current.data["version"] == 3
    # redelivered, version 2 sees 3 is current and leaves it
    await service.store_profile(ProfileUpdated(producer="t", profile=load_profile(2)), store=store)
    current = await store.get(service.PROFILES, service.DEFAULT_PROFILE)
    assert current is not None
    assert current.data["version"] == 3
    assert await store.count(service.PROFILE_VERSIONS) == 3


async def test_an_older_profile_arriving_late_does_not_replace_the_newer(
    store: DocumentStore,
) -> None:
    for version in (2, 1):
        await service.store_profile(
            ProfileUpdated(producer="t", profile=load_profile(version)), store=store
        )
    event = await service.generate_for_job(
        researched(), store=store, publisher=ListPublisher(), files=MemorySink()
    )
    assert event.profile_version == 2
    assert await store.count(service.PROFILE_VERSIONS) == 2


async def test_no_profile_yet_is_worth_retrying_and_says_what_to_do(store: DocumentStore) -> None:
    with pytest.raises(TransientError) as err:
        await service.generate_for_job(
            researched(), store=store, publisher=ListPublisher(), files=MemorySink()
        )
    assert err.value.kind is FailureKind.NOT_READY
    assert "PUT /api/profile" in str(err.value)


async def test_regenerating_an_unknown_job_waits_for_research(store: DocumentStore) -> None:
    await service.store_profile(ProfileUpdated(producer="t", profile=load_profile()), store=store)
    with pytest.raises(TransientError) as err:
        await service.regenerate(
            GenerateCv(job_id="nope", producer="t"),
            store=store,
            publisher=ListPublisher(),
            files=MemorySink(),
        )
    assert err.value.kind is FailureKind.NOT_READY


async def test_regenerate_reuses_the_stored_job(store: DocumentStore) -> None:
    await service.store_profile(ProfileUpdated(producer="t", profile=load_profile()), store=store)
    await service.generate_for_job(
        researched(), store=store, publisher=ListPublisher(), files=MemorySink()
    )
    publisher = ListPublisher()
    event = await service.regenerate(
        GenerateCv(job_id="job-1", producer="t"),
        store=store,
        publisher=publisher,
        files=MemorySink(),
    )
    assert isinstance(event, CvGenerated)
    assert event.cv.name == "Ines Halvorsen"
    assert [e for e in publisher.events if isinstance(e, CvGenerated)] == [event]


async def test_an_older_jd_arriving_late_does_not_replace_the_kept_context(
    store: DocumentStore,
) -> None:
    await service.store_profile(ProfileUpdated(producer="t", profile=load_profile()), store=store)
    for version in (2, 1):
        cause = CompanyResearched(
            job_id="job-1", producer="test", company=COMPANY, jd=make_jd(version)
        )
        await service.generate_for_job(
            cause, store=store, publisher=ListPublisher(), files=MemorySink()
        )
    event = await service.regenerate(
        GenerateCv(job_id="job-1", producer="t"),
        store=store,
        publisher=ListPublisher(),
        files=MemorySink(),
    )
    assert event.jd_version == 2


class CountingLetterWriter:
    """A model that writes one true and one invented sentence, and counts its calls."""

    def __init__(self) -> None:
        self.calls = 0

    async def propose(self, draft: object, **_: object) -> Proposal:
        self.calls += 1
        return Proposal(
            sentences=[
                "I built the Terraform module library that 12 product teams use to provision "
                "AWS accounts.",
                "I shipped a Python CLI that engineers use to request staging environments.",
                "I was Head of Infrastructure at Equinor for 7 years.",
            ],
            method="llm:counting",
        )


async def test_the_cover_letter_is_stored_in_three_formats_and_paid_for_once(
    store: DocumentStore,
) -> None:
    await service.store_profile(ProfileUpdated(producer="t", profile=load_profile()), store=store)
    cause = researched()
    writer, sink = CountingLetterWriter(), MemorySink()
    event = await service.generate_for_job(
        cause, store=store, publisher=ListPublisher(), files=sink, letter_writer=writer
    )
    letter = event.cover_letter
    assert letter is not None
    assert {f.format for f in letter.files} == {CvFormat.MARKDOWN, CvFormat.DOCX, CvFormat.PDF}
    markdown = sink.files["job-1/jd1-p1-letter.md"][0].decode()
    assert "Ines Halvorsen" in markdown
    assert "Equinor" not in markdown
    assert "shipped a Python CLI" in markdown
    [refused] = [i for i in letter.grounding.reverted if i.proposed and "Equinor" in i.proposed]
    assert "Equinor" in refused.unsupported
    again = await service.generate_for_job(
        cause, store=store, publisher=ListPublisher(), files=MemorySink(), letter_writer=writer
    )
    assert writer.calls == 1, "the letter's model call is paid once per cause"
    assert again.cover_letter == letter
