"""Publishing commands and user facts from HTTP requests, with errors a client can act on."""

from __future__ import annotations

from collections.abc import Iterable

from fastapi import HTTPException, status

from jobintel.contracts import Event
from jobintel.runtime.publishing import Publisher
from jobintel.runtime.store import DocumentStore

from .readmodel import project


async def send(publisher: Publisher, events: Iterable[Event], *,
               store: DocumentStore | None = None) -> None:
    """Publish each event (JetStream acks it) and, with `store`, fold it into the read model.

    Folding what we just published makes a job visible at once after a POST; the durable
    subscriber will see the same event id later and change nothing.
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
