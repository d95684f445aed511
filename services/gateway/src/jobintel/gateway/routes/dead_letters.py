"""Messages that failed for good, read from the DEADLETTER stream, and their replay."""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, status
from fastapi import Path as FastApiPath
from nats.js import JetStreamContext
from nats.js.api import RawStreamMsg
from nats.js.errors import NotFoundError
from pydantic import ValidationError

from jobintel.contracts import DeadLetter, streams, utcnow
from jobintel.runtime.replay import replayed
from jobintel.runtime.store import DocumentStore

from ..deps import JetStream, Store
from ..schemas import MAX_OFFSET, MAX_SEQ, DeadLetterOut, ReplayAccepted
from ..security import require_token

router = APIRouter(prefix="/api", tags=["dead letters"], dependencies=[Depends(require_token)])

REPLAYS = "dead_letter_replays"
SCAN_LIMIT = 5000  # stream messages looked at per listing, newest first
LIST_EXCERPT = 2000  # characters of each message a listing shows (25 letters stay small)


def _letter(raw: RawStreamMsg) -> DeadLetter | None:
    try:
        return DeadLetter.model_validate_json(raw.data or b"")
    except ValidationError:
        return None


async def _out(store: DocumentStore, raw: RawStreamMsg, letter: DeadLetter) -> DeadLetterOut:
    replay = await store.get(REPLAYS, str(raw.seq))
    return DeadLetterOut(
        seq=raw.seq or 0,
        subject=raw.subject or "",
        original_subject=letter.original_subject,
        consumer=letter.consumer,
        reason=letter.reason,
        attempts=letter.attempts,
        job_id=letter.job_id,
        received_at=raw.time,
        original_data=letter.original_data[:LIST_EXCERPT],
        truncated=letter.truncated or len(letter.original_data) > LIST_EXCERPT,
        replayed_at=replay.data["at"] if replay else None,
        replay_msg_id=replay.data.get("msg_id") if replay else None,
    )


async def list_letters(
    js: JetStreamContext, store: DocumentStore, *, limit: int, offset: int
) -> list[DeadLetterOut]:
    info = await js.stream_info(streams.DEAD_LETTER.name)
    first, last = info.state.first_seq, info.state.last_seq
    if not info.state.messages:
        return []
    found: list[DeadLetterOut] = []
    skipped = 0
    for seq in range(last, max(first, last - SCAN_LIMIT) - 1, -1):
        try:
            raw = await js.get_msg(streams.DEAD_LETTER.name, seq)
        except NotFoundError:
            continue
        letter = _letter(raw)
        if letter is None:
            continue
        if skipped < offset:
            skipped += 1
            continue
        found.append(await _out(store, raw, letter))
        if len(found) >= limit:
            break
    return found


@router.get("/dead-letters", response_model=list[DeadLetterOut])
async def get_dead_letters(
    js: JetStream,
    store: Store,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> list[DeadLetterOut]:
    """Dead letters, newest first, with the reason and whether they were replayed."""
    return await list_letters(js, store, limit=limit, offset=offset)


async def _original(js: JetStreamContext, seq: int, letter: DeadLetter) -> bytes:
    """The whole original message: in the letter, or (when it was too long) in its stream."""
    if not letter.truncated:
        return letter.original_data.encode()
    if letter.original_stream is None or letter.original_sequence is None:
        raise HTTPException(
            status.HTTP_409_CONFLICT,
            detail=f"dead letter {seq} holds only the start of its message and no reference",
        )
    try:
        raw = await js.get_msg(letter.original_stream, letter.original_sequence)
    except NotFoundError as exc:
        raise HTTPException(
            status.HTTP_410_GONE,
            detail=f"the original of dead letter {seq} ({letter.original_stream} message "
            f"{letter.original_sequence}) has expired from its stream: it cannot be replayed",
        ) from exc
    return bytes(raw.data or b"")


@router.post(
    "/dead-letters/{seq}/replay",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=ReplayAccepted,
)
async def replay_dead_letter(
    seq: Annotated[int, FastApiPath(ge=1, le=MAX_SEQ)], js: JetStream, store: Store
) -> ReplayAccepted:
    """Publish the original message again to its subject, as a new message."""
    try:
        raw = await js.get_msg(streams.DEAD_LETTER.name, seq)
    except NotFoundError as exc:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, detail=f"no dead letter {seq} (it may have expired)"
        ) from exc
    letter = _letter(raw)
    if letter is None:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            detail=f"message {seq} of the dead-letter stream is not a dead letter",
        )
    data, msg_id = replayed(await _original(js, seq, letter), str(time.time_ns()))
    headers = {k: v for k, v in letter.headers.items() if not k.lower().startswith("nats-")}
    headers.update({"Nats-Msg-Id": msg_id, "Jobintel-Replay-Of": str(seq)})
    await js.publish(letter.original_subject, data, headers=headers)
    await store.put(REPLAYS, str(seq), {"at": utcnow().isoformat(), "msg_id": msg_id})
    return ReplayAccepted(seq=seq, subject=letter.original_subject, msg_id=msg_id)
