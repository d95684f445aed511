"""Publishing commands and user facts from HTTP requests, with errors a client can act on."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable

from fastapi import HTTPException, status

from jobintel.contracts import Event, ProgressState
from jobintel.runtime.publishing import ProgressReporter, Publisher
from jobintel.runtime.store import DocumentStore

from . import SERVICE
from .readmodel import project


async def send(
    publisher: Publisher,
    events: Iterable[Event],
    *,
    store: DocumentStore | None = None,
    queued: str | None = None,
) -> None:
    """Publish each event (JetStream acks it) and, with `store`, fold it into the read model.

    Folding what we just published makes a job visible at once after a POST; the durable
    subscriber will see the same event id later and change nothing. With `queued`, the job's
    live progress says at once that the work was accepted.
    """
    for event in events:
        try:
            await publisher.publish(event)
        except Exception as exc:
            raise HTTPException(
                status.HTTP_503_SERVICE_UNAVAILABLE,
                detail=f"could not hand the request to NATS ({type(exc).__name__}: {exc}); "
                "check that nats-server is running and retry",
            ) from exc
        if store is not None and event.job_id is not None:
            await project(store, event)
        if queued is not None:
            with contextlib.suppress(Exception):  # progress is best effort; the command is not
                await ProgressReporter(publisher, event, SERVICE)(ProgressState.QUEUED, 0, queued)
