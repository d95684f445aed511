"""Structured logs carrying the job id and trace id of whatever is being handled."""

from __future__ import annotations

import logging
import sys
from typing import Any

import structlog
from opentelemetry import trace

bind_job = structlog.contextvars.bind_contextvars
clear_job = structlog.contextvars.clear_contextvars


def _add_trace_id(_: Any, __: str, event: dict[str, Any]) -> dict[str, Any]:
    ctx = trace.get_current_span().get_span_context()
    if ctx.is_valid:
        event["trace_id"] = format(ctx.trace_id, "032x")
    return event


def configure_logging(service: str, level: str = "INFO", json: bool = False) -> None:
    processors: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _add_trace_id,
        structlog.processors.format_exc_info,
    ]
    renderer: Any = (
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[*processors, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=structlog.PrintLoggerFactory(sys.stderr),
        cache_logger_on_first_use=True,
    )
    structlog.contextvars.bind_contextvars(service=service)
    logging.basicConfig(level=level.upper(), stream=sys.stderr, format=f"%(asctime)s {service} %(levelname)s %(name)s: %(message)s")


def get_logger(name: str) -> Any:
    return structlog.get_logger(name)
