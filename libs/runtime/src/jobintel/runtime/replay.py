"""Replaying a message as a new one, so every consumer works on it again.

A consumer derives what it publishes from the id of what it received, and JetStream drops a
second message with the same id: a copy under the old id would be swallowed or change
nothing. The copy gets a new id derived from the old one and the replay, and points back at
it through `causation_id`, so the two stay linked in the job's history.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from jobintel.contracts import derive_id, utcnow


def replayed(data: bytes, stamp: str) -> tuple[bytes, str]:
    """The message to publish for a replay of `data`, and its `Nats-Msg-Id`.

    `data` need not be a valid event (a dead letter may not be): any JSON object with an
    `event_id` gets the new envelope; anything else goes out as it was, under a fresh id.
    """
    try:
        envelope: Any = json.loads(data)
    except (ValueError, UnicodeDecodeError, RecursionError):
        envelope = None
    if not isinstance(envelope, dict) or not envelope.get("event_id"):
        return data, str(derive_id(hashlib.sha256(data).hexdigest(), f"replay:{stamp}"))
    original = str(envelope["event_id"])
    new_id = str(derive_id(original, f"replay:{stamp}"))
    copy = {
        **envelope,
        "event_id": new_id,
        "causation_id": original,
        "producer": "replay",
        "occurred_at": utcnow().isoformat(),
    }
    return json.dumps(copy, ensure_ascii=False).encode(), new_id
