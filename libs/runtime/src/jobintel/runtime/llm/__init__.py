"""The LLM port and its Anthropic adapter.

A local fake of the API for tests lives in the dev-only `jobintel.testkit.anthropic`.

`llm_from_settings(settings)` gives an `LLM`, or None without a key (use the offline path then);
`await llm.structured(prompt=..., schema=Model, purpose=..., system=..., cache_prefix=cv)` gives
an `LlmResult` with `.value`, `.usage` and `.cost_usd`, or raises an `LlmError`.
"""

from .claude import BatchPolling, ClaudeLLM, llm_from_settings
from .errors import LlmAuthError, LlmError, LlmOutputError, LlmRequestError, LlmUnavailableError
from .port import LLM, Effort, LlmFailure, LlmRequest, LlmResult, LlmUsage
from .pricing import BATCH_DISCOUNT, PRICES, ModelPrice, estimate_cost, price_for

__all__ = [
    "BATCH_DISCOUNT",
    "LLM",
    "PRICES",
    "BatchPolling",
    "ClaudeLLM",
    "Effort",
    "LlmAuthError",
    "LlmError",
    "LlmFailure",
    "LlmOutputError",
    "LlmRequest",
    "LlmRequestError",
    "LlmResult",
    "LlmUnavailableError",
    "LlmUsage",
    "ModelPrice",
    "estimate_cost",
    "llm_from_settings",
    "price_for",
]
