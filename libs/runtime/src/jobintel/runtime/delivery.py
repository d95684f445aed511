"""The delivery policy, applied to every JetStream message a service consumes.

At-least-once in, exactly-once in effect:
- success → ack;
- `PermanentError` or a message that does not decode → terminate, publish `pipeline.failed`
  and keep the message as a dead letter (it can never succeed as it is);
- anything else → nack with a growing delay, until the last allowed delivery, which ends
  in a dead letter and `pipeline.failed`;
- while the handler runs, `in_progress` is sent so a long step is not redelivered.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from types import TracebackType
from typing import Any

from faststream import BaseMiddleware
from faststream._internal.context.repository import ContextRepo
from nats.aio.msg import Msg
from pydantic import ValidationError

from jobintel.contracts import (
    DeadLetter,
    FailureKind,
    PipelineFailed,
    Progress,
    ProgressState,
    derive_id,
    streams,
    subjects,
)

from .errors import PermanentError, TransientError
from .logs import bind_job, get_logger
from .publishing import EventPublisher
from .settings import Settings

log = get_logger(__name__)


def retry_delay(attempt: int, base: float, cap: float) -> float:
    """Exponential backoff: base, 2·base, 4·base, … capped."""
    return float(min(cap, base * 2 ** max(0, attempt - 1)))


def _is_jetstream(msg: Any) -> bool:
    return isinstance(msg, Msg) and bool(msg.reply) and msg.reply.startswith("$JS.ACK")


def _peek(data: bytes) -> dict[str, Any]:
    """Best-effort read of the envelope of a message that may not decode."""
    try:
        value = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return {}
    return value if isinstance(value, dict) else {}


def describe(exc: BaseException) -> str:
    """A message a person can act on."""
    if isinstance(exc, ValidationError):
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'message'}: {e['msg']}" for e in exc.errors()[:5]
        )
        return f"invalid message: {problems}"
    if isinstance(exc, json.JSONDecodeError | UnicodeDecodeError):
        return f"message is not valid JSON: {exc}"
    text = str(exc).strip()
    return text if text else type(exc).__name__


class DeliveryPolicy:
    """Broker middleware factory: one instance per service process."""

    def __init__(self, settings: Settings, service: str) -> None:
        self.settings = settings
        self.service = service
        self.publisher: EventPublisher | None = None  # set once the broker exists

    def __call__(self, msg: Any, /, *, context: ContextRepo) -> _DeliveryScope:
        return _DeliveryScope(msg, context=context, policy=self)


class _DeliveryScope(BaseMiddleware):
    def __init__(self, msg: Any, /, *, context: ContextRepo, policy: DeliveryPolicy) -> None:
        super().__init__(msg, context=context)
        self.policy = policy
        self._keepalive: asyncio.Task[None] | None = None

    async def on_receive(self) -> None:
        if not _is_jetstream(self.msg):
            return
        job_id = _peek(self.msg.data).get("job_id")
        if isinstance(job_id, str):
            bind_job(job_id=job_id)
        self._keepalive = asyncio.create_task(self._keep_alive(self.msg))

    async def _keep_alive(self, msg: Msg) -> None:
        interval = max(0.5, self.policy.settings.ack_wait_seconds / 3)
        while True:
            await asyncio.sleep(interval)
            with contextlib.suppress(Exception):
                await msg.in_progress()

    async def after_processed(
        self,
        exc_type: type[BaseException] | None = None,
        exc_val: BaseException | None = None,
        exc_tb: TracebackType | None = None,
    ) -> bool | None:
        if self._keepalive is not None:
            self._keepalive.cancel()
        msg = self.msg
        if not _is_jetstream(msg):
            return False
        if exc_val is None:
            await msg.ack()
            return False
        if isinstance(exc_val, asyncio.CancelledError):
            return False  # shutting down mid-message: leave it for redelivery
        await self._on_error(msg, exc_val)
        return True

    async def _on_error(self, msg: Msg, exc: BaseException) -> None:
        settings = self.policy.settings
        attempt = msg.metadata.num_delivered
        reason = describe(exc)
        permanent = isinstance(exc, PermanentError | ValidationError | json.JSONDecodeError | UnicodeDecodeError)
        if not permanent and attempt < settings.max_deliver:
            delay = retry_delay(attempt, settings.retry_base_seconds, settings.retry_max_seconds)
            log.warning(
                "handler failed, will retry", subject=msg.subject, attempt=attempt,
                delay=delay, reason=reason, exc_info=not isinstance(exc, TransientError),
            )
            await self._progress(msg, ProgressState.RETRYING, f"retry {attempt} in {delay:.0f}s: {reason}", final=False)
            await msg.nak(delay=delay)
            return
        if isinstance(exc, PermanentError | TransientError):
            kind = exc.kind
        elif permanent:
            kind = FailureKind.INVALID_INPUT
        else:
            kind = FailureKind.EXHAUSTED
        if not permanent:
            reason = f"gave up after {attempt} attempts: {reason}"
        log.error("message failed for good", subject=msg.subject, attempt=attempt, reason=reason)
        await self._dead_letter(msg, reason, attempt)
        await self._fail(msg, kind, reason, attempt)
        await msg.term()

    def _message_key(self, msg: Msg) -> str:
        envelope = _peek(msg.data)
        return str(envelope.get("event_id") or (msg.headers or {}).get("Nats-Msg-Id")
                   or f"{msg.metadata.stream}:{msg.metadata.sequence.stream}")

    async def _dead_letter(self, msg: Msg, reason: str, attempt: int) -> None:
        publisher = self.policy.publisher
        assert publisher is not None
        envelope = _peek(msg.data)
        letter = DeadLetter(
            original_subject=msg.subject,
            original_data=msg.data.decode("utf-8", errors="replace"),
            headers={k: v for k, v in (msg.headers or {}).items() if isinstance(v, str)},
            consumer=msg.metadata.consumer or self.policy.service,
            reason=reason,
            attempts=attempt,
            job_id=envelope.get("job_id") if isinstance(envelope.get("job_id"), str) else None,
        )
        key = derive_id(self._message_key(msg), f"dlq:{self.policy.service}")
        await publisher._broker.publish(
            letter,
            subject=subjects.dead_letter_subject(msg.subject),
            headers={"Nats-Msg-Id": str(key)},
            stream=streams.DEAD_LETTER.name,
        )

    async def _fail(self, msg: Msg, kind: FailureKind, reason: str, attempt: int) -> None:
        publisher = self.policy.publisher
        assert publisher is not None
        envelope = _peek(msg.data)
        job_id = envelope.get("job_id") if isinstance(envelope.get("job_id"), str) else None
        key = self._message_key(msg)
        cause = envelope.get("event_id")
        await publisher.publish(
            PipelineFailed(
                event_id=derive_id(key, f"failed:{self.policy.service}"),
                job_id=job_id,
                causation_id=cause if _is_uuid(cause) else None,
                producer=self.policy.service,
                stage=self.policy.service,
                kind=kind,
                reason=reason,
                failed_subject=msg.subject,
                failed_event_id=str(cause) if cause else None,
                attempts=attempt,
                dead_lettered=True,
            )
        )
        await self._progress(msg, ProgressState.FAILED, reason, final=True)

    async def _progress(self, msg: Msg, state: ProgressState, message: str, *, final: bool) -> None:
        publisher = self.policy.publisher
        assert publisher is not None
        envelope = _peek(msg.data)
        job_id = envelope.get("job_id")
        if not isinstance(job_id, str):
            return
        key = self._message_key(msg)
        attempt = msg.metadata.num_delivered
        with contextlib.suppress(Exception):  # progress is best effort; the failure is not
            await publisher.publish(
                Progress(
                    event_id=derive_id(key, f"progress:{self.policy.service}:{state}:{attempt}"),
                    job_id=job_id,
                    producer=self.policy.service,
                    stage=self.policy.service,
                    state=state,
                    percent=100 if final else 0,
                    message=message[:500],
                    final=final,
                )
            )


def _is_uuid(value: object) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
