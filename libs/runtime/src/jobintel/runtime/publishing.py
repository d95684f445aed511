"""Idempotent publishing: every event goes out with `Nats-Msg-Id` = its event id."""

from __future__ import annotations

from typing import Protocol

from faststream.nats import NatsBroker
from pydantic import BaseModel

from jobintel.contracts import Event, Progress, ProgressState, derive_id

PUBLISH_TIMEOUT_SECONDS = 10.0


class Publisher(Protocol):
    """The port use cases publish through; tests pass an in-memory list."""

    async def publish(self, event: Event) -> None: ...


class EventPublisher:
    """Publishes to JetStream and waits for the stream's ack, so nothing is lost on a crash."""

    def __init__(self, broker: NatsBroker) -> None:
        self._broker = broker

    async def publish(self, event: Event) -> None:
        await self._broker.publish(
            event,
            subject=event.publish_subject(),
            headers={"Nats-Msg-Id": str(event.event_id)},
            stream=event.stream,
            timeout=PUBLISH_TIMEOUT_SECONDS,
        )

    async def publish_model(
        self, payload: BaseModel, *, subject: str, stream: str, msg_id: str
    ) -> None:
        """Publish a value that is not an event (e.g. a dead letter), just as safely."""
        await self._broker.publish(
            payload,
            subject=subject,
            headers={"Nats-Msg-Id": msg_id},
            stream=stream,
            timeout=PUBLISH_TIMEOUT_SECONDS,
        )


class ProgressReporter:
    """Progress of one stage of one job, derived from the event being handled.

    Ids derive from the cause, the stage and the step, so a redelivered message does not show
    its steps twice on the live stream.
    """

    def __init__(self, publisher: Publisher, cause: Event, stage: str) -> None:
        self._publisher = publisher
        self._cause = cause
        self._stage = stage

    async def __call__(
        self, state: ProgressState, percent: int, message: str = "", *, final: bool = False
    ) -> None:
        if self._cause.job_id is None:
            return
        await self._publisher.publish(
            Progress(
                event_id=derive_id(
                    self._cause.event_id, f"progress:{self._stage}:{state}:{percent}"
                ),
                job_id=self._cause.job_id,
                causation_id=self._cause.event_id,
                producer=self._stage,
                stage=self._stage,
                state=state,
                percent=percent,
                message=message,
                final=final,
            )
        )
