"""Every stored subject lands in exactly one stream, and every event's subject is stored."""

from __future__ import annotations

import itertools

import pytest

from jobintel.contracts import EVENT_BY_SUBJECT, EVENT_TYPES, Progress, streams, subjects

pytestmark = pytest.mark.unit


def matches(pattern: str, subject: str) -> bool:
    """NATS subject matching: `*` is one token, `>` one or more trailing tokens."""
    pat, sub = pattern.split("."), subject.split(".")
    for i, token in enumerate(pat):
        if token == ">":
            return len(sub) > i
        if i >= len(sub) or (token != "*" and token != sub[i]):
            return False
    return len(pat) == len(sub)


def overlap(a: str, b: str) -> bool:
    """Whether some concrete subject matches both patterns."""
    x, y = a.split("."), b.split(".")
    while x and y:
        if x[0] == ">" or y[0] == ">":
            return True
        if x[0] != "*" and y[0] != "*" and x[0] != y[0]:
            return False
        x, y = x[1:], y[1:]
    return not x and not y


def stream_of(subject: str) -> list[str]:
    return [s.name for s in streams.ALL_STREAMS if any(matches(p, subject) for p in s.subjects)]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("job.>", "job.ingested", True),
        ("job.>", "jd.>", False),
        ("cmd.*", "cmd.ingest.url", False),
        ("cmd.>", "cmd.*.url", True),
        ("pipeline.failed", "pipeline.progress.>", False),
        ("pipeline.*", "pipeline.progress.>", False),
        ("pipeline.>", "pipeline.failed", True),
    ],
)
def test_overlap_follows_nats_wildcards(a: str, b: str, expected: bool) -> None:
    assert overlap(a, b) is expected
    assert overlap(b, a) is expected


def test_no_two_streams_claim_the_same_subject() -> None:
    for one, two in itertools.combinations(streams.ALL_STREAMS, 2):
        for a, b in itertools.product(one.subjects, two.subjects):
            assert not overlap(a, b), f"{one.name}:{a} overlaps {two.name}:{b}"


def test_every_event_is_stored_in_the_stream_it_names() -> None:
    for event_type in EVENT_TYPES:
        subject = (
            subjects.progress_subject("job-1") if event_type is Progress else event_type.subject
        )
        assert stream_of(subject) == [event_type.stream], event_type.__name__


def test_one_model_per_subject() -> None:
    non_progress = [e for e in EVENT_TYPES if e is not Progress]
    assert len({e.subject for e in non_progress}) == len(non_progress)
    assert all(EVENT_BY_SUBJECT[e.subject] is e for e in non_progress)


def test_dead_letters_are_stored_apart_and_heartbeats_are_not_stored() -> None:
    for event_type in EVENT_TYPES:
        if event_type is not Progress:
            dlq = subjects.dead_letter_subject(event_type.subject)
            assert stream_of(dlq) == [streams.DEAD_LETTER.name]
    assert stream_of(subjects.heartbeat_subject("gateway")) == []


def test_the_pipeline_can_be_replayed_and_deduplicated() -> None:
    assert streams.PIPELINE.file_storage
    assert streams.PIPELINE.max_age_seconds >= 7 * streams.DAY
    for spec in streams.ALL_STREAMS:
        assert spec.duplicate_window_seconds >= 120, spec.name
