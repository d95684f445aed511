"""Helpers for tests that need the real thing: a nats-server, a running service, the streams.

Used by the test suites of every package (see the root `conftest.py` for the fixtures).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any, TypeVar

import nats
from faststream import FastStream
from nats.aio.client import Client
from nats.js import JetStreamContext
from nats.js.api import DeliverPolicy
from pydantic import BaseModel

from jobintel.contracts import Event
from jobintel.runtime.broker import ensure_streams
from jobintel.runtime.settings import Settings

E = TypeVar("E", bound=BaseModel)


def settings_for_tests(nats_url: str, data_dir: Path, **overrides: Any) -> Settings:
    """Settings for a test: fast retries and heartbeats, state under `data_dir`."""
    values: dict[str, Any] = {
        "nats_url": nats_url,
        "data_dir": data_dir,
        "retry_base_seconds": 0.2,
        "retry_max_seconds": 1.0,
        "max_deliver": 3,
        "ack_wait_seconds": 5.0,
        "graceful_timeout_seconds": 5.0,
        "heartbeat_seconds": 0.2,
        "fetch_allow_private_networks": True,
    }
    values.update(overrides)
    return Settings(**values)


@contextlib.asynccontextmanager
async def running(app: FastStream) -> AsyncIterator[FastStream]:
    """Run a service's FastStream app inside the test's event loop."""
    await app.start()
    try:
        yield app
    finally:
        await app.stop()


@contextlib.asynccontextmanager
async def jetstream(nats_url: str) -> AsyncIterator[tuple[Client, JetStreamContext]]:
    nc = await nats.connect(nats_url)
    js = nc.jetstream()
    await ensure_streams(js)
    try:
        yield nc, js
    finally:
        await nc.drain()


async def publish(js: JetStreamContext, event: Event) -> None:
    """Publish like a service does: to the event's stream, with its id as `Nats-Msg-Id`."""
    await js.publish(
        event.publish_subject(),
        event.model_dump_json().encode(),
        headers={"Nats-Msg-Id": str(event.event_id)},
        stream=event.stream,
    )


async def stored(js: JetStreamContext, subject: str, model: type[E]) -> list[E]:
    """Every message the stream holds on `subject` right now, oldest first."""
    sub = await js.subscribe(subject, ordered_consumer=True, deliver_policy=DeliverPolicy.ALL)
    found: list[E] = []
    try:
        while True:
            try:
                msg = await sub.next_msg(timeout=1.0)
            except nats.errors.TimeoutError:
                break
            found.append(model.model_validate_json(msg.data))
            if msg.metadata.num_pending == 0:
                break
    finally:
        await sub.unsubscribe()
    return found


async def collect(
    js: JetStreamContext,
    subject: str,
    model: type[E],
    *,
    until: Callable[[list[E]], bool],
    timeout: float = 20.0,  # noqa: ASYNC109 (a public helper's stable signature)
) -> list[E]:
    """Read `subject` from the start of its stream until `until(events)` holds."""
    sub = await js.subscribe(subject, ordered_consumer=True, deliver_policy=DeliverPolicy.ALL)
    found: list[E] = []
    try:
        async with asyncio.timeout(timeout):
            while not until(found):
                msg = await sub.next_msg(timeout=timeout)
                found.append(model.model_validate_json(msg.data))
    except TimeoutError as exc:
        raise AssertionError(f"{subject}: condition not met in {timeout}s; saw {found!r}") from exc
    finally:
        await sub.unsubscribe()
    return found
