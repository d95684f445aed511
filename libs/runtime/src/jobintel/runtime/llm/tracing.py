"""OpenTelemetry spans for LLM calls, with the GenAI semantic-convention attributes.

`gen_ai.usage.input_tokens` counts every input token, cached ones included (as the conventions
ask); the cache share is in `gen_ai.usage.cache_read.input_tokens` and
`gen_ai.usage.cache_creation.input_tokens`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from opentelemetry import trace
from opentelemetry.trace import Span, SpanKind, Status, StatusCode, Tracer, TracerProvider

from .port import LlmUsage

SYSTEM = "anthropic"


def tracer(provider: TracerProvider | None) -> Tracer:
    return trace.get_tracer("jobintel.runtime.llm", tracer_provider=provider)


@contextmanager
def llm_span(
    t: Tracer, *, operation: str, model: str, purpose: str, max_tokens: int | None = None
) -> Iterator[Span]:
    """One span per call; an exception marks it failed with the error's type."""
    with t.start_as_current_span(
        f"{operation} {model}", kind=SpanKind.CLIENT, record_exception=False
    ) as span:
        span.set_attribute("gen_ai.operation.name", operation)
        span.set_attribute("gen_ai.system", SYSTEM)
        span.set_attribute("gen_ai.provider.name", SYSTEM)
        span.set_attribute("gen_ai.request.model", model)
        span.set_attribute("jobintel.llm.purpose", purpose)
        if max_tokens is not None:
            span.set_attribute("gen_ai.request.max_tokens", max_tokens)
        try:
            yield span
        except BaseException as exc:
            span.record_exception(exc)
            span.set_attribute("error.type", type(exc).__name__)
            span.set_status(Status(StatusCode.ERROR, str(exc)[:500]))
            raise


def record_usage(span: Span, usage: LlmUsage, *, cost_usd: float | None) -> None:
    total_in = (
        usage.input_tokens + usage.cache_read_input_tokens + usage.cache_creation_input_tokens
    )
    span.set_attribute("gen_ai.usage.input_tokens", total_in)
    span.set_attribute("gen_ai.usage.output_tokens", usage.output_tokens)
    span.set_attribute("gen_ai.usage.cache_read.input_tokens", usage.cache_read_input_tokens)
    span.set_attribute(
        "gen_ai.usage.cache_creation.input_tokens", usage.cache_creation_input_tokens
    )
    if cost_usd is not None:
        span.set_attribute("jobintel.llm.cost_usd", cost_usd)
