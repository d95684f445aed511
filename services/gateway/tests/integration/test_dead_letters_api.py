"""Dead letters are listed from their stream and replayed to their subject as new messages."""

from __future__ import annotations

from typing import Any

import pytest
from nats.js.api import DeliverPolicy

from jobintel.contracts import DeadLetter, StructureJob, streams, subjects
from jobintel.runtime.settings import Settings
from jobintel.runtime.testing import jetstream

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
    assert StructureJob.model_validate_json(msg.data) == command
    assert msg.headers is not None
    assert msg.headers["Nats-Msg-Id"] == msg_id
    assert msg.headers["traceparent"] == "00-abc-def-01"
    again = (await gateway.client.get("/api/dead-letters")).json()
    assert again[0]["replayed_at"] is not None


async def test_replaying_a_missing_letter_is_a_404(gateway: Any) -> None:
    assert (await gateway.client.get("/api/dead-letters")).json() == []
    resp = await gateway.client.post("/api/dead-letters/99/replay")
    assert resp.status_code == 404
