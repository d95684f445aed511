"""LLM failures, sorted into the runtime's two kinds so the delivery policy knows what to do.

Catch `LlmError` to fall back to the offline algorithm on any LLM failure; let it propagate to
have the message retried (`LlmUnavailableError`) or failed with its reason (the others).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import PermanentError, PipelineError, TransientError

if TYPE_CHECKING:
    from .port import LlmUsage


class LlmError(PipelineError):
    """Any failure to get a valid reply from the model; `str(err)` says what to do.

    `usage` and `cost_usd` hold what was spent before it failed (e.g. on invalid replies).
    """

    usage: LlmUsage | None = None
    cost_usd: float | None = None


class LlmUnavailableError(LlmError, TransientError):
    """Overloaded, rate limited, timed out, 5xx: trying again later may work."""


class LlmRequestError(LlmError, PermanentError):
    """Refused for good: a bad key, an unknown model, a request the API will never accept."""


class LlmAuthError(LlmRequestError):
    """The API key was refused: nothing will work until the configuration changes."""


class LlmOutputError(LlmError, PermanentError):
    """The model's reply did not match the schema, even after being told what was wrong."""
