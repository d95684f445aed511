"""Rebuild the read model from the PIPELINE stream when the gateway starts on a fresh store.

The read model is built only from events, and PIPELINE keeps them for a month, so a new or
lost store (a new data directory, a move to MongoDB) need not start empty: this gateway's
durable consumers are deleted once, recreated by `broker.start()` with DeliverPolicy.ALL,
and the (idempotent) projection folds every retained event again. A marker in the store says
this was done, so a restart, or a second replica sharing the store, does not replay.
"""

from __future__ import annotations

import contextlib

from nats.js import JetStreamContext
from nats.js.errors import NotFoundError

from jobintel.contracts import utcnow
from jobintel.runtime.logs import get_logger
from jobintel.runtime.store import DocumentStore, VersionConflict

log = get_logger(__name__)
META = "gateway_meta"
MARKER = "read_model"


async def replay_into_fresh_store(
    store: DocumentStore, js: JetStreamContext, consumers: list[tuple[str, str]]
) -> list[str]:
    """Reset this gateway's consumers if this store has never been fed; returns their names.

    Only the given (stream, durable) pairs: another copy's own consumers are left alone.
    """
    if await store.get(META, MARKER) is not None:
        return []
    reset: list[str] = []
    for stream, name in consumers:
        with contextlib.suppress(NotFoundError):
            await js.delete_consumer(stream, name)
            reset.append(name)
    with contextlib.suppress(VersionConflict):  # another replica marked it first
        await store.put(META, MARKER, {"fed_since": utcnow().isoformat()}, expected_version=0)
    if reset:
        log.info("fresh read model: replaying retained events", consumers=len(reset))
    return reset
