"""Client retries of a job submission: the same `Idempotency-Key` names the same job.

The job id is a uuid5 of the key and the caller's token (a constant without one), so a retry
gets the same job id; the command's event id is derived from the job id, so JetStream drops
the second publish as a duplicate (within its duplicate window) and every consumer sees the
same event id after that. Without a key each POST is a new job (uuid4).
"""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Header, Request

from .security import presented_token

NAMESPACE = uuid.UUID("6f1c7a52-3f0e-4c1b-9a8e-2b7d5e4f9c10")
ANONYMOUS = "no-token"

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=200,
        description="Any string unique to this submission (e.g. a UUID the client made). "
        "Sending the same key again (a retry) answers with the same job id and creates no "
        "second job.",
    ),
]


def job_id_for(key: str | None, request: Request) -> str:
    """A new job id, or the one this key (for this caller) has always named."""
    if key is None:
        return str(uuid.uuid4())
    caller = presented_token(request) or ANONYMOUS
    return str(uuid.uuid5(NAMESPACE, f"{caller}\n{key}"))


def command_id(job_id: str, subject: str, key: str | None) -> uuid.UUID:
    """The command's event id: derived when the job id is (a retry republishes the same id)."""
    if key is None:
        return uuid.uuid4()
    return uuid.uuid5(NAMESPACE, f"{job_id}\n{subject}")
