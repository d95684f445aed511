"""The delivery policy, applied to every JetStream message a service consumes.

At-least-once in, exactly-once in effect:
- success → ack;
- `PermanentError` or a message that does not decode → dead letter, `pipeline.failed`, term
  (it can never succeed as it is);
- anything else → nack with a growing delay, until the last allowed delivery, which ends
  in a dead letter and `pipeline.failed`;
- a delivery beyond the last allowed one (the handler crashed or hung on every attempt) is
  dead-lettered without running the handler again;
- if the failure cannot be recorded (NATS unavailable), the message is nacked, not terminated,
  so the failure is recorded on a later delivery and nothing is dropped silently;
- while the handler runs, `in_progress` is sent so a long step is not redelivered, but only
  within the handler's time budget: past it the handler is cancelled and the message fails
  for good with the reason, so one runaway input cannot hold a consumer forever;
- a dead letter carries a bounded excerpt of the message and where the whole one is kept,
  so the letter itself always fits in a NATS message;
- a handler cancelled by shutdown leaves its message unacked, for redelivery.

FastStream calls `after_processed` for every message, including those that fail to parse or
decode before the handler (and `consume_scope`) is reached.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import uuid
from collections.abc import Mapping
from contextvars import Token
from types import TracebackType
from typing import Any, TypeGuard

import anyio
from faststream import BaseMiddleware
from faststream._internal.context.repository import ContextRepo
from nats import errors as nats_errors
from nats.aio.msg import Msg
from opentelemetry import trace
from pydantic import ValidationError

from jobintel.contracts import (
    DEAD_LETTER_EXCERPT,
    EVENT_BY_SUBJECT,
    JOB_ID_PATTERN,
    DeadLetter,
    FailureKind,
    PipelineFailed,
    Progress,
    ProgressState,
    derive_id,
    streams,
    subjects,
)

from .backoff import retry_delay as retry_delay  # the one backoff formula, re-exported
from .errors import PermanentError, TransientError
from .logs import bind_message, get_logger, reset_message
from .publishing import EventPublisher
from .settings import Settings

log = get_logger(__name__)

GIVE_BACK_SECONDS = 2.0
_JOB_ID = re.compile(JOB_ID_PATTERN)


def _is_jetstream(msg: object) -> TypeGuard[Msg]:
    return isinstance(msg, Msg) and bool(msg.reply) and msg.reply.startswith("$JS.ACK")


def _peek(data: bytes) -> dict[str, Any]:
    """Best-effort read of the envelope of a message that may not decode."""
    try:
        value = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return {}
    return value if isinstance(value, dict) else {}


def _job_id(data: bytes) -> str | None:
    """The message's job id, if it is one: a malformed one is reported without a job."""
    job_id = _peek(data).get("job_id")
    return job_id if isinstance(job_id, str) and _JOB_ID.fullmatch(job_id) else None


def describe(exc: BaseException) -> str:
    """A message a person can act on."""
    if isinstance(exc, ValidationError):
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'message'}: {e['msg']}"
            for e in exc.errors()[:5]
        )
        return f"invalid message: {problems}"
    if isinstance(exc, json.JSONDecodeError | UnicodeDecodeError):
        return f"message is not valid JSON: {exc}"
    text = str(exc).strip()
    return text if text else type(exc).__name__


def describe_message(subject: str, data: bytes) -> str | None:
    """Why this message cannot be read as its subject's event, or None if it can.

    FastStream hands undecodable JSON to the handler as raw bytes and reports the result
    against the handler's parameter name; checking the body against the contract instead
    names the message's own fields.
    """
    try:
        json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        return f"message is not valid JSON: {exc}"
    event_type = EVENT_BY_SUBJECT.get(subject)
    if event_type is None:
        return None
    try:
        event_type.model_validate_json(data)
    except ValidationError as exc:
        return f"invalid {subject} message: {describe(exc).removeprefix('invalid message: ')}"
    return None


def is_permanent(exc: BaseException) -> bool:
    """Failures that the same message will meet on every delivery: retrying cannot help.

    A message nested too deep to parse (RecursionError) and an output larger than the
    server takes (MaxPayloadError) are properties of the input, not of the moment.
    """
    return isinstance(
        exc,
        PermanentError
        | ValidationError
        | json.JSONDecodeError
        | UnicodeDecodeError
        | RecursionError
        | nats_errors.MaxPayloadError,
    )


def _is_uuid(value: object) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


async def _give_back(msg: Msg) -> None:
    """Nack at once, shielded from the cancellation in progress; if that fails too, the
    message still comes back after ack_wait."""
    with anyio.move_on_after(GIVE_BACK_SECONDS, shield=True), contextlib.suppress(Exception):
        await msg.nak()


class DeliveryPolicy:
    """Broker middleware factory: one instance per service process."""

    def __init__(self, settings: Settings, service: str) -> None:
        self.settings = settings
        self.service = service
        self.publisher: EventPublisher | None = None  # set once the broker exists

    def __call__(self, msg: Any, /, *, context: ContextRepo) -> _DeliveryScope:
        return _DeliveryScope(msg, context=context, policy=self)


class _Undeliverable(Exception):
    """Raised instead of running the handler on a delivery beyond the last allowed one."""


class _DeliveryScope(BaseMiddleware):  # type: ignore[type-arg]
    def __init__(self, msg: Any, /, *, context: ContextRepo, policy: DeliveryPolicy) -> None:
        super().__init__(msg, context=context)
        self.policy = policy
        self._keepalive: asyncio.Task[None] | None = None
        self._log_tokens: Mapping[str, Token[Any]] = {}

    async def on_receive(self) -> None:
        msg = self.msg
        if not _is_jetstream(msg):
            return
        self._log_tokens = bind_message(
            service=self.policy.service,
            job_id=_job_id(msg.data),
            subject=msg.subject,
            trace_id=None,  # set once the telemetry span exists, in consume_scope
        )
        self._keepalive = asyncio.create_task(self._keep_alive(msg))

    async def consume_scope(self, call_next: Any, msg: Any) -> Any:
        span = trace.get_current_span().get_span_context()
        if span.is_valid:  # the telemetry middleware's span: logs after the handler keep it
            bind_message(trace_id=format(span.trace_id, "032x"))
        raw = self.msg
        if _is_jetstream(raw) and raw.metadata.num_delivered > self.policy.settings.max_deliver:
            raise _Undeliverable(
                f"not finished after {self.policy.settings.max_deliver} deliveries: the handler "
                "crashed, hung or could not record its failure; see the service's logs"
            )
        budget = self.policy.settings.handler_budget_seconds
        deadline = asyncio.timeout(budget)
        try:
            async with deadline:
                return await call_next(msg)
        except TimeoutError as exc:
            if not deadline.expired():
                raise  # the handler's own timeout (a fetch, a model call): transient
            raise PermanentError(
                f"took longer than its {budget:g} s budget, so it was stopped: the input is "
                "too large or too slow to process (a very long master CV or posting?)",
                kind=FailureKind.OVER_BUDGET,
            ) from exc

    async def _keep_alive(self, msg: Msg) -> None:
        settings = self.policy.settings
        interval = max(0.2, settings.ack_wait_seconds / 3)
        started = asyncio.get_running_loop().time()
        # never extend past the budget: a handler stuck outside the event loop's reach is
        # then redelivered, and ends as undeliverable, instead of being kept alive forever
        while asyncio.get_running_loop().time() - started < settings.handler_budget_seconds:
            await asyncio.sleep(interval)
            with contextlib.suppress(Exception):
                await msg.in_progress()

    async def _stop_keepalive(self) -> None:
        task, self._keepalive = self._keepalive, None
        if task is None:
            return
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    async def after_processed(
        self,
        exc_type: type[BaseException] | None = None,
        exc_val: BaseException | None = None,
        exc_tb: TracebackType | None = None,
    ) -> bool | None:
        try:
            await self._stop_keepalive()
            msg = self.msg
            if not _is_jetstream(msg):
                return False
            if exc_val is None:
                if not msg.is_acked:  # the handler may have settled it itself
                    await msg.ack()
                return False
            if not isinstance(exc_val, Exception):
                # CancelledError (shutdown mid-message), KeyboardInterrupt, SystemExit:
                # hand the message back for another replica or the next start.
                await _give_back(msg)
                return False
            await self._on_error(msg, exc_val)
            return True
        finally:
            reset_message(self._log_tokens)

    async def _on_error(self, msg: Msg, exc: Exception) -> None:
        settings = self.policy.settings
        attempt = msg.metadata.num_delivered
        permanent = is_permanent(exc)
        reason = describe(exc)
        if isinstance(exc, ValidationError):
            reason = describe_message(msg.subject, msg.data) or reason
        if isinstance(exc, _Undeliverable):
            kind = FailureKind.EXHAUSTED
        elif not permanent and attempt < settings.max_deliver:
            await self._retry(msg, attempt, reason, exc)
            return
        elif isinstance(exc, PermanentError | TransientError):
            kind = exc.kind
        elif permanent:
            kind = FailureKind.INVALID_INPUT
        else:
            kind = FailureKind.EXHAUSTED
        if not permanent and not isinstance(exc, _Undeliverable):
            reason = f"gave up after {attempt} attempts: {reason}"
        log.error("message failed for good", attempt=attempt, kind=str(kind), reason=reason)
        try:
            await self._dead_letter(msg, reason, attempt)
            await self._fail(msg, kind, reason, attempt)
        except Exception:
            delay = settings.retry_max_seconds
            log.exception("could not record the failure; the message comes back", delay=delay)
            await msg.nak(delay=delay)
            return
        await self._progress(msg, ProgressState.FAILED, reason, final=True)
        await msg.term()

    async def _retry(self, msg: Msg, attempt: int, reason: str, exc: Exception) -> None:
        settings = self.policy.settings
        delay = retry_delay(attempt, settings.retry_base_seconds, settings.retry_max_seconds)
        log.warning(
            "handler failed, will retry",
            attempt=attempt,
            delay=delay,
            reason=reason,
            exc_info=not isinstance(exc, TransientError),
        )
        await self._progress(
            msg, ProgressState.RETRYING, f"retry {attempt} in {delay:g}s: {reason}", final=False
        )
        await msg.nak(delay=delay)

    def _publisher(self) -> EventPublisher:
        if self.policy.publisher is None:
            raise RuntimeError("the delivery policy has no publisher: build it with make_broker")
        return self.policy.publisher

    def _message_key(self, msg: Msg) -> str:
        envelope = _peek(msg.data)
        return str(
            envelope.get("event_id")
            or (msg.headers or {}).get("Nats-Msg-Id")
            or f"{msg.metadata.stream}:{msg.metadata.sequence.stream}"
        )

    async def _dead_letter(self, msg: Msg, reason: str, attempt: int) -> None:
        text = msg.data.decode("utf-8", errors="replace")
        letter = DeadLetter(
            original_subject=msg.subject,
            original_data=text[:DEAD_LETTER_EXCERPT],
            original_stream=msg.metadata.stream,
            original_sequence=msg.metadata.sequence.stream,
            truncated=len(text) > DEAD_LETTER_EXCERPT,
            headers={k: v for k, v in (msg.headers or {}).items() if isinstance(v, str)},
            consumer=msg.metadata.consumer or self.policy.service,
            reason=reason,
            attempts=attempt,
            job_id=_job_id(msg.data),
        )
        await self._publisher().publish_model(
            letter,
            subject=subjects.dead_letter_subject(msg.subject),
            stream=streams.DEAD_LETTER.name,
            msg_id=str(derive_id(self._message_key(msg), f"dlq:{self.policy.service}")),
        )

    async def _fail(self, msg: Msg, kind: FailureKind, reason: str, attempt: int) -> None:
        cause = _peek(msg.data).get("event_id")
        await self._publisher().publish(
            PipelineFailed(
                event_id=derive_id(self._message_key(msg), f"failed:{self.policy.service}"),
                job_id=_job_id(msg.data),
                causation_id=uuid.UUID(str(cause)) if _is_uuid(cause) else None,
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

    async def _progress(self, msg: Msg, state: ProgressState, message: str, *, final: bool) -> None:
        job_id = _job_id(msg.data)
        if job_id is None:
            return
        key = self._message_key(msg)
        attempt = msg.metadata.num_delivered
        try:
            await self._publisher().publish(
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
        except Exception:  # progress is best effort; the failure itself is recorded
            log.warning("could not publish progress", state=str(state), exc_info=True)
