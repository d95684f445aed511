"""Delivery guarantees on a real nats-server, through a service built like every worker.

The probe service consumes `cmd.structure` and, per job, stores one outcome record and
publishes one `job.discarded`. Each test breaks it in one way and checks what a user would:
the outcome exists exactly once, or the job failed with a readable reason and a dead letter.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
import uuid
from pathlib import Path
from types import ModuleType

import pytest
from nats.js import JetStreamContext

from jobintel.contracts import (
    DeadLetter,
    FailureKind,
    JobDiscarded,
    PipelineFailed,
    Progress,
    ProgressState,
    StructureJob,
    subjects,
)
from jobintel.runtime.errors import PermanentError, TransientError
from jobintel.runtime.settings import Settings
from jobintel.runtime.store import open_store
from jobintel.testkit.jetstream import collect, jetstream, publish, running, settings_for_tests

pytestmark = pytest.mark.integration

CONSUMER = "probe-cmd-structure-v1"


def command(job_id: str | None = None) -> StructureJob:
    return StructureJob(job_id=job_id or str(uuid.uuid4()), producer="test")


async def stored(js: JetStreamContext, stream: str, subject: str) -> int:
    """How many messages the stream holds on exactly this subject."""
    info = await js.stream_info(stream, subjects_filter=subject)
    return (info.state.subjects or {}).get(subject, 0)


async def settled(js: JetStreamContext) -> tuple[int, int, int]:
    """(pending, ack pending, redelivered) of the probe's consumer."""
    info = await js.consumer_info("PIPELINE", CONSUMER)
    return info.num_pending or 0, info.num_ack_pending or 0, info.num_redelivered or 0


async def outcomes(settings: Settings) -> list[str]:
    store = await open_store(settings.store_url_for("probe"))
    try:
        return [d.key for d in await store.find("outcomes")]
    finally:
        await store.close()


async def wait_until_settled(js: JetStreamContext, within: float = 10.0) -> None:
    """Until the consumer has nothing pending or unacked (polls: the server has no event)."""
    async with asyncio.timeout(within):
        while (await settled(js))[:2] != (0, 0):  # noqa: ASYNC110
            await asyncio.sleep(0.05)


async def test_handler_that_crashes_mid_message_gets_it_again_and_the_outcome_exists_once(
    settings: Settings, probe: ModuleType
) -> None:
    """The first attempt publishes and stores, then crashes before the ack: redone, not doubled."""
    attempts: list[int] = []
    second_attempt = asyncio.Event()

    async def crash_after_effects(cmd: StructureJob, attempt: int) -> None:
        attempts.append(attempt)
        if attempt == 2:
            second_attempt.set()

    app, rt = probe.create_app(settings, crash_after_effects)
    original_publish = rt.publisher.publish

    async def publish_then_crash(event: object) -> None:
        await original_publish(event)
        if len(attempts) == 1:
            raise RuntimeError("worker crashed after publishing")

    rt.publisher.publish = publish_then_crash
    cmd = command()
    async with running(app), jetstream(settings.nats_url) as (_, js):
        await publish(js, cmd)
        await collect(js, subjects.JOB_DISCARDED, JobDiscarded, until=lambda e: len(e) >= 1)
        await asyncio.wait_for(second_attempt.wait(), 10)
        await wait_until_settled(js)
        assert await stored(js, "PIPELINE", subjects.JOB_DISCARDED) == 1
        assert await stored(js, "PIPELINE", subjects.PIPELINE_FAILED) == 0
    assert attempts == [1, 2]
    assert await outcomes(settings) == [cmd.job_id]


async def test_duplicate_publish_is_delivered_once(settings: Settings, probe: ModuleType) -> None:
    seen: list[str] = []

    async def record(cmd: StructureJob, attempt: int) -> None:
        seen.append(str(cmd.job_id))

    app, _ = probe.create_app(settings, record)
    cmd, sentinel = command(), command()
    async with running(app), jetstream(settings.nats_url) as (_, js):
        await publish(js, cmd)
        again = await js.publish(
            cmd.subject,
            cmd.model_dump_json().encode(),
            headers={"Nats-Msg-Id": str(cmd.event_id)},
            stream="PIPELINE",
        )
        assert again.duplicate is True
        await publish(js, sentinel)  # consumed in order: once it is done, so is the duplicate
        await collect(js, subjects.JOB_DISCARDED, JobDiscarded, until=lambda e: len(e) >= 2)
        await wait_until_settled(js)
        assert await stored(js, "PIPELINE", subjects.CMD_STRUCTURE) == 2
    assert seen == [cmd.job_id, sentinel.job_id]


@pytest.mark.parametrize(
    ("body", "job_id", "reason_part"),
    [
        pytest.param(
            b'{"job_id": "j-json", "producer": ',
            None,
            "message is not valid JSON: Expecting value: line 1 column 34 (char 33)",
            id="not-json",
        ),
        pytest.param(
            json.dumps({"job_id": "j-invalid", "producer": ["not", "a", "name"]}).encode(),
            "j-invalid",
            "invalid cmd.structure message: producer: Input should be a valid string",
            id="fails-validation",
        ),
    ],
)
async def test_poison_message_fails_with_a_reason_and_is_dead_lettered_without_retry(
    settings: Settings, probe: ModuleType, body: bytes, job_id: str | None, reason_part: str
) -> None:
    calls: list[int] = []

    async def record(cmd: StructureJob, attempt: int) -> None:
        calls.append(attempt)

    app, _ = probe.create_app(settings, record)
    async with running(app), jetstream(settings.nats_url) as (_, js):
        await js.publish(subjects.CMD_STRUCTURE, body, stream="PIPELINE")
        [failed] = await collect(
            js, subjects.PIPELINE_FAILED, PipelineFailed, until=lambda e: len(e) >= 1
        )
        [letter] = await collect(
            js,
            subjects.dead_letter_subject(subjects.CMD_STRUCTURE),
            DeadLetter,
            until=lambda e: len(e) >= 1,
        )
        await wait_until_settled(js)
        assert (await settled(js))[2] == 0  # never redelivered
        if job_id is not None:
            progress = await collect(
                js,
                subjects.progress_subject(job_id),
                Progress,
                until=lambda e: any(p.final for p in e),
            )
            assert progress[-1].state is ProgressState.FAILED
    assert calls == []
    assert failed.kind is FailureKind.INVALID_INPUT
    assert failed.job_id == job_id
    assert failed.stage == "probe"
    assert failed.failed_subject == subjects.CMD_STRUCTURE
    assert failed.attempts == 1
    assert failed.dead_lettered
    assert failed.reason == reason_part
    assert letter.original_data == body.decode()
    assert letter.reason == failed.reason
    assert letter.consumer == CONSUMER


async def test_permanent_error_fails_at_once_with_the_handlers_reason(
    settings: Settings, probe: ModuleType
) -> None:
    calls: list[int] = []

    async def refuse(cmd: StructureJob, attempt: int) -> None:
        calls.append(attempt)
        raise PermanentError("the posting has no description: paste the full text")

    app, _ = probe.create_app(settings, refuse)
    cmd = command()
    async with running(app), jetstream(settings.nats_url) as (_, js):
        await publish(js, cmd)
        [failed] = await collect(
            js, subjects.PIPELINE_FAILED, PipelineFailed, until=lambda e: len(e) >= 1
        )
        await wait_until_settled(js)
        assert await stored(js, "DEADLETTER", subjects.dead_letter_subject(cmd.subject)) == 1
    assert calls == [1]
    assert failed.job_id == cmd.job_id
    assert failed.causation_id == cmd.event_id
    assert failed.failed_event_id == str(cmd.event_id)
    assert failed.kind is FailureKind.INVALID_INPUT
    assert failed.reason == "the posting has no description: paste the full text"
    assert await outcomes(settings) == []


async def test_transient_error_is_retried_with_growing_delay_then_dead_lettered(
    settings: Settings, probe: ModuleType
) -> None:
    started: list[tuple[int, float]] = []

    async def flaky(cmd: StructureJob, attempt: int) -> None:
        started.append((attempt, time.monotonic()))
        raise TransientError("the model API answered 529: overloaded")

    app, _ = probe.create_app(settings, flaky)
    cmd = command()
    async with running(app), jetstream(settings.nats_url) as (_, js):
        await publish(js, cmd)
        [failed] = await collect(
            js, subjects.PIPELINE_FAILED, PipelineFailed, until=lambda e: len(e) >= 1
        )
        await wait_until_settled(js)
        assert await stored(js, "DEADLETTER", subjects.dead_letter_subject(cmd.subject)) == 1
        progress = await collect(
            js, subjects.progress_subject(cmd.job_id), Progress, until=lambda e: len(e) >= 3
        )
    assert [a for a, _ in started] == [1, 2, 3]  # settings: max_deliver=3
    gaps = [b - a for (_, a), (_, b) in itertools.pairwise(started)]
    # retry_base 0.2s: the server holds the message at least 0.2s, then at least 0.4s
    assert gaps[0] >= 0.2
    assert gaps[1] >= 0.4
    assert failed.kind is FailureKind.EXHAUSTED
    assert failed.attempts == 3
    assert failed.reason == "gave up after 3 attempts: the model API answered 529: overloaded"
    assert [p.state for p in progress] == [
        ProgressState.RETRYING,
        ProgressState.RETRYING,
        ProgressState.FAILED,
    ]
    assert progress[-1].final


async def test_long_handler_is_not_redelivered_while_alive(
    nats_server: object, tmp_path: Path, probe: ModuleType
) -> None:
    """Two replicas share the consumer: the idle one must not get a message still in work."""
    settings = settings_for_tests(
        nats_server.url,  # type: ignore[attr-defined]
        tmp_path / "data",
        ack_wait_seconds=1.0,
    )
    attempts: list[int] = []

    async def slow(cmd: StructureJob, attempt: int) -> None:
        attempts.append(attempt)
        await asyncio.sleep(3.5)  # more than three ack waits

    replica_a, _ = probe.create_app(settings, slow)
    replica_b, _ = probe.create_app(settings, slow)
    async with running(replica_a), running(replica_b), jetstream(settings.nats_url) as (_, js):
        await publish(js, command())
        await collect(js, subjects.JOB_DISCARDED, JobDiscarded, until=lambda e: len(e) >= 1)
        await wait_until_settled(js)
        assert (await settled(js))[2] == 0
    assert attempts == [1]


async def test_shutdown_mid_message_leaves_it_for_the_next_start(
    nats_server: object, tmp_path: Path, probe: ModuleType
) -> None:
    """Work longer than the grace period is cancelled, not failed, and handed back at once:
    the next start redoes it without waiting out the ack wait."""
    settings = settings_for_tests(
        nats_server.url,  # type: ignore[attr-defined]
        tmp_path / "data",
        graceful_timeout_seconds=0.5,
        ack_wait_seconds=60.0,  # longer than collect() waits below
    )
    attempts: list[int] = []
    first_started = asyncio.Event()

    async def slow_first_time(cmd: StructureJob, attempt: int) -> None:
        attempts.append(attempt)
        if attempt == 1:
            first_started.set()
            await asyncio.sleep(30)

    cmd = command()
    async with jetstream(settings.nats_url) as (_, js):
        app, _ = probe.create_app(settings, slow_first_time)
        async with running(app):
            await publish(js, cmd)
            await asyncio.wait_for(first_started.wait(), 10)
        app, _ = probe.create_app(settings, slow_first_time)
        async with running(app):
            await collect(js, subjects.JOB_DISCARDED, JobDiscarded, until=lambda e: len(e) >= 1)
            await wait_until_settled(js)
        assert await stored(js, "PIPELINE", subjects.PIPELINE_FAILED) == 0
        assert await stored(js, "PIPELINE", subjects.JOB_DISCARDED) == 1
    assert attempts == [1, 2]
    assert await outcomes(settings) == [cmd.job_id]


def fail_to_record_failures(rt: object, times: int) -> list[int]:
    """Make the first `times` publishes of `pipeline.failed` fail, as if NATS were away."""
    publisher = rt.publisher  # type: ignore[attr-defined]
    original = publisher.publish
    refused: list[int] = []

    async def publish(event: object) -> None:
        if isinstance(event, PipelineFailed) and len(refused) < times:
            refused.append(event.attempts)
            raise ConnectionError("nats: no responders available for request")
        await original(event)

    publisher.publish = publish
    return refused


async def test_a_failure_that_cannot_be_recorded_is_not_dropped(
    settings: Settings, probe: ModuleType
) -> None:
    calls: list[int] = []

    async def refuse(cmd: StructureJob, attempt: int) -> None:
        calls.append(attempt)
        raise PermanentError("no description")

    app, rt = probe.create_app(settings, refuse)
    refused = fail_to_record_failures(rt, times=1)
    cmd = command()
    async with running(app), jetstream(settings.nats_url) as (_, js):
        await publish(js, cmd)
        [failed] = await collect(
            js, subjects.PIPELINE_FAILED, PipelineFailed, until=lambda e: len(e) >= 1
        )
        await wait_until_settled(js)
        assert await stored(js, "PIPELINE", subjects.PIPELINE_FAILED) == 1
        assert await stored(js, "DEADLETTER", subjects.dead_letter_subject(cmd.subject)) == 1
    assert refused == [1]
    assert calls == [1, 2]
    assert failed.reason == "no description"


async def test_deliveries_past_the_limit_are_dead_lettered_without_running_the_handler(
    settings: Settings, probe: ModuleType
) -> None:
    """The last attempt's failure is lost twice; the message still ends as a dead letter."""
    calls: list[int] = []

    async def flaky(cmd: StructureJob, attempt: int) -> None:
        calls.append(attempt)
        raise TransientError("timeout")

    app, rt = probe.create_app(settings, flaky)
    refused = fail_to_record_failures(rt, times=2)
    cmd = command()
    async with running(app), jetstream(settings.nats_url) as (_, js):
        await publish(js, cmd)
        [failed] = await collect(
            js, subjects.PIPELINE_FAILED, PipelineFailed, until=lambda e: len(e) >= 1
        )
        await wait_until_settled(js)
        assert await stored(js, "DEADLETTER", subjects.dead_letter_subject(cmd.subject)) == 1
    assert refused == [3, 4]
    assert calls == [1, 2, 3]  # settings: max_deliver=3; deliveries 4 and 5 skip the handler
    assert failed.attempts == 5
    assert failed.kind is FailureKind.EXHAUSTED
    assert failed.reason.startswith("not finished after 3 deliveries")


async def test_a_handler_past_its_budget_fails_for_good_with_the_reason(
    nats_server: object, tmp_path: Path, probe: ModuleType
) -> None:
    """A runaway input (a huge master CV) must not hold the consumer by reporting progress."""
    settings = settings_for_tests(
        nats_server.url,  # type: ignore[attr-defined]
        tmp_path / "data",
        ack_wait_seconds=1.0,
        handler_budget_seconds=2.0,
    )
    attempts: list[int] = []

    async def endless(cmd: StructureJob, attempt: int) -> None:
        attempts.append(attempt)
        await asyncio.Event().wait()  # never done, yet never blocking the loop

    app, _ = probe.create_app(settings, endless)
    cmd = command()
    async with running(app), jetstream(settings.nats_url) as (_, js):
        started = time.monotonic()
        await publish(js, cmd)
        [failed] = await collect(
            js, subjects.PIPELINE_FAILED, PipelineFailed, until=lambda e: len(e) >= 1
        )
        took = time.monotonic() - started
        await wait_until_settled(js)
        assert await stored(js, "DEADLETTER", subjects.dead_letter_subject(cmd.subject)) == 1
    assert attempts == [1]  # not retried: the same input would take as long again
    assert failed.kind is FailureKind.OVER_BUDGET
    assert "2 s budget" in failed.reason
    assert took < 15


async def test_a_handlers_own_timeout_is_still_retried(
    settings: Settings, probe: ModuleType
) -> None:
    attempts: list[int] = []

    async def slow_site(cmd: StructureJob, attempt: int) -> None:
        attempts.append(attempt)
        if attempt == 1:
            raise TimeoutError("the company site did not answer in 10 s")

    app, _ = probe.create_app(settings, slow_site)
    async with running(app), jetstream(settings.nats_url) as (_, js):
        await publish(js, command())
        await collect(js, subjects.JOB_DISCARDED, JobDiscarded, until=lambda e: len(e) >= 1)
    assert attempts == [1, 2]


async def test_nesting_too_deep_to_parse_is_permanent(
    settings: Settings, probe: ModuleType
) -> None:
    attempts: list[int] = []

    async def parse_deeply(cmd: StructureJob, attempt: int) -> None:
        attempts.append(attempt)
        json.loads("[" * 100_000 + "]" * 100_000)  # as a parser of 8,000-deep HTML would fail

    app, _ = probe.create_app(settings, parse_deeply)
    async with running(app), jetstream(settings.nats_url) as (_, js):
        await publish(js, command())
        [failed] = await collect(
            js, subjects.PIPELINE_FAILED, PipelineFailed, until=lambda e: len(e) >= 1
        )
    assert attempts == [1]
    assert failed.kind is FailureKind.INVALID_INPUT
    assert "recursion" in failed.reason


async def test_a_message_too_large_for_a_dead_letter_is_still_recorded(
    settings: Settings, probe: ModuleType
) -> None:
    """The dead letter keeps an excerpt and where the whole message is, so it always fits."""
    from jobintel.contracts import DEAD_LETTER_EXCERPT

    async def refuse(cmd: StructureJob, attempt: int) -> None:
        raise PermanentError("refused")

    app, _ = probe.create_app(settings, refuse)
    cmd = StructureJob(job_id="job-large", producer="p" * 1_500_000)  # > 1 MB, < max_payload
    async with running(app), jetstream(settings.nats_url) as (_, js):
        ack = await js.publish(cmd.subject, cmd.model_dump_json().encode(), stream="PIPELINE")
        [letter] = await collect(
            js,
            subjects.dead_letter_subject(subjects.CMD_STRUCTURE),
            DeadLetter,
            until=lambda e: len(e) >= 1,
        )
        await wait_until_settled(js)
    assert letter.truncated
    assert len(letter.original_data) == DEAD_LETTER_EXCERPT
    assert letter.original_stream == "PIPELINE"
    assert letter.original_sequence == ack.seq


@pytest.mark.parametrize("job_id", ["poison.*.>", "job 1", "a.b", ""])
async def test_a_job_id_that_is_not_one_subject_token_is_refused(
    settings: Settings, probe: ModuleType, job_id: str
) -> None:
    calls: list[int] = []

    async def record(cmd: StructureJob, attempt: int) -> None:
        calls.append(attempt)

    body = json.dumps(
        {"event_id": str(uuid.uuid4()), "job_id": job_id, "producer": "someone"}
    ).encode()
    app, _ = probe.create_app(settings, record)
    async with running(app), jetstream(settings.nats_url) as (_, js):
        await js.publish(subjects.CMD_STRUCTURE, body, stream="PIPELINE")
        [failed] = await collect(
            js, subjects.PIPELINE_FAILED, PipelineFailed, until=lambda e: len(e) >= 1
        )
    assert calls == []
    assert failed.kind is FailureKind.INVALID_INPUT
    assert "job_id" in failed.reason
