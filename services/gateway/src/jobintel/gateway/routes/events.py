"""Live progress of a job as server-sent events, read from the PROGRESS stream.

Each request has its own ephemeral ordered consumer, so every replica can serve any client.
The SSE id is the JetStream stream sequence: a client reconnecting with `Last-Event-ID: n`
resumes at n+1 and misses nothing. The stream ends after a `final` event with nothing after it.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Annotated

import nats.errors
from fastapi import APIRouter, Depends, Header
from fastapi.sse import EventSourceResponse, ServerSentEvent
from nats.js.api import ConsumerConfig, DeliverPolicy
from nats.js.errors import NotFoundError
from pydantic import ValidationError

from jobintel.contracts import Progress, streams, subjects

from ..deps import JetStream, Store
from ..domain.projection import JobStatus, JobView
from ..security import require_token
from .common import load_job

router = APIRouter(prefix="/api", tags=["events"], dependencies=[Depends(require_token)])

KEEPALIVE_SECONDS = 10.0
TERMINAL = frozenset({JobStatus.CV_READY, JobStatus.FAILED, JobStatus.DISCARDED})


async def existing_job(job_id: str, store: Store) -> JobView:
    return await load_job(store, job_id)


async def _last_progress(js: JetStream, subject: str) -> tuple[int, Progress] | None:
    try:
        last = await js.get_last_msg(streams.PROGRESS.name, subject)
        return (last.seq or 0), Progress.model_validate_json(last.data or b"")
    except (NotFoundError, ValidationError):
        return None


async def _nothing_to_send(js: JetStream, job: JobView, after: int | None) -> bool:
    """True when the client has seen the job's final event, or the job is done and its
    progress has aged out of the stream: the stream would only ever send keep-alives."""
    last = await _last_progress(js, subjects.progress_subject(job.job_id))
    if last is None:
        return job.status in TERMINAL
    seq, progress = last
    return after is not None and seq <= after and progress.final


@router.get(
    "/jobs/{job_id}/events",
    response_class=EventSourceResponse,
    name="job_events",
    responses={200: {"description": "`progress` events; `data` is a Progress event"}},
)
async def job_events(
    job: Annotated[JobView, Depends(existing_job)],
    js: JetStream,
    last_event_id: Annotated[
        int | None, Header(ge=0, description="Resume after this sequence")
    ] = None,
) -> AsyncIterator[ServerSentEvent]:
    """Progress of the job, in order, from the start or from `Last-Event-ID` + 1."""
    subject = subjects.progress_subject(job.job_id)
    if await _nothing_to_send(js, job, last_event_id):
        return
    if last_event_id is not None:
        config = ConsumerConfig(
            deliver_policy=DeliverPolicy.BY_START_SEQUENCE, opt_start_seq=last_event_id + 1
        )
        sub = await js.subscribe(
            subject,
            ordered_consumer=True,
            config=config,
            deliver_policy=DeliverPolicy.BY_START_SEQUENCE,
        )
    else:
        sub = await js.subscribe(subject, ordered_consumer=True, deliver_policy=DeliverPolicy.ALL)
    try:
        while True:
            try:
                msg = await sub.next_msg(timeout=KEEPALIVE_SECONDS)
            except nats.errors.TimeoutError:
                yield ServerSentEvent(comment="keep-alive")
                continue
            try:
                progress = Progress.model_validate_json(msg.data)
            except ValidationError:
                continue  # not ours to show; the stream's other events still are
            yield ServerSentEvent(
                id=str(msg.metadata.sequence.stream), event="progress", data=progress
            )
            if progress.final and msg.metadata.num_pending == 0:
                return
    finally:
        with contextlib.suppress(Exception):
            await sub.unsubscribe()
