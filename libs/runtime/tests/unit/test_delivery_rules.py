"""The pure rules of the delivery policy: backoff, permanence, and reasons people can act on."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from jobintel.contracts import IngestPosting, StructureJob
from jobintel.runtime.delivery import describe, describe_message, is_permanent, retry_delay
from jobintel.runtime.errors import PermanentError, TransientError

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("attempt", "expected"),
    [(0, 1.0), (1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (6, 30.0), (50, 30.0)],
)
def test_retry_delay_doubles_up_to_the_cap(attempt: int, expected: float) -> None:
    assert retry_delay(attempt, base=1.0, cap=30.0) == expected


def test_retry_delay_grows_with_every_attempt_until_capped() -> None:
    delays = [retry_delay(a, base=0.5, cap=60.0) for a in range(1, 9)]
    assert delays == sorted(delays)
    assert len(set(delays)) == len(delays)


def _validation_error() -> ValidationError:
    with pytest.raises(ValidationError) as info:
        IngestPosting.model_validate({"producer": "x", "text": "a", "title": ["not", "text"]})
    return info.value


def test_describe_names_the_fields_that_are_wrong() -> None:
    reason = describe(_validation_error())
    assert reason.startswith("invalid message: ")
    assert "title: Input should be a valid string" in reason


def test_describe_keeps_the_handlers_own_words() -> None:
    assert describe(PermanentError("the page has no job on it")) == "the page has no job on it"
    assert describe(TransientError("  HTTP 503 from acme.io  ")) == "HTTP 503 from acme.io"


def test_describe_of_a_silent_exception_is_its_type() -> None:
    assert describe(TimeoutError()) == "TimeoutError"


def test_describe_of_bad_json() -> None:
    with pytest.raises(json.JSONDecodeError) as info:
        json.loads("{nope")
    assert describe(info.value).startswith("message is not valid JSON: Expecting")


def test_describe_message_says_what_is_wrong_with_the_body() -> None:
    assert describe_message("cmd.structure", b"\xff\xfe").startswith(  # type: ignore[union-attr]
        "message is not valid JSON"
    )
    reason = describe_message("cmd.structure", b'{"producer": "t", "job_id": 5}')
    assert reason == "invalid cmd.structure message: job_id: Input should be a valid string"


def test_describe_message_accepts_a_valid_body_and_unknown_subjects() -> None:
    body = StructureJob(job_id="j", producer="t").model_dump_json().encode()
    assert describe_message("cmd.structure", body) is None
    assert describe_message("not.a.subject", b'{"anything": 1}') is None


def test_only_input_errors_are_permanent() -> None:
    assert is_permanent(PermanentError("x"))
    assert is_permanent(_validation_error())
    assert not is_permanent(TransientError("x"))
    assert not is_permanent(RuntimeError("bug"))
    assert not is_permanent(ConnectionError("down"))
