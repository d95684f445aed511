"""Publishing commands and user facts from HTTP requests, with errors a client can act on."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable

from fastapi import HTTPException, status
from nats import errors as nats_errors

from jobintel.contracts import Event, ProgressState
from jobintel.runtime.publishing import ProgressReporter, Publisher
from jobintel.runtime.store import DocumentStore

from . import SERVICE
from .readmodel import project


def unavailable(exc: Exception) -> HTTPException:
    """The 503 for a publish that failed, saying whether anything may have been accepted.

    The gateway's client does not buffer while NATS is away, so a refused publish was never
    sent. A timeout is different: the command may have reached the stream with its ack lost,
    and only a retry carrying the same Idempotency-Key is sure not to make it twice.
    """
    if isinstance(exc, (TimeoutError, nats_errors.TimeoutError)):
        detail = (
            "NATS did not confirm the request in time: it may have been accepted. Retry with "
            "the same Idempotency-Key header, which cannot create it twice"
        )
    else:
        detail = (
            f"NATS is not reachable ({type(exc).__name__}); nothing was created. Check that "
            "nats-server is running, then retry"
        )
    return HTTPException(
        status.HTTP_503_SERVICE_UNAVAILABLE, detail=detail, headers={"Retry-After": "5"}
    )


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
            raise unavailable(exc) from exc
        if store is not None and event.job_id is not None:
            await project(store, event)
        if queued is not None:
            with contextlib.suppress(Exception):  # progress is best effort; the command is not
                await ProgressReporter(publisher, event, SERVICE)(ProgressState.QUEUED, 0, queued)
