"""Dead letters are listed from their stream and replayed to their subject as new messages."""

from __future__ import annotations

from typing import Any

import pytest
from nats.js.api import DeliverPolicy

from jobintel.contracts import DeadLetter, StructureJob, streams, subjects
from jobintel.runtime.settings import Settings
from jobintel.testkit.jetstream import jetstream

pytestmark = pytest.mark.integration


async def test_a_dead_letter_is_listed_and_replayed(gateway: Any, settings: Settings) -> None:
    command = StructureJob(job_id="job-7", producer="gateway")
    letter = DeadLetter(
        original_subject=subjects.CMD_STRUCTURE,
        original_data=command.model_dump_json(),
        headers={"Nats-Msg-Id": str(command.event_id), "traceparent": "00-abc-def-01"},
        consumer="annotation-cmd-structure-v1",
        reason="gave up after 3 attempts: boom",
        attempts=3,
        job_id="job-7",
    )
    async with jetstream(settings.nats_url) as (_, js):
        ack = await js.publish(
            subjects.dead_letter_subject(subjects.CMD_STRUCTURE),
            letter.model_dump_json().encode(),
            stream=streams.DEAD_LETTER.name,
        )

        listed = (await gateway.client.get("/api/dead-letters")).json()
        assert len(listed) == 1
        assert listed[0]["seq"] == ack.seq
        assert listed[0]["reason"] == "gave up after 3 attempts: boom"
        assert listed[0]["job_id"] == "job-7"
        assert listed[0]["replayed_at"] is None

        resp = await gateway.client.post(f"/api/dead-letters/{ack.seq}/replay")
        assert resp.status_code == 202, resp.text
        msg_id = resp.json()["msg_id"]
        assert msg_id != str(command.event_id)

        sub = await js.subscribe(
            subjects.CMD_STRUCTURE, ordered_consumer=True, deliver_policy=DeliverPolicy.ALL
        )
        msg = await sub.next_msg(timeout=5)
        await sub.unsubscribe()
    # a new event linked to the original: consumers derive their outputs from the event id, so
    # a copy under the old id would be dropped as a duplicate or change nothing
    replayed = StructureJob.model_validate_json(msg.data)
    assert str(replayed.event_id) == msg_id
    assert replayed.causation_id == command.event_id
    assert replayed.job_id == command.job_id
    assert msg.headers is not None
    assert msg.headers["Nats-Msg-Id"] == msg_id
    assert msg.headers["traceparent"] == "00-abc-def-01"
    again = (await gateway.client.get("/api/dead-letters")).json()
    assert again[0]["replayed_at"] is not None


async def test_replaying_a_missing_letter_is_a_404(gateway: Any) -> None:
    assert (await gateway.client.get("/api/dead-letters")).json() == []
    resp = await gateway.client.post("/api/dead-letters/99/replay")
    assert resp.status_code == 404


async def test_replaying_twice_sends_two_messages(gateway: Any, settings: Settings) -> None:
    command = StructureJob(job_id="job-8", producer="gateway")
    letter = DeadLetter(
        original_subject=subjects.CMD_STRUCTURE,
        original_data=command.model_dump_json(),
        consumer="annotation-cmd-structure-v1",
        reason="still broken",
        attempts=3,
        job_id="job-8",
    )
    async with jetstream(settings.nats_url) as (_, js):
        ack = await js.publish(
            subjects.dead_letter_subject(subjects.CMD_STRUCTURE),
            letter.model_dump_json().encode(),
            stream=streams.DEAD_LETTER.name,
        )
        ids = [
            (await gateway.client.post(f"/api/dead-letters/{ack.seq}/replay")).json()["msg_id"]
            for _ in range(2)
        ]
        assert ids[0] != ids[1]
        info = await js.stream_info(streams.PIPELINE.name, subjects_filter=subjects.CMD_STRUCTURE)
    assert info.state.messages == 2  # neither replay was swallowed as a duplicate


async def test_a_letter_about_a_huge_message_replays_it_whole(
    gateway: Any, settings: Settings
) -> None:
    from jobintel.contracts import DEAD_LETTER_EXCERPT

    async with jetstream(settings.nats_url) as (_, js):
        command = StructureJob(job_id="job-9", producer="x" * (DEAD_LETTER_EXCERPT + 10))
        original = await js.publish(
            subjects.CMD_STRUCTURE, command.model_dump_json().encode(), stream="PIPELINE"
        )
        letter = DeadLetter(
            original_subject=subjects.CMD_STRUCTURE,
            original_data=command.model_dump_json()[:DEAD_LETTER_EXCERPT],
            original_stream=streams.PIPELINE.name,
            original_sequence=original.seq,
            truncated=True,
            consumer="annotation-cmd-structure-v1",
            reason="too big",
            attempts=1,
            job_id="job-9",
        )
        ack = await js.publish(
            subjects.dead_letter_subject(subjects.CMD_STRUCTURE),
            letter.model_dump_json().encode(),
            stream=streams.DEAD_LETTER.name,
        )
        listed = (await gateway.client.get("/api/dead-letters")).json()
        assert listed[0]["truncated"] is True
        assert len(listed[0]["original_data"]) <= 2000
        resp = await gateway.client.post(f"/api/dead-letters/{ack.seq}/replay")
        assert resp.status_code == 202, resp.text
        sub = await js.subscribe(
            subjects.CMD_STRUCTURE, ordered_consumer=True, deliver_policy=DeliverPolicy.LAST
        )
        msg = await sub.next_msg(timeout=5)
        await sub.unsubscribe()
    # the excerpt is cut JSON: only the whole original from its stream reads as the command
    assert StructureJob.model_validate_json(msg.data).causation_id == command.event_id


async def test_a_letter_whose_original_expired_is_410(gateway: Any, settings: Settings) -> None:
    letter = DeadLetter(
        original_subject=subjects.CMD_STRUCTURE,
        original_data="{",
        original_stream=streams.PIPELINE.name,
        original_sequence=999_999,
        truncated=True,
        consumer="c",
        reason="too big",
        attempts=1,
    )
    async with jetstream(settings.nats_url) as (_, js):
        ack = await js.publish(
            subjects.dead_letter_subject(subjects.CMD_STRUCTURE),
            letter.model_dump_json().encode(),
            stream=streams.DEAD_LETTER.name,
        )
    resp = await gateway.client.post(f"/api/dead-letters/{ack.seq}/replay")
    assert resp.status_code == 410
    assert "expired" in resp.json()["detail"]
