"""The LLM port on Anthropic Claude, through the official `anthropic` SDK.

The SDK retries 408/409/429/5xx/529 and connection errors itself (`max_retries`, honouring
`retry-after`); what is still failing afterwards is mapped to `LlmUnavailableError` (transient)
or `LlmRequestError` (permanent). A reply that does not validate gets one more try with the
validation error fed back to the model, then `LlmOutputError`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any, TypeVar, cast

import anthropic
from anthropic.types import Message
from anthropic.types.messages import MessageBatch, MessageBatchResult
from opentelemetry.trace import Span, TracerProvider
from pydantic import BaseModel

from ..logs import get_logger
from ..settings import Settings
from .errors import (
    LlmAuthError,
    LlmError,
    LlmOutputError,
    LlmRequestError,
    LlmUnavailableError,
)
from .port import LLM, Effort, LlmFailure, LlmRequest, LlmResult, LlmUsage
from .pricing import estimate_cost
from .prompting import (
    InvalidReply,
    check_key,
    dump_content,
    message_params,
    parse_reply,
    retry_params,
)
from .tracing import llm_span, record_usage, tracer

M = TypeVar("M", bound=BaseModel)

log = get_logger(__name__)


@dataclass(frozen=True)
class BatchPolling:
    """How a batch is waited for: growing delays between polls, then give up and fall back."""

    first_delay: float = 2.0
    max_delay: float = 60.0
    factor: float = 1.5
    timeout: float = 3600.0


def usage_of(message: Message) -> LlmUsage:
    u = message.usage
    return LlmUsage(
        input_tokens=u.input_tokens,
        output_tokens=u.output_tokens,
        cache_read_input_tokens=u.cache_read_input_tokens or 0,
        cache_creation_input_tokens=u.cache_creation_input_tokens or 0,
    )


def map_error(err: anthropic.AnthropicError, purpose: str) -> LlmError:
    """An SDK error (after the SDK's own retries) as the runtime's transient/permanent kind."""
    what = f"Claude call for {purpose}"
    if isinstance(err, anthropic.APITimeoutError):
        return LlmUnavailableError(f"{what} timed out; try again later")
    if isinstance(err, anthropic.APIConnectionError):
        return LlmUnavailableError(
            f"{what} could not reach the Anthropic API ({err.message}); try again later"
        )
    if isinstance(err, anthropic.APIStatusError):
        detail = err.api_message or err.message
        status = err.status_code
        if isinstance(err, anthropic.AuthenticationError | anthropic.PermissionDeniedError):
            return LlmAuthError(
                f"{what} was refused ({status}: {detail}). Set a valid JOBINTEL_ANTHROPIC_API_KEY, "
                "or unset it to run offline."
            )
        if isinstance(err, anthropic.NotFoundError):
            return LlmRequestError(
                f"{what} was refused (404: {detail}). Check JOBINTEL_ANTHROPIC_MODEL names a model "
                "your key can use, and JOBINTEL_ANTHROPIC_BASE_URL if set."
            )
        if isinstance(err, anthropic.RateLimitError):
            return LlmUnavailableError(f"{what} was rate limited (429: {detail}); try again later")
        if status == 529 or status >= 500 or status in (408, 409):
            return LlmUnavailableError(
                f"{what} failed on Anthropic's side ({status}: {detail}); try again later"
            )
        return LlmRequestError(f"{what} was refused ({status}: {detail}).")
    return LlmRequestError(f"{what} failed: {err}")


def _cost(spent: Sequence[tuple[str, LlmUsage, bool]]) -> float | None:
    total = 0.0
    for model, usage, batched in spent:
        cost = estimate_cost(model, usage, batch=batched)
        if cost is None:
            return None
        total += cost
    return total


def _failure_from(request: LlmRequest[Any], err: LlmError) -> LlmFailure:
    return LlmFailure(
        key=request.key,
        purpose=request.purpose,
        reason=str(err),
        transient=isinstance(err, LlmUnavailableError),
        usage=err.usage or LlmUsage(),
        cost_usd=err.cost_usd,
    )


class ClaudeLLM:
    """`LLM` on an `anthropic.AsyncAnthropic` client."""

    def __init__(
        self,
        client: anthropic.AsyncAnthropic,
        *,
        model: str,
        tracer_provider: TracerProvider | None = None,
        batch_polling: BatchPolling | None = None,
        fallback_concurrency: int = 4,
    ) -> None:
        self._client = client
        self._model = model
        self._tracer = tracer(tracer_provider)
        self._polling = batch_polling or BatchPolling()
        self._fallback_concurrency = max(1, fallback_concurrency)

    @property
    def model(self) -> str:
        return self._model

    async def aclose(self) -> None:
        await self._client.close()

    async def __aenter__(self) -> ClaudeLLM:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    # -- one request ---------------------------------------------------------------------------

    async def structured(
        self,
        *,
        prompt: str,
        schema: type[M],
        purpose: str,
        system: str | Sequence[str] = "",
        cache_prefix: str | None = None,
        max_tokens: int = 8192,
        effort: Effort | None = None,
    ) -> LlmResult[M]:
        request = LlmRequest(
            key="call",
            prompt=prompt,
            schema=schema,
            purpose=purpose,
            system=system,
            cache_prefix=cache_prefix,
            max_tokens=max_tokens,
            effort=effort,
        )
        return await self._traced(request, first=None)

    async def _traced(self, request: LlmRequest[M], *, first: Message | None) -> LlmResult[M]:
        with llm_span(
            self._tracer,
            operation="chat",
            model=self._model,
            purpose=request.purpose,
            max_tokens=request.max_tokens,
        ) as span:
            try:
                result = await self._complete(request, first=first)
            except LlmError as err:
                record_usage(span, err.usage or LlmUsage(), cost_usd=err.cost_usd)
                raise
            record_usage(span, result.usage, cost_usd=result.cost_usd)
            span.set_attribute("gen_ai.response.model", result.model)
            span.set_attribute("jobintel.llm.attempts", result.attempts)
            span.set_attribute("jobintel.llm.batched", result.batched)
            return result

    async def _create(self, params: dict[str, Any], purpose: str) -> Message:
        try:
            message: Message = await self._client.messages.create(**params)
        except anthropic.AnthropicError as err:
            raise map_error(err, purpose) from err
        return message

    async def _complete(self, request: LlmRequest[M], *, first: Message | None) -> LlmResult[M]:
        """Validate the first reply (made here, or taken from a batch); retry once if invalid."""
        params = message_params(request, model=self._model)
        batched = first is not None
        message = first if first is not None else await self._create(params, request.purpose)
        spent = [(message.model, usage_of(message), batched)]
        try:
            value = self._parse(message, request.schema)
        except InvalidReply as bad:
            if not bad.retryable:
                raise self._with_spend(self._output_error(request, bad, spent), spent) from bad
            log.info(
                "llm reply invalid, asking again",
                purpose=request.purpose,
                key=request.key,
                reason=bad.reason,
            )
            try:
                message = await self._create(retry_params(params, bad), request.purpose)
            except LlmError as err:
                raise self._with_spend(err, spent) from err
            spent.append((message.model, usage_of(message), False))
            try:
                value = self._parse(message, request.schema)
            except InvalidReply as again:
                raise self._with_spend(self._output_error(request, again, spent), spent) from again
        return LlmResult(
            key=request.key,
            purpose=request.purpose,
            value=value,
            model=message.model,
            usage=sum((u for _, u, _ in spent), LlmUsage()),
            cost_usd=_cost(spent),
            attempts=len(spent),
            batched=batched,
        )

    @staticmethod
    def _output_error(
        request: LlmRequest[Any], invalid: InvalidReply, spent: Sequence[object]
    ) -> LlmOutputError:
        if not invalid.retryable:
            return LlmOutputError(
                f"Claude declined to answer the {request.purpose} request (a refusal); "
                "sending the same request again will not help."
            )
        return LlmOutputError(
            f"Claude's reply for {request.purpose} did not match {request.schema.__name__} "
            f"after {len(spent)} attempts: {invalid.reason}. Try again later, raise max_tokens "
            "if the reply was cut off, or pick another model with JOBINTEL_ANTHROPIC_MODEL."
        )

    @staticmethod
    def _parse(message: Message, schema: type[M]) -> M:
        return parse_reply(dump_content(message.content), schema, stop_reason=message.stop_reason)

    @staticmethod
    def _with_spend(err: LlmError, spent: Sequence[tuple[str, LlmUsage, bool]]) -> LlmError:
        err.usage = sum((u for _, u, _ in spent), LlmUsage())
        err.cost_usd = _cost(spent)
        return err

    # -- many requests ---------------------------------------------------------------------------

    async def structured_batch(
        self,
        requests: Sequence[LlmRequest[M]],
    ) -> list[LlmResult[M] | LlmFailure]:
        if not requests:
            return []
        keys = [check_key(r.key) for r in requests]
        if len(set(keys)) != len(keys):
            raise ValueError("every request of a batch needs its own key")
        purposes = ",".join(sorted({r.purpose for r in requests}))
        with llm_span(self._tracer, operation="batch", model=self._model, purpose=purposes) as span:
            span.set_attribute("jobintel.llm.batch.size", len(requests))
            return await self._batch(requests, span)

    async def _batch(
        self, requests: Sequence[LlmRequest[M]], span: Span
    ) -> list[LlmResult[M] | LlmFailure]:
        """Run the batch, then settle each request: its batch reply, or a call of its own."""
        outcomes: dict[str, MessageBatchResult] = {}
        try:
            outcomes = await self._run_batch(requests)
        except LlmAuthError as err:
            failures: list[LlmResult[M] | LlmFailure] = [_failure_from(r, err) for r in requests]
            return failures
        except LlmError as err:
            log.warning("llm batch failed, one call per request instead", reason=str(err))
            span.add_event(
                "batch failed; falling back to one call per request", {"reason": str(err)[:500]}
            )
            span.set_attribute("jobintel.llm.batch.fallback", True)
        gate = asyncio.Semaphore(self._fallback_concurrency)
        done = await asyncio.gather(
            *(self._one_of_batch(r, outcomes.get(r.key), gate) for r in requests)
        )
        total = sum((d.usage for d in done), LlmUsage())
        costs = [d.cost_usd for d in done]
        cost = None if any(c is None for c in costs) else sum(c for c in costs if c)
        record_usage(span, total, cost_usd=cost)
        span.set_attribute(
            "jobintel.llm.batch.failed", sum(isinstance(d, LlmFailure) for d in done)
        )
        return list(done)

    async def _one_of_batch(
        self,
        request: LlmRequest[M],
        outcome: MessageBatchResult | None,
        gate: asyncio.Semaphore,
    ) -> LlmResult[M] | LlmFailure:
        first: Message | None = None
        if outcome is not None and outcome.type == "succeeded":
            first = outcome.message
        elif outcome is not None and outcome.type == "errored":
            error = outcome.error.error
            if error.type in (
                "invalid_request_error",
                "authentication_error",
                "permission_error",
                "not_found_error",
            ):
                return LlmFailure(
                    key=request.key,
                    purpose=request.purpose,
                    reason=(
                        f"Claude refused the batched request for {request.purpose} "
                        f"({error.type}: {error.message})."
                    ),
                    transient=False,
                )
        # Missing, expired, canceled or failed on Anthropic's side: one call of its own.
        async with gate:
            try:
                return await self._traced(request, first=first)
            except LlmError as err:
                return _failure_from(request, err)

    async def _run_batch(
        self, requests: Sequence[LlmRequest[Any]]
    ) -> dict[str, MessageBatchResult]:
        items = [
            {"custom_id": r.key, "params": message_params(r, model=self._model)} for r in requests
        ]
        purpose = "a batch"
        try:
            batch = await self._client.messages.batches.create(requests=cast(Any, items))
            batch = await self._wait(batch)
            results: dict[str, MessageBatchResult] = {}
            async for item in await self._client.messages.batches.results(batch.id):
                results[item.custom_id] = item.result
        except anthropic.AnthropicError as err:
            raise map_error(err, purpose) from err
        return results

    async def _wait(self, batch: MessageBatch) -> MessageBatch:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._polling.timeout
        delay = self._polling.first_delay
        while batch.processing_status != "ended":
            if loop.time() + delay > deadline:
                await self._cancel(batch.id)
                raise LlmUnavailableError(
                    f"Claude batch {batch.id} did not finish within {self._polling.timeout:.0f}s"
                )
            await asyncio.sleep(delay)
            delay = min(delay * self._polling.factor, self._polling.max_delay)
            batch = await self._client.messages.batches.retrieve(batch.id)
        return batch

    async def _cancel(self, batch_id: str) -> None:
        try:
            await self._client.messages.batches.cancel(batch_id)
        except anthropic.AnthropicError as err:
            log.warning("llm batch cancel failed", batch_id=batch_id, reason=str(err))


def llm_from_settings(
    settings: Settings,
    *,
    max_retries: int = 3,
    timeout_seconds: float = 300.0,  # thinking models can take minutes
    tracer_provider: TracerProvider | None = None,
    batch_polling: BatchPolling | None = None,
) -> LLM | None:
    """Claude when an API key is configured, else None: every caller has an offline path."""
    if settings.anthropic_api_key is None or not settings.anthropic_api_key.get_secret_value():
        return None
    client = anthropic.AsyncAnthropic(
        api_key=settings.anthropic_api_key.get_secret_value(),
        base_url=settings.anthropic_base_url,
        max_retries=max_retries,
        timeout=timeout_seconds,
        open_telemetry={"tracer_provider": tracer_provider} if tracer_provider else None,
    )
    return ClaudeLLM(
        client,
        model=settings.anthropic_model,
        tracer_provider=tracer_provider,
        batch_polling=batch_polling,
    )
