"""The embedded nats-server takes messages larger than nats-server's default 1 MB."""

from __future__ import annotations

import pytest

from jobintel.contracts import subjects
from jobintel.runtime.broker import ensure_streams
from jobintel.runtime.nats_server import NatsServer
from jobintel.testkit.jetstream import jetstream

pytestmark = pytest.mark.integration


async def test_a_two_megabyte_event_is_stored_and_read_back(nats_server: NatsServer) -> None:
    body = b"x" * (2 * 1024 * 1024)
    async with jetstream(nats_server.url) as (nc, js):
        await ensure_streams(js)
        assert nc.max_payload == 8 * 1024 * 1024
        ack = await js.publish(subjects.JD_STRUCTURED, body)
        stored = await js.get_msg(ack.stream, ack.seq)
    assert stored.data == body
