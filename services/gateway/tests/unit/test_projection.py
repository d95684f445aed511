"""The job view: statuses derived from what is known, whatever order events arrive in."""

from __future__ import annotations

import itertools
import uuid
from typing import Any

import pytest

from jobintel.contracts import (
    Annotation,
    AnnotationType,
    AnnotationUpdated,
    Event,
    FailureKind,
    IngestPosting,
    JobDiscarded,
    MasterProfile,
    PipelineFailed,
    ProfileUpdated,
    Resume,
)
from jobintel.gateway.domain.projection import JobStatus, JobView, apply, apply_profile

pytestmark = pytest.mark.unit


def fold(events: list[Event]) -> JobView:
    view: JobView | None = None
    for event in events:
        view = apply(view, event) or view
    assert view is not None
    return view


def test_each_stage_moves_the_job_forward(samples: Any) -> None:
    queued = IngestPosting(
        job_id=samples.job_id,
        producer="gateway",
        occurred_at=samples.at(0),
        text="Platform Engineer at Tidewater",
        company="Tidewater",
    )
    expected = [
        (queued, JobStatus.QUEUED),
        (samples.ingested(), JobStatus.INGESTED),
        (samples.structured(), JobStatus.STRUCTURED),
        (samples.researched(), JobStatus.RESEARCHED),
        (samples.cv_generated(), JobStatus.CV_READY),
    ]
    view = None
    for event, status in expected:
        view = apply(view, event)
        assert view is not None
        assert view.status is status
    assert view is not None
    assert view.title == "Platform Engineer"
    assert view.company_key == "tidewater"
    assert view.cv is not None
    assert view.cv.ats.score == 82.5


def test_the_record_says_which_service_produced_each_stage(samples: Any) -> None:
    ingested, structured, cv = samples.ingested(), samples.structured(), samples.cv_generated()
    view = fold([cv, structured, ingested])
    assert [r.stage for r in view.history] == ["ingested", "structured", "cv_generated"]
    assert view.stages["jd.structured"].producer == "annotation"
    assert view.stages["jd.structured"].event_id == str(structured.event_id)
    assert view.stages["cv.generated"].producer == "cv-generator"
    assert view.stages["job.ingested"].at == ingested.occurred_at


def test_every_arrival_order_gives_the_same_view(samples: Any) -> None:
    events = [
        samples.ingested(),
        samples.structured(),
        samples.researched(),
        samples.cv_generated(),
    ]
    views = [fold(list(order)) for order in itertools.permutations(events)]
    assert {v.status for v in views} == {JobStatus.CV_READY}
    first = views[0].model_dump()
    assert all(v.model_dump() == first for v in views)


def test_a_redelivered_event_changes_nothing(samples: Any) -> None:
    ingested = samples.ingested()
    view = apply(None, ingested)
    assert view is not None
    assert apply(view, ingested) is None
    assert apply(view, ingested.model_copy()) is None
    assert len(view.history) == 1


def test_a_late_older_event_does_not_move_the_status_back(samples: Any) -> None:
    view = fold(
        [samples.ingested(), samples.structured(), samples.researched(), samples.cv_generated()]
    )
    # an older ingestion (another event id) arrives late
    late = samples.ingested(t=0.5).model_copy(update={"event_id": uuid.uuid4()})
    after = apply(view, late)
    assert after is not None
    assert after.status is JobStatus.CV_READY
    assert after.posting_at == samples.at(1)


def test_a_newer_jd_version_after_the_cv_means_structured_again(samples: Any) -> None:
    view = fold(
        [
            samples.ingested(),
            samples.structured(1),
            samples.researched(1),
            samples.cv_generated(jd_version=1),
        ]
    )
    view = apply(view, samples.structured(2, t=10))
    assert view is not None
    assert view.status is JobStatus.STRUCTURED
    assert view.jd is not None
    assert view.jd.version == 2
    view = apply(view, samples.researched(2, t=11))
    assert view is not None
    assert view.status is JobStatus.RESEARCHED
    view = apply(view, samples.cv_generated(jd_version=2, t=12))
    assert view is not None
    assert view.status is JobStatus.CV_READY


def test_an_old_jd_version_arriving_after_the_cv_keeps_cv_ready(samples: Any) -> None:
    view = fold(
        [
            samples.ingested(),
            samples.structured(2, t=2),
            samples.researched(2),
            samples.cv_generated(jd_version=2),
        ]
    )
    view = apply(view, samples.structured(1, t=1.5))
    assert view is not None
    assert view.status is JobStatus.CV_READY
    assert view.jd is not None
    assert view.jd.version == 2


def test_a_cv_for_an_older_jd_does_not_replace_the_newer_one(samples: Any) -> None:
    view = fold([samples.structured(2), samples.cv_generated(jd_version=2, t=5)])
    stale = samples.cv_generated(jd_version=1, t=6)
    view = apply(view, stale)
    assert view is not None
    assert view.cv is not None
    assert view.cv.jd_version == 2


def _failed(samples: Any, t: float) -> PipelineFailed:
    return PipelineFailed(
        job_id=samples.job_id,
        producer="research",
        occurred_at=samples.at(t),
        stage="research",
        kind=FailureKind.EXHAUSTED,
        reason="company site timed out 5 times",
        failed_subject="jd.structured",
    )


def test_a_failure_shows_with_its_reason_until_a_later_success(samples: Any) -> None:
    view = fold([samples.ingested(), samples.structured(), _failed(samples, 2.5)])
    assert view.status is JobStatus.FAILED
    assert view.failure is not None
    assert view.failure.reason == "company site timed out 5 times"
    assert view.failure.stage == "research"
    view = apply(view, samples.researched(t=3)) or view
    assert view.status is JobStatus.RESEARCHED


def test_a_failure_older_than_the_last_success_does_not_fail_the_job(samples: Any) -> None:
    view = fold(
        [
            samples.ingested(),
            samples.structured(),
            samples.researched(),
            samples.cv_generated(),
            _failed(samples, 2.5),
        ]
    )
    assert view.status is JobStatus.CV_READY


def test_discarded_wins_over_everything(samples: Any) -> None:
    discard = JobDiscarded(
        job_id=samples.job_id, producer="gateway", occurred_at=samples.at(1.5), reason="not remote"
    )
    view = fold([samples.ingested(), discard, samples.structured(), samples.cv_generated()])
    assert view.status is JobStatus.DISCARDED
    assert view.discarded is not None
    assert view.discarded.reason == "not remote"


def test_the_newest_annotation_set_wins(samples: Any) -> None:
    def updated(t: float, quotes: list[str]) -> AnnotationUpdated:
        return AnnotationUpdated(
            job_id=samples.job_id,
            producer="annotation",
            occurred_at=samples.at(t),
            annotations=[
                Annotation(annotation_id=q, type=AnnotationType.NOTE, start=0, end=len(q), quote=q)
                for q in quotes
            ],
        )

    view = fold([samples.structured(), updated(5, ["About", "About Tide"]), updated(4, ["A"])])
    assert [a.quote for a in view.annotations] == ["About", "About Tide"]


def test_profile_versions_only_move_forward() -> None:
    def event(version: int) -> ProfileUpdated:
        return ProfileUpdated(
            producer="gateway",
            profile=MasterProfile(
                version=version, resume=Resume.model_validate({"basics": {"name": f"v{version}"}})
            ),
        )

    stored = apply_profile(None, event(2))
    assert stored is not None
    assert stored.version == 2
    assert apply_profile(stored, event(1)) is None
    assert apply_profile(stored, event(2)) is None
    newer = apply_profile(stored, event(3))
    assert newer is not None
    assert newer.resume.basics.name == "v3"


def test_times_are_stored_so_that_text_order_is_time_order(samples: Any) -> None:
    from datetime import UTC, datetime

    from jobintel.gateway.domain.projection import dump

    def stored(at: datetime) -> str:
        event = samples.ingested().model_copy(update={"occurred_at": at})
        view = apply(None, event)
        assert view is not None
        return str(dump(view)["updated_at"])

    whole = stored(datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC))
    later = stored(datetime(2026, 1, 1, 12, 0, 0, 500_000, tzinfo=UTC))
    assert whole < later
    view = fold([samples.ingested()])
    assert JobView.model_validate(dump(view)).updated_at == view.updated_at


def _whole_life(samples: Any) -> list[Event]:
    """A long-lived job: more events than the history keeps, versions and failures between."""
    from jobintel.gateway.domain.projection import HISTORY_LIMIT

    def annotated(t: float, n: int) -> AnnotationUpdated:
        return AnnotationUpdated(
            job_id=samples.job_id,
            producer="annotation",
            occurred_at=samples.at(t),
            annotations=[
                Annotation(
                    annotation_id=f"a{n}",
                    type=AnnotationType.NOTE,
                    start=0,
                    end=5,
                    quote="About",
                    note=f"edit {n}",
                )
            ],
        )

    events: list[Event] = [
        IngestPosting(
            job_id=samples.job_id,
            producer="gateway",
            occurred_at=samples.at(0),
            text="Platform Engineer at Tidewater",
            company="Tidewater",
        ),
        samples.ingested(t=1),
        samples.structured(1, t=2),
        samples.researched(1, t=3),
        _failed(samples, 3.5),
        samples.cv_generated(jd_version=1, t=4),
    ]
    events += [annotated(5 + i / 100, i) for i in range(HISTORY_LIMIT + 40)]
    events += [
        samples.structured(2, t=20),
        samples.researched(2, t=21),
        samples.cv_generated(jd_version=2, t=22),
        samples.ingested(t=23).model_copy(update={"event_id": uuid.uuid4()}),
    ]
    return events


@pytest.mark.parametrize("seed", [1, 2])
def test_replaying_every_event_twice_in_any_order_gives_the_in_order_view(
    samples: Any, seed: int
) -> None:
    import random

    events = _whole_life(samples)
    in_order = fold(events)
    assert in_order.status is JobStatus.CV_READY
    assert in_order.cv is not None
    assert in_order.cv.jd_version == 2
    assert in_order.annotations[0].note == f"edit {len(events) - 11}"  # the newest set

    replay = events + events
    random.Random(seed).shuffle(replay)
    assert fold(replay).model_dump() == in_order.model_dump()
    # and replayed on top of the finished view, nothing visible changes: no write at all
    for event in replay:
        assert apply(in_order, event) is None, event.subject


def test_an_event_older_than_the_kept_history_is_not_applied_again(samples: Any) -> None:
    events = _whole_life(samples)
    view = fold(events)
    oldest = events[0]
    assert all(r.event_id != str(oldest.event_id) for r in view.history)  # fell off the history
    assert apply(view, oldest) is None
