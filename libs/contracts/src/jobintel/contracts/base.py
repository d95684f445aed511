"""The envelope every event and command shares.

Ids are deterministic where a handler derives an event from another one (`uuid5` of the input
event id and the stage), so a redelivered input produces the same output id and JetStream's
duplicate window drops the second publish.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import ClassVar, Self

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

EVENT_NAMESPACE = uuid.UUID("6f1c2b9e-4d0a-5e53-9a51-0b7a3c2d8e41")
# A job id becomes a NATS subject token (`pipeline.progress.<job_id>`): no '.', '*', '>' or
# spaces, which would make it several tokens or a wildcard matching other jobs' subjects.
JOB_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$"


def utcnow() -> datetime:
    return datetime.now(UTC)


def derive_id(source: uuid.UUID | str, stage: str) -> uuid.UUID:
    """Deterministic id of what `stage` produces from `source`."""
    return uuid.uuid5(EVENT_NAMESPACE, f"{source}:{stage}")


class Model(BaseModel):
    """Base of every value that crosses a service boundary between our own services.

    A tolerant reader: fields it does not know are ignored, so a producer can add a field
    (with a default) before its consumers are upgraded, and a rolling deploy does not turn
    every new message into a dead letter. Input from outside is strict at the edge instead:
    the gateway's request models refuse unknown fields.
    """

    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class Event(Model):
    """Base of every fact, command and progress message."""

    subject: ClassVar[str]
    stream: ClassVar[str] = "PIPELINE"

    event_id: uuid.UUID = Field(default_factory=uuid.uuid4)
    occurred_at: AwareDatetime = Field(default_factory=utcnow)
    job_id: str | None = Field(
        default=None,
        pattern=JOB_ID_PATTERN,
        description="Correlation id carried end to end; None for non-job events. One subject "
        "token (letters, digits, '-', '_'), as it names the job's progress subject.",
    )
    causation_id: uuid.UUID | None = Field(
        default=None, description="Id of the event or command that caused this one."
    )
    schema_version: int = 1
    producer: str = Field(description="Service (or client) that published the event.")

    def publish_subject(self) -> str:
        return self.subject

    @classmethod
    def caused_by(cls, cause: Event, *, producer: str, stage: str, **payload: object) -> Self:
        """Build the event `stage` produces from `cause`, with a deterministic id."""
        return cls(
            event_id=derive_id(cause.event_id, stage),
            job_id=cause.job_id,
            causation_id=cause.event_id,
            producer=producer,
            **payload,
        )
