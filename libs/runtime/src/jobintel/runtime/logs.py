"""Structured logs carrying the service, job id and trace id of whatever is being handled.

The delivery policy binds them when a message arrives and resets them when it is settled, so
one message's job id never shows up in the next message's logs.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping
from contextvars import Token
from typing import Any

import structlog
from opentelemetry import trace

MESSAGE_KEYS = ("job_id", "trace_id", "subject")

bind_job = structlog.contextvars.bind_contextvars


def clear_job() -> None:
    """Forget the current message's job id and trace id (the service name stays)."""
    structlog.contextvars.unbind_contextvars(*MESSAGE_KEYS)


def bind_message(**values: Any) -> Mapping[str, Token[Any]]:
    """Bind values for the current message; `None` hides a value left by an outer scope."""
    return structlog.contextvars.bind_contextvars(**values)


def reset_message(tokens: Mapping[str, Token[Any]]) -> None:
    """Undo `bind_message`: the values bound before it are back."""
    if tokens:
        structlog.contextvars.reset_contextvars(**tokens)


def _add_trace_id(_: Any, __: str, event: dict[str, Any]) -> dict[str, Any]:
    ctx = trace.get_current_span().get_span_context()
    if ctx.is_valid:
        event["trace_id"] = format(ctx.trace_id, "032x")
    return event


def _drop_unset(_: Any, __: str, event: dict[str, Any]) -> dict[str, Any]:
    for key in MESSAGE_KEYS:
        if key in event and event[key] is None:
            del event[key]
    return event


class _CurrentStderr:
    """Writes to whatever `sys.stderr` is now, not the one seen at configuration.

    Loggers are cached on first use; bound to a stream that is later replaced and closed
    (a test runner's capture, a daemon's redirect), a log line would raise inside the handler
    and fail the work it was reporting on.
    """

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


def configure_logging(service: str, level: str = "INFO", json: bool = False) -> None:
    processors: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _add_trace_id,
        _drop_unset,
        structlog.processors.format_exc_info,
    ]
    renderer: Any = (
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[*processors, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=structlog.PrintLoggerFactory(_CurrentStderr()),  # type: ignore[arg-type]
        # not cached: a later configure (tests, the CLI) applies to loggers already in use
        cache_logger_on_first_use=False,
    )
    structlog.contextvars.bind_contextvars(service=service)
    logging.basicConfig(
        level=level.upper(),
        stream=sys.stderr,
        format=f"%(asctime)s {service} %(levelname)s %(name)s: %(message)s",
    )


def get_logger(name: str) -> Any:
    return structlog.get_logger(name)
