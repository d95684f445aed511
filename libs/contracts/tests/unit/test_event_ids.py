"""Derived events get deterministic ids: a redelivered input produces the same output id."""

from __future__ import annotations

import uuid

import pytest

from jobintel.contracts import JobDiscarded, PipelineFailed, StructureJob, derive_id

pytestmark = pytest.mark.unit


def test_derive_id_is_stable_and_depends_on_source_and_stage() -> None:
    source = uuid.uuid4()
    assert derive_id(source, "annotation") == derive_id(source, "annotation")
    assert derive_id(source, "annotation") == derive_id(str(source), "annotation")
    assert derive_id(source, "annotation") != derive_id(source, "research")
    assert derive_id(source, "annotation") != derive_id(uuid.uuid4(), "annotation")


def test_caused_by_carries_the_job_and_the_cause() -> None:
    cause = StructureJob(job_id="job-7", producer="gateway")
    event = JobDiscarded.caused_by(cause, producer="annotation", stage="discard", reason="dup")
    assert event.job_id == "job-7"
    assert event.causation_id == cause.event_id
    assert event.producer == "annotation"
    assert event.reason == "dup"
    assert event.event_id == derive_id(cause.event_id, "discard")


def test_caused_by_twice_gives_the_same_id_and_other_stages_differ() -> None:
    cause = StructureJob(job_id="job-7", producer="gateway")
    again = StructureJob.model_validate_json(cause.model_dump_json())  # as redelivered
    one = JobDiscarded.caused_by(cause, producer="a", stage="s1")
    two = JobDiscarded.caused_by(again, producer="a", stage="s1")
    other = JobDiscarded.caused_by(cause, producer="a", stage="s2")
    assert one.event_id == two.event_id
    assert other.event_id != one.event_id


def test_fresh_events_get_fresh_ids() -> None:
    a = StructureJob(job_id="j", producer="p")
    b = StructureJob(job_id="j", producer="p")
    assert a.event_id != b.event_id


def test_a_field_added_by_a_newer_producer_does_not_fail_an_older_consumer() -> None:
    """Rolling deploys: the message still decodes, the unknown field is ignored."""
    event = PipelineFailed.model_validate(
        {
            "producer": "p",
            "stage": "s",
            "kind": "exhausted",
            "reason": "r",
            "failed_subject": "x",
            "added_in_a_later_release": 1,
        }
    )
    assert event.reason == "r"
    assert "added_in_a_later_release" not in event.model_dump()


def test_a_message_missing_a_required_field_is_still_refused() -> None:
    with pytest.raises(ValueError, match="reason"):
        PipelineFailed.model_validate(
            {"producer": "p", "stage": "s", "kind": "exhausted", "failed_subject": "x"}
        )
